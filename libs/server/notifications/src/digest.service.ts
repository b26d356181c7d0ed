import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { markOutboxDone } from '@equip/server/database';
import { MailService, RenderedMail } from '@equip/server/mail';
import { JobName, JobPayloads } from '@equip/shared/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { DigestContext, escalationDigest, learnerDigest, nudgeMail, stillDue } from './digest-mails';
import { forEachBounded, groupCommit, Slots } from './bounded';
import { digestKey } from './jobs/job-ids';
import { delivered, lockDelivery, messageIdFor, recordDelivery, withDeliveryLocks } from './mail-delivery';
import { NotificationRepository, NotificationRow, Recipient } from './notification.repository';

export interface DigestResult {
  sent: boolean;
  /** Reminders in the mail. */
  items: number;
  /** Reminders dropped because the work was done, exempted or the person left. */
  dropped: number;
  key?: string;
  reason?: string;
}

/** What one SendDigests job did, per recipient counted once. */
export interface DigestsResult {
  sent: number;
  /** Reminders in the mails sent. */
  items: number;
  /** Reminders dropped because the work was done, exempted or the person left. */
  dropped: number;
  /** Recipients whose digest of the day was already recorded as sent (a retried or doubled job). */
  alreadySent: number;
  /** Recipients left with nothing to send. */
  nothingToSend: number;
}

/** Some digests of a chunk could not be sent; the others were sent and recorded, so a retry sends only these. */
export class DigestsFailedError extends Error {
  constructor(readonly failed: { recipientId: string; error: Error }[], total: number) {
    super(`${failed.length} of ${total} digests could not be sent (the others were sent and recorded); the first: ${failed[0].error.message}`);
    this.name = 'DigestsFailedError';
  }
}

/**
 * SendDigests jobs a worker process delivers at once; each holds one database connection (of the
 * pool's 10) while it sends. More than one, so that while one reads its rows the others keep the
 * mails flowing.
 */
export const DIGEST_CHUNKS_AT_ONCE = 3;
/** Mails in flight per worker process, across its chunks: the 8 it had when each digest was a job of its own. */
export const DIGEST_MAILS_IN_FLIGHT = 8;

/**
 * Sends one recipient's digest for one day — every pending reminder in one mail — exactly once:
 * see `mail-delivery.ts` for the protocol and the window that remains.
 */
