import { WorkerHost } from '@nestjs/bullmq';
import { JOB_QUEUE, JobName, JobPayloads } from '@equip/shared/contracts';
import { UnrecoverableError, type Job } from 'bullmq';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import 'reflect-metadata';

/**
 * How a processor registers the jobs it handles, and how each job's payload is checked when the
 * job starts. A processor is a `JobProcessor` (a BullMQ `WorkerHost`) with two decorators:
 *
 *   @Processor(QueueName.Invitations)
 *   @HandlesJobs({ [JobName.SendInvitation]: payloadOf(SendInvitationPayload) })
 *   export class SendInvitationProcessor extends JobProcessor {
 *     protected handle(job: ValidJob) { ... switch (job.name) ... }
 *   }
 *
 * The worker refuses to start unless every job of `JOB_QUEUE` has exactly one handler, on the queue
 * the job is added to (`checkJobHandlers`), and each queue has one processor.
 */

/** Checks one job's payload: returns it typed, or throws an Error naming what is wrong. */
export type PayloadCheck<N extends JobName> = (data: unknown) => JobPayloads[N];

export type JobPayloadChecks = { [N in JobName]?: PayloadCheck<N> };

/** A job whose name and payload were checked: switch on `name` and `data` has that job's type. */
export type ValidJob<N extends JobName = JobName> = { [K in N]: { name: K; data: JobPayloads[K]; job: Job } }[N];

const HANDLES_JOBS = 'equip:handlesJobs';
/** `@Processor(name)` from @nestjs/bullmq stores `{ name }` under this key (checked by a unit test). */
export const BULLMQ_PROCESSOR_METADATA = 'bullmq:processor_metadata';

/** Declares the jobs a processor handles, each with the check its payload must pass. */
export function HandlesJobs(checks: JobPayloadChecks): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(HANDLES_JOBS, checks, target);
  };
}

export function jobsHandledBy(target: object): JobPayloadChecks | undefined {
  return Reflect.getMetadata(HANDLES_JOBS, target) as JobPayloadChecks | undefined;
}

export function processorQueueOf(target: object): string | undefined {
  const options = Reflect.getMetadata(BULLMQ_PROCESSOR_METADATA, target) as { name?: string } | undefined;
  return options?.name;
}

/** Thrown for a payload that fails its check: BullMQ fails the job at once (no retries), and it stays visible. */
export class InvalidJobPayloadError extends UnrecoverableError {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidJobPayloadError';
  }
}

function messagesOf(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((e) => {
    const field = path ? `${path}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => (m.startsWith(e.property) && path ? `${path}.${m}` : m));
    return [...own, ...messagesOf(e.children ?? [], field)];
  });
}

/**
 * A payload check from a class-validator class (a small DTO that `implements` the payload type):
 * an object with exactly the declared fields, each valid.
 */
export function payloadOf<N extends JobName>(cls: new () => JobPayloads[N]): PayloadCheck<N> {
  return (data: unknown) => {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('the payload must be an object');
    const instance = plainToInstance(cls, data) as object;
    const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
    if (errors.length > 0) throw new Error(messagesOf(errors).join('; '));
    return instance as JobPayloads[N];
  };
}

/**
 * Base class of every processor: checks the job's name and payload before any work, then calls
 * `handle` with the typed payload. A job it does not declare, or a bad payload, fails at once.
 */
export abstract class JobProcessor extends WorkerHost {
  async process(job: Job): Promise<unknown> {
    return this.handle(validJob(this.constructor, job));
  }

  protected abstract handle(job: ValidJob): Promise<unknown>;
}

/** The job with its payload checked against what `processor` declared; throws InvalidJobPayloadError otherwise. */
export function validJob(processor: object, job: Job): ValidJob {
  const checks = jobsHandledBy(processor) ?? {};
  const name = job.name as JobName;
  const check = checks[name] as PayloadCheck<JobName> | undefined;
  const processorName = (processor as { name?: string }).name ?? 'processor';
  if (!check) throw new InvalidJobPayloadError(`${processorName} does not handle job ${job.name} (queue ${job.queueName})`);
  try {
    return { name, data: check(job.data), job } as ValidJob;
  } catch (error) {
    throw new InvalidJobPayloadError(`Invalid payload for job ${job.name} (id ${job.id}): ${(error as Error).message}`);
  }
}

export interface ProcessorDeclaration {
  /** The processor class name, for messages. */
  name: string;
  /** Its `@Processor` queue. */
  queue: string | undefined;
  /** The jobs it declares with `@HandlesJobs`; undefined when it declares none. */
  jobs: string[] | undefined;
}

export interface JobHandlerReport {
  /** Anything that stops the worker. */
  errors: string[];
  /** Jobs without a handler that are allowed to be missing for now. */
  pending: string[];
}

/**
 * Every job of `JOB_QUEUE` must have exactly one handler, on the queue the job is added to, and a
 * queue must have one processor (two would each take any job of the queue). `pending` names jobs
 * whose handler may be missing for now: reported, not fatal.
 */
export function checkJobHandlers(
  processors: ProcessorDeclaration[],
  pending: ReadonlySet<string> = new Set(),
  jobQueue: Record<string, string> = JOB_QUEUE,
): JobHandlerReport {
  const errors: string[] = [];
  const missing: string[] = [];
  const byQueue = new Map<string, string[]>();
  for (const p of processors) {
    if (!p.queue) errors.push(`${p.name} has no @Processor queue`);
    else byQueue.set(p.queue, [...(byQueue.get(p.queue) ?? []), p.name]);
    if (!p.jobs || p.jobs.length === 0) errors.push(`${p.name} declares no jobs: add @HandlesJobs({...}) to it`);
    for (const job of p.jobs ?? []) if (!(job in jobQueue)) errors.push(`${p.name} declares job ${job}, which JOB_QUEUE does not know`);
  }
  for (const [queue, names] of byQueue) {
    if (names.length > 1) errors.push(`queue ${queue} has ${names.length} processors (${names.join(', ')}): make one processor dispatch its jobs by name`);
  }
  for (const [job, queue] of Object.entries(jobQueue)) {
    const handlers = processors.filter((p) => p.jobs?.includes(job));
    if (handlers.length === 0) {
      if (pending.has(job)) missing.push(job);
      else errors.push(`job ${job} (queue ${queue}) has no handler`);
    } else if (handlers.length > 1) {
      errors.push(`job ${job} has ${handlers.length} handlers: ${handlers.map((h) => h.name).join(', ')}`);
    } else if (handlers[0].queue !== queue) {
      errors.push(`job ${job} is added to queue ${queue} but ${handlers[0].name} handles it on queue ${handlers[0].queue}`);
    }
  }
  return { errors, pending: missing };
}

/** What a processor class declares, read from its decorators. */
export function declarationOf(target: { name: string }): ProcessorDeclaration {
  const checks = jobsHandledBy(target);
  return { name: target.name, queue: processorQueueOf(target), jobs: checks && Object.keys(checks) };
}

/** The check for jobs that carry no data (`Record<string, never>`): an object with no fields. */
export function noPayload<N extends JobName>(): PayloadCheck<N> {
  return (data: unknown) => {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('the payload must be an object');
    const keys = Object.keys(data);
    if (keys.length > 0) throw new Error(`this job takes no data (got ${keys.join(', ')})`);
    return {} as JobPayloads[N];
  };
}
