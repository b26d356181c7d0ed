import { Processor, WorkerHost } from '@nestjs/bullmq';
import { JobName, QueueName } from '@equip/shared/contracts';
import { type Job, UnrecoverableError } from 'bullmq';
import { DigestResult, DigestService } from '../digest.service';
import { NudgeResult, NudgeService } from '../nudge.service';
import { ReminderSweepService, SweepResult } from '../reminder-sweep.service';
import { digestPayload, InvalidPayloadError, nudgePayload, sweepPayload } from './payloads';

/** Digests wait on SMTP, not on the CPU: several at once per worker process. */
export const REMINDER_CONCURRENCY = 8;

/** When a job was meant to run: a scheduler's occurrence (`prevMillis`), else when it was added. */
export function scheduledAt(job: Pick<Job, 'opts' | 'timestamp'>): Date {
  const planned = (job.opts as { prevMillis?: number }).prevMillis ?? job.timestamp + (job.opts.delay ?? 0);
  return Number.isFinite(planned) && planned > 0 ? new Date(planned) : new Date();
}

/** The reminders queue: the daily sweep, digests and nudges. Registered only by the worker. */
@Processor(QueueName.Reminders, { concurrency: REMINDER_CONCURRENCY })
export class RemindersProcessor extends WorkerHost {
  constructor(
    private readonly sweeps: ReminderSweepService,
    private readonly digests: DigestService,
    private readonly nudges: NudgeService,
  ) {
    super();
  }

  async process(job: Job): Promise<SweepResult | DigestResult | NudgeResult> {
    try {
      switch (job.name as JobName) {
        case JobName.ReminderSweep: {
          const { day } = sweepPayload(job.data);
          // The day of the scheduled occurrence, so a sweep that starts late (after midnight) is still that day's.
          return await this.sweeps.sweep(day ?? this.sweeps.today(scheduledAt(job)));
        }
        case JobName.SendDigest:
          return await this.digests.send(digestPayload(job.data));
        case JobName.SendNudge:
          return await this.nudges.record(nudgePayload(job.data));
        default:
          throw new UnrecoverableError(`No handler for job ${job.name} on ${QueueName.Reminders}`);
      }
    } catch (error) {
      // A malformed payload will not get better by retrying.
      if (error instanceof InvalidPayloadError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}
