import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { JobName, JobPayloads, QueueName } from '@equip/shared/contracts';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { cityDay, cityInstant } from './city-day';
import { digestsJobId } from './jobs/job-ids';
import { EVERYONE, NotificationRepository, StaffSlice, staffSlices, SweepWindow } from './notification.repository';

/** The daily digests, in the order a sweep records and queues them. */
export const DIGEST_KINDS = ['learner', 'escalation'] as const;
export type DigestKind = (typeof DIGEST_KINDS)[number];

export interface SweepResult {
  day: string;
  /** Ledger rows this run added, by kind (a rerun the same day adds none). */
  recorded: Record<string, number>;
  /** Digests handed to the queue, one per recipient and kind (new rows and rows a crashed run left unsent). */
  digests: number;
  /** SendDigests jobs carrying them. */
  jobs: number;
}

/** BullMQ's addBulk in batches of this many jobs: one round trip per batch, never one per job. */
export const DIGEST_BATCH = 1000;

/**
 * Recipients per SendDigests job. A job and its connection, locks and reads cost about as much as
 * a digest's own SMTP exchange, so each is shared by this many digests; small enough that a retry
 * of a chunk (it re-reads and skips what it recorded) stays cheap and a chunk finishes in seconds.
 */
export const DIGEST_CHUNK = 50;

/**
 * Ledger rows per SendDigests job, at most (a recipient with more has a job of their own): a lead's
 * escalation digest can carry hundreds of rows, and a chunk holds all of its rows in memory at once.
 */
export const DIGEST_CHUNK_ROWS = 500;

/**
 * Learners' reminder rows per slice of a sweep, about: a city with more open dated work within the
 * horizon records its learners slice by slice (`staffSlices`), each slice committed and its digests
 * queued before the next is looked for. At 100,000 staff the one statement wrote 70,000 rows (and
 * checked their three foreign keys) for 4–6 s before the first digest could go out.
 */
export const LEARNER_SLICE_ROWS = 20_000;

/** At most this many slices, however big the city (each slice is a statement of its own, reading its people's assignments). */
export const MAX_LEARNER_SLICES = 16;

