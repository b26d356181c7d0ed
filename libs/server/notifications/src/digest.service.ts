import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { markOutboxDone } from '@equip/server/database';
import { MailService, RenderedMail } from '@equip/server/mail';
import { JobName, JobPayloads } from '@equip/shared/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { DigestContext, escalationDigest, learnerDigest, nudgeMail, stillDue } from './digest-mails';
import { digestKey } from './jobs/job-ids';
import { delivered, lockDelivery, messageIdFor, recordDelivery } from './mail-delivery';
import { NotificationRepository, NotificationRow } from './notification.repository';

export interface DigestResult {
  sent: boolean;
  /** Reminders in the mail. */
  items: number;
  /** Reminders dropped because the work was done, exempted or the person left. */
  dropped: number;
  key?: string;
  reason?: string;
}

/**
 * Sends one recipient's digest for one day — every pending reminder in one mail — exactly once:
 * see `mail-delivery.ts` for the protocol and the window that remains.
 */
@Injectable()
export class DigestService {
  private readonly logger = new Logger(DigestService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mail: MailService,
    private readonly repository: NotificationRepository,
  ) {}

  send(payload: JobPayloads[JobName.SendDigest]): Promise<DigestResult> {
    return this.dataSource.transaction((manager) => this.sendIn(manager, payload));
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
