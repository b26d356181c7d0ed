import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { markOutboxDone } from '@equip/server/database';
import { JobName, JobPayloads, QueueName } from '@equip/shared/contracts';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { cityDay } from './city-day';
import { digestJobId } from './jobs/job-ids';
import { NotificationRepository } from './notification.repository';

/** How long a nudge mail waits for more nudges to the same person, so one click on many assignments is one mail. */
export const NUDGE_MAIL_DELAY = Symbol('NUDGE_MAIL_DELAY');
export const DEFAULT_NUDGE_MAIL_DELAY_MS = 30_000;

export interface NudgeResult {
  /** The ledger row, or null when the nudge no longer exists (its assignment was withdrawn). */
  notificationId: string | null;
  /** A nudge mail job was queued (it may carry other nudges to the same person too). */
  queued: boolean;
}

/**
 * A lead's nudge (outbox `assignment.nudged`, relayed as SendNudge): recorded in the ledger (so
 * it shows in-app), then mailed by a SendDigest of kind `nudge` after NUDGE_MAIL_DELAY, which
 * carries every nudge the person has pending. The outbox row is marked done in the transaction
 * that records the mail (DigestService), so if Redis loses the delayed job the relay sends the
 * nudge again and the same ledger row is queued again.
 */
@Injectable()
export class NudgeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QueueName.Reminders) private readonly queue: Queue,
    private readonly repository: NotificationRepository,
    @Optional() @Inject(NUDGE_MAIL_DELAY) private readonly delayMs: number = DEFAULT_NUDGE_MAIL_DELAY_MS,
  ) {}

  async record(payload: JobPayloads[JobName.SendNudge], now = new Date()): Promise<NudgeResult> {
    const day = cityDay(now, this.config.cityTimeZone);
    const row = await this.dataSource.transaction(async (manager) => {
      const recorded = await this.repository.recordNudge(manager, payload, day);
      // Nothing left to send (the nudge is gone, or a retry after its mail went out): the event is done.
      if (!recorded || recorded.delivery !== 'pending') await markOutboxDone(manager, payload.outboxId);
      return recorded;
    });
    if (!row || row.delivery !== 'pending') return { notificationId: row?.id ?? null, queued: false };
    const data: JobPayloads[JobName.SendDigest] = { recipientId: payload.staffId, day, kind: 'nudge' };
    await this.queue.add(JobName.SendDigest, data, { jobId: digestJobId('nudge', payload.staffId, payload.outboxId), delay: this.delayMs });
    return { notificationId: row.id, queued: true };
  }
}