@Injectable()
export class DigestService {
  private readonly logger = new Logger(DigestService.name);
  private readonly chunks = new Slots(DIGEST_CHUNKS_AT_ONCE);
  private readonly mails = new Slots(DIGEST_MAILS_IN_FLIGHT);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mail: MailService,
    private readonly repository: NotificationRepository,
  ) {}

  send(payload: JobPayloads[JobName.SendDigest]): Promise<DigestResult> {
    return this.dataSource.transaction((manager) => this.sendIn(manager, payload));
  }

  /**
   * A chunk of the day's digests of one kind (a SendDigests job): the same exactly-once record as
   * `send`, with the per-digest costs shared. On one connection: the delivery locks of the whole
   * chunk (session locks, taken at once), the recipients with their records and their rows in two
   * statements, the stale rows dropped in one; then the mails (DIGEST_MAILS_IN_FLIGHT at a time per
   * process), each one's record and rows written (committed) as soon as its SMTP exchange is done,
   * in one statement with any others done meanwhile. A mail that fails is not recorded and does not
   * stop the others; the job then fails naming how many, and its retry finds the others recorded
   * and sends only those. A recipient whose lock another sender holds is done afterwards, the
   * single-digest way (it waits for that lock, then finds the record).
   */
  sendMany(payload: JobPayloads[JobName.SendDigests]): Promise<DigestsResult> {
    return this.chunks.run(() => this.sendChunk(payload));
  }

  private async sendChunk({ day, kind, recipientIds }: JobPayloads[JobName.SendDigests]): Promise<DigestsResult> {
    const result: DigestsResult = { sent: 0, items: 0, dropped: 0, alreadySent: 0, nothingToSend: 0 };
    const failed: { recipientId: string; error: Error }[] = [];
    const keys = recipientIds.map((recipientId) => ({ recipientId, key: digestKey(kind, recipientId, day) }));
    const busy = await withDeliveryLocks(this.dataSource, keys.map((k) => k.key), async (manager, held) => {
      const digests = await this.repository.dailyDigests(manager, kind, day, keys.filter((k) => held.has(k.key)));
      const now = new Date();
      const stale: string[] = [];
      const todo: { recipientId: string; recipient: Recipient; live: NotificationRow[] }[] = [];
      for (const { recipientId, recipient, delivered: already, rows } of digests) {
        if (already) {
          result.alreadySent++;
          continue;
        }
        const live = recipient?.active ? rows.filter((row) => stillDue(row, now, this.config.cityTimeZone)) : [];
        const kept = new Set(live);
        stale.push(...rows.filter((row) => !kept.has(row)).map((row) => row.id));
        result.dropped += rows.length - live.length;
        if (!recipient || live.length === 0) result.nothingToSend++;
        else todo.push({ recipientId, recipient, live });
      }
      // Daily digests carry no nudges and no outbox rows (those are the nudge mail's), so nothing else to mark.
      await this.repository.markDelivered(manager, stale, 'not_sent', null);
      // Each mail's record is written as soon as its SMTP exchange is done; those done while a write runs go in the next one.
      const record = groupCommit((mails: Parameters<NotificationRepository['recordDigestsSent']>[1]) => this.repository.recordDigestsSent(manager, mails));
      // A lane does not wait for its mail's commit before sending the next (a commit is a WAL flush); the chunk waits for all of them.
      const recording: Promise<void>[] = [];
      await forEachBounded(todo, DIGEST_MAILS_IN_FLIGHT, async ({ recipientId, recipient, live }) => {
        const key = digestKey(kind, recipientId, day);
        try {
          // Rendered once its slot is free, so a process holds at most DIGEST_MAILS_IN_FLIGHT rendered mails (a lead's can be large).
          const { subject, messageId } = await this.mails.run(async () => {
            const mail = this.render(kind, recipient.firstName, live, now, recipient.hasAccount);
            const sent = await this.mail.send({ to: recipient.email, ...mail, messageId: messageIdFor(key, this.config.appUrl) });
            return { subject: mail.subject, messageId: sent.messageId };
          });
          recording.push(
            record({ ids: live.map((r) => r.id), key, recipient: recipient.email, subject, messageId }).then(
              () => {
                result.sent++;
                result.items += live.length;
              },
              (error: unknown) => void failed.push({ recipientId, error: error as Error }),
            ),
          );
        } catch (error) {
          failed.push({ recipientId, error: error as Error });
        }
      });
      await Promise.all(recording);
      return keys.filter((k) => !held.has(k.key)).map((k) => k.recipientId);
    });
    for (const recipientId of busy) {
      try {
        const one = await this.send({ recipientId, day, kind });
        if (one.sent) {
          result.sent++;
          result.items += one.items;
        } else if (one.reason === 'already sent') result.alreadySent++;
        else result.nothingToSend++;
        result.dropped += one.dropped;
      } catch (error) {
        failed.push({ recipientId, error: error as Error });
      }
    }
    if (failed.length > 0) throw new DigestsFailedError(failed, recipientIds.length);
    this.logger.debug(`Sent ${result.sent} of ${recipientIds.length} ${kind} digests for ${day}`);
    return result;
  }

  private async sendIn(manager: EntityManager, { recipientId, day, kind }: JobPayloads[JobName.SendDigest]): Promise<DigestResult> {
    if (kind !== 'nudge') return this.sendDaily(manager, recipientId, day, kind);
    // Nudge mails have no daily key (a lead may nudge again in the afternoon); they lock the person.
    await lockDelivery(manager, `nudge:${recipientId}`);
    const rows = await this.repository.pendingForDigest(manager, recipientId, kind, null);
    const recipient = await this.repository.recipient(manager, recipientId);
    const now = new Date();
    const { live, dropped } = await this.dropStale(manager, rows, recipient, now);
    if (!recipient || live.length === 0) return { sent: false, items: 0, dropped: dropped.length, reason: 'nothing to send' };

    const key = digestKey('nudge', recipientId, live[0].id);
    if (await delivered(manager, key)) {
      await this.repository.markDelivered(manager, live.map((r) => r.id), 'sent', key);
      return { sent: false, items: 0, dropped: dropped.length, key, reason: 'already sent' };
    }
    const mail = this.render(kind, recipient.firstName, live, now, recipient.hasAccount);
    const sent = await this.mail.send({ to: recipient.email, ...mail, messageId: messageIdFor(key, this.config.appUrl) });
    await recordDelivery(manager, { key, recipient: recipient.email, subject: mail.subject, messageId: sent.messageId });
    await this.repository.markDelivered(manager, live.map((r) => r.id), 'sent', key);
    await this.repository.markNudgesSent(manager, live.map((r) => r.nudgeId).filter((id): id is string => id !== null));
    await this.outboxDone(manager, live);
    this.logger.debug(`Sent ${kind} digest ${key} with ${live.length} items`);
    return { sent: true, items: live.length, dropped: dropped.length, key };
  }

  /**
   * A learner's or an escalation digest: the same protocol as a nudge's, in fewer round trips
   * (BEGIN, the key's lock, the rows with their recipient and the delivery record, the SMTP
   * exchange, the record with the rows marked sent, COMMIT).
   */
  private async sendDaily(manager: EntityManager, recipientId: string, day: string, kind: 'learner' | 'escalation'): Promise<DigestResult> {
    const key = digestKey(kind, recipientId, day);
    await lockDelivery(manager, key);
    const { rows, recipient, delivered: already } = await this.repository.dailyDigest(manager, recipientId, kind, day, key);
    if (already) return { sent: false, items: 0, dropped: 0, key, reason: 'already sent' };
    const now = new Date();
    const { live, dropped } = await this.dropStale(manager, rows, recipient, now);
    if (!recipient || live.length === 0) return { sent: false, items: 0, dropped: dropped.length, reason: 'nothing to send' };

    const mail = this.render(kind, recipient.firstName, live, now, recipient.hasAccount);
    const sent = await this.mail.send({ to: recipient.email, ...mail, messageId: messageIdFor(key, this.config.appUrl) });
    await this.repository.recordDigestSent(manager, live.map((r) => r.id), { key, recipient: recipient.email, subject: mail.subject, messageId: sent.messageId });
    // Daily digests carry no nudges and no outbox rows (those are the nudge mail's), so nothing else to mark.
    this.logger.debug(`Sent ${kind} digest ${key} with ${live.length} items`);
    return { sent: true, items: live.length, dropped: dropped.length, key };
  }

  private render(kind: JobPayloads[JobName.SendDigest]['kind'], firstName: string, rows: NotificationRow[], now: Date, canSignIn: boolean): RenderedMail {
    const ctx: DigestContext = {
      footer: { cityName: this.config.cityName, officeName: this.config.officeName, appUrl: this.config.appUrl },
      timeZone: this.config.cityTimeZone,
      now,
      canSignIn,
    };
    if (kind === 'escalation') return escalationDigest(firstName, rows, ctx);
    if (kind === 'nudge') return nudgeMail(firstName, rows, ctx);
    return learnerDigest(firstName, rows, ctx);
  }

  /**
   * The rows still worth mailing (the person active, the work still due), and the rest marked as
   * not sent, their outbox rows done: what every digest does before it renders.
   */
  private async dropStale<R extends NotificationRow>(manager: EntityManager, rows: R[], recipient: { active: boolean } | null | undefined, now: Date): Promise<{ live: R[]; dropped: R[] }> {
    const live = recipient?.active ? rows.filter((row) => stillDue(row, now, this.config.cityTimeZone)) : [];
    const kept = new Set(live);
    const dropped = rows.filter((row) => !kept.has(row));
    await this.repository.markDelivered(manager, dropped.map((r) => r.id), 'not_sent', null);
    await this.outboxDone(manager, dropped);
    return { live, dropped };
  }

  /** A nudge's outbox row is done when its mail went out (or when there was nothing left to remind). */
  private async outboxDone(manager: EntityManager, rows: NotificationRow[]): Promise<void> {
    for (const id of new Set(rows.map((r) => r.outboxId).filter((x): x is string => x !== null))) await markOutboxDone(manager, id);
  }
}