/** Recipients in order, cut into chunks of at most DIGEST_CHUNK recipients and DIGEST_CHUNK_ROWS rows (one recipient always fits). */
export function digestChunks(recipients: { recipientId: string; rows: number }[]): string[][] {
  const chunks: string[][] = [];
  let chunk: string[] = [];
  let rows = 0;
  for (const r of recipients) {
    if (chunk.length > 0 && (chunk.length === DIGEST_CHUNK || rows + r.rows > DIGEST_CHUNK_ROWS)) {
      chunks.push(chunk);
      chunk = [];
      rows = 0;
    }
    chunk.push(r.recipientId);
    rows += r.rows;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/**
 * The daily sweep, kind by kind (the learners' reminders, then the leads' escalations); a big city's
 * learners slice by slice of their staff ids. Step 1 records the day's rows of the kind (and slice)
 * in the ledger, one set-based statement, in a transaction of its own; step 2 queues the digests of
 * every recipient (of the slice) with anything of that kind not yet delivered, in SendDigests jobs
 * of up to DIGEST_CHUNK recipients. A recipient is in one slice, so their digest holds all their
 * rows of the day. Each step is safe to repeat: a sweep killed between (or during) the steps and
 * run again records nothing twice and queues the digests it did not get to; two sweeps at once
 * queue the same job ids, and the delivery record stops a second mail in any case.
 */
@Injectable()
export class ReminderSweepService {
  private readonly logger = new Logger(ReminderSweepService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QueueName.Reminders) private readonly queue: Queue,
    private readonly repository: NotificationRepository,
  ) {}

  /** Learners' reminder rows per slice (LEARNER_SLICE_ROWS; a test makes it small to slice a small city). */
  sliceRows = LEARNER_SLICE_ROWS;

  /** Today in the city. */
  today(now = new Date()): string {
    return cityDay(now, this.config.cityTimeZone);
  }

  window(day: string): SweepWindow {
    const r = this.config.reminders;
    return {
      day,
      asOf: cityInstant(day, r.time, this.config.cityTimeZone),
      timeZone: this.config.cityTimeZone,
      daysBefore: r.daysBefore,
      overdueRepeatDays: r.overdueRepeatDays,
      escalateAfterDays: r.escalateAfterDays,
    };
  }

  /**
   * Kind by kind, each recorded and then queued: the learners' digests start going out while the
   * leads' escalations are still being found (3.9 and 3.3 s of a 100,000-staff city's sweep; the
   * escalations no longer hold the learners' mails back), and a big city's learners slice by slice,
   * so the first digests go out after the first slice. Each kind and slice is its own transaction: a
   * sweep stopped between them and run again records nothing twice.
   */
  async sweep(day = this.today()): Promise<SweepResult> {
    const recorded: Record<string, number> = {};
    let digests = 0;
    let jobs = 0;
    const candidates = await this.repository.learnerCandidates(this.dataSource.manager, this.window(day));
    const learnerSlices = staffSlices(Math.min(MAX_LEARNER_SLICES, Math.max(1, Math.ceil(candidates / this.sliceRows))));
    for (const kind of DIGEST_KINDS) {
      for (const slice of kind === 'learner' ? learnerSlices : [EVERYONE]) {
        for (const [k, n] of Object.entries(await this.record(day, [kind], slice))) recorded[k] = (recorded[k] ?? 0) + n;
        const queued = await this.enqueuePending(day, [kind], slice);
        digests += queued.digests;
        jobs += queued.jobs;
      }
    }
    this.logger.log(`Reminder sweep for ${day}: recorded ${JSON.stringify(recorded)}, queued ${digests} digests in ${jobs} jobs`);
    return { day, recorded, digests, jobs };
  }

  /** Step 1: the ledger rows of the day, of the kinds given (both by default; learners of the slice given), in one transaction. */
  async record(day: string, kinds: readonly DigestKind[] = DIGEST_KINDS, learners: StaffSlice = EVERYONE): Promise<Record<string, number>> {
    const window = this.window(day);
    return this.dataSource.transaction(async (manager) => {
      const recorded: Record<string, number> = {};
      if (kinds.includes('learner')) Object.assign(recorded, { due_soon: 0, due_today: 0, overdue: 0 }, await this.repository.insertLearnerReminders(manager, window, learners));
      if (kinds.includes('escalation')) recorded.escalation = await this.repository.insertEscalations(manager, window);
      return recorded;
    });
  }

  /** Step 2: the digests of everyone (in the slice) with undelivered rows up to `day` (of the kinds given), in chunks of one kind (`digestChunks`), a job each. */
  async enqueuePending(day: string, kinds: readonly DigestKind[] = DIGEST_KINDS, recipients: StaffSlice = EVERYONE): Promise<{ digests: number; jobs: number }> {
    const pending = (await this.repository.pendingDigests(this.dataSource.manager, day, recipients)).filter((p) => kinds.includes(p.kind));
    // Read each time: the database may have been recreated under a running worker.
    const instance = await this.repository.databaseInstance(this.dataSource.manager);
    const jobs: { name: JobName.SendDigests; data: JobPayloads[JobName.SendDigests]; opts: { jobId: string } }[] = [];
    for (const kind of kinds) {
      for (const recipientIds of digestChunks(pending.filter((p) => p.kind === kind))) {
        jobs.push({ name: JobName.SendDigests, data: { day, kind, recipientIds }, opts: { jobId: digestsJobId(kind, day, instance, recipientIds) } });
      }
    }
    for (let i = 0; i < jobs.length; i += DIGEST_BATCH) await this.queue.addBulk(jobs.slice(i, i + DIGEST_BATCH));
    return { digests: pending.length, jobs: jobs.length };
  }
}
