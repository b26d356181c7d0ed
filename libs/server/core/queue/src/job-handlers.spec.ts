import { Processor } from '@nestjs/bullmq';
import { JOB_QUEUE, JobName, JobPayloads, QueueName } from '@equip/shared/contracts';
import { UnrecoverableError, type Job } from 'bullmq';
import { IsInt, Min } from 'class-validator';
import {
  checkJobHandlers,
  declarationOf,
  HandlesJobs,
  InvalidJobPayloadError,
  JobProcessor,
  noPayload,
  payloadOf,
  ProcessorDeclaration,
  ValidJob,
} from './job-handlers';
import { producerConnectionOptions, redisConnectionOptions } from './redis.service';

type Purge = JobPayloads[JobName.PurgeExpiredSessions];
class PurgePayload implements Purge {
  @IsInt()
  @Min(0)
  olderThanDays!: number;
}

@Processor(QueueName.Maintenance)
@HandlesJobs({ [JobName.PurgeExpiredSessions]: payloadOf(PurgePayload), [JobName.RefreshDateRuleCohorts]: noPayload() })
class Maintenance extends JobProcessor {
  readonly handled: ValidJob[] = [];
  protected async handle(job: ValidJob): Promise<unknown> {
    this.handled.push(job);
    return job.name === JobName.PurgeExpiredSessions ? job.data.olderThanDays : 'refreshed';
  }
}

const job = (name: string, data: unknown) => ({ name, data, id: '7', queueName: QueueName.Maintenance }) as unknown as Job;

/** Every job with its queue's one processor: what a complete worker declares. */
function complete(): ProcessorDeclaration[] {
  const byQueue = new Map<string, string[]>();
  for (const [name, queue] of Object.entries(JOB_QUEUE)) byQueue.set(queue, [...(byQueue.get(queue) ?? []), name]);
  return [...byQueue].map(([queue, jobs]) => ({ name: `${queue}-processor`, queue, jobs }));
}

describe('job handlers', () => {
  it('reads what a processor declares from @Processor and @HandlesJobs', () => {
    expect(declarationOf(Maintenance)).toEqual({
      name: 'Maintenance',
      queue: QueueName.Maintenance,
      jobs: [JobName.PurgeExpiredSessions, JobName.RefreshDateRuleCohorts],
    });
  });

  it('accepts a worker where every job has exactly one handler on its queue', () => {
    expect(checkJobHandlers(complete())).toEqual({ errors: [], pending: [] });
  });

  it('names a missing job, unless it is pending', () => {
    const without = complete().map((p) => ({ ...p, jobs: p.jobs?.filter((j) => j !== JobName.SendInvitation) }));
    expect(checkJobHandlers(without).errors).toEqual(['invitations-processor declares no jobs: add @HandlesJobs({...}) to it', 'job send-invitation (queue invitations) has no handler']);
    const pending = complete().filter((p) => p.queue !== QueueName.Invitations);
    expect(checkJobHandlers(pending, new Set([JobName.SendInvitation]))).toEqual({ errors: [], pending: [JobName.SendInvitation] });
  });

  it('names a job with two handlers, a job handled on the wrong queue, and a queue with two processors', () => {
    const twice = [...complete(), { name: 'Stray', queue: QueueName.Email, jobs: [JobName.SendInvitation] }];
    const { errors } = checkJobHandlers(twice);
    expect(errors).toContain('queue email has 2 processors (email-processor, Stray): make one processor dispatch its jobs by name');
    expect(errors).toContain('job send-invitation has 2 handlers: invitations-processor, Stray');
    const moved = complete().map((p) =>
      p.queue === QueueName.Invitations ? { ...p, jobs: [] } : p.queue === QueueName.Email ? { ...p, jobs: [...(p.jobs ?? []), JobName.SendInvitation] } : p,
    );
    expect(checkJobHandlers(moved).errors).toContain('job send-invitation is added to queue invitations but email-processor handles it on queue email');
  });

  it('checks the payload before the handler runs, and fails a bad one for good with a clear message', async () => {
    const processor = new Maintenance();
    expect(await processor.process(job(JobName.PurgeExpiredSessions, { olderThanDays: 30 }))).toBe(30);
    expect(await processor.process(job(JobName.RefreshDateRuleCohorts, {}))).toBe('refreshed');

    const bad = processor.process(job(JobName.PurgeExpiredSessions, { olderThanDays: -1 }));
    await expect(bad).rejects.toThrow('Invalid payload for job purge-expired-sessions (id 7): olderThanDays must not be less than 0');
    await expect(bad).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(processor.process(job(JobName.PurgeExpiredSessions, { olderThanDays: 1, extra: true }))).rejects.toThrow(/property extra should not exist/);
    await expect(processor.process(job(JobName.PurgeExpiredSessions, null))).rejects.toThrow(/must be an object/);
    await expect(processor.process(job(JobName.RefreshDateRuleCohorts, { day: 1 }))).rejects.toThrow(/takes no data \(got day\)/);
    await expect(processor.process(job(JobName.SendMail, {}))).rejects.toThrow(InvalidJobPayloadError);
    await expect(processor.process(job(JobName.SendMail, {}))).rejects.toThrow('Maintenance does not handle job send-mail (queue maintenance)');
    expect(processor.handled).toHaveLength(2);
  });

  it('gives workers the connection BullMQ asks for, and producers one that fails fast', () => {
    expect(redisConnectionOptions('redis://x:6379')).toMatchObject({ url: 'redis://x:6379', maxRetriesPerRequest: null });
    expect(producerConnectionOptions('redis://x:6379')).toMatchObject({ enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  });
});
