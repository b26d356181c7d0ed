import { Processor } from '@nestjs/bullmq';
import { HandlesJobs, JobProcessor, type ValidJob } from '@equip/server/queue';
import { JobName, QueueName } from '@equip/shared/contracts';
import type { Job } from 'bullmq';
import { DigestResult, DigestService, DigestsResult } from '../digest.service';
import { NudgeResult, NudgeService } from '../nudge.service';
import { ReminderSweepService, SweepResult } from '../reminder-sweep.service';
import { digestPayload, digestsPayload, nudgePayload, sweepPayload } from './payloads';

/** Jobs at once per worker process: a sweep, nudges, and SendDigests chunks (of which DIGEST_CHUNKS_AT_ONCE send at a time). */
export const REMINDER_CONCURRENCY = 8;

/** When a job was meant to run: a scheduler's occurrence (`prevMillis`), else when it was added. */
export function scheduledAt(job: Pick<Job, 'opts' | 'timestamp'>): Date {
  const planned = (job.opts as { prevMillis?: number }).prevMillis ?? job.timestamp + (job.opts.delay ?? 0);
  return Number.isFinite(planned) && planned > 0 ? new Date(planned) : new Date();
}

/**
 * The reminders queue: the daily sweep, digests and nudges. Registered only by the worker; each
 * payload is checked when its job starts (a malformed one fails at once, without retries).
 */
@Processor(QueueName.Reminders, { concurrency: REMINDER_CONCURRENCY })
@HandlesJobs({ [JobName.ReminderSweep]: sweepPayload, [JobName.SendDigests]: digestsPayload, [JobName.SendDigest]: digestPayload, [JobName.SendNudge]: nudgePayload })
export class RemindersProcessor extends JobProcessor {
  constructor(
    private readonly sweeps: ReminderSweepService,
    private readonly digests: DigestService,
    private readonly nudges: NudgeService,
  ) {
    super();
  }

  protected async handle(job: ValidJob): Promise<SweepResult | DigestsResult | DigestResult | NudgeResult> {
    switch (job.name) {
      case JobName.ReminderSweep:
        // The day of the scheduled occurrence, so a sweep that starts late (after midnight) is still that day's.
        return this.sweeps.sweep(job.data.day ?? this.sweeps.today(scheduledAt(job.job)));
      case JobName.SendDigests:
        return this.digests.sendMany(job.data);
      case JobName.SendDigest:
        return this.digests.send(job.data);
      case JobName.SendNudge:
        return this.nudges.record(job.data);
      default:
        throw new Error(`RemindersProcessor does not handle ${job.name}`);
    }
  }
}
