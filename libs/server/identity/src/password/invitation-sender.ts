import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { markOutboxDone } from '@equip/server/database';
import { MailService } from '@equip/server/mail';
import type { FromOutbox } from '@equip/shared/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { invitationMail, setPasswordLink, ssoInvitationMail } from './password-mails';
import { hashPasswordToken, newPasswordToken, PasswordTokenRepository } from './password-token.repository';

export type InvitationOutcome = 'sent' | 'already-done' | 'not-invitable' | 'waiting';

/**
 * The worker's half of an invitation (outbox `staff.invited`): makes the one-time link and mails
 * it. In one transaction that holds the outbox row's lock: store the link's hash (replacing any
 * earlier invitation), send the mail, record it in `invitation`, mark the row done. A failed send
 * rolls the link back and the job is retried; a row already done sends nothing, so a retried or
 * duplicate job mails no one twice. The raw token exists only in this process and in the mail.
 *
 * At most INVITATIONS_PER_HOUR mails leave in any hour, city-wide (counted under one advisory
 * lock). Past it, the row is not refused and not done: it waits, shown as "waiting", and its
 * `relayed_at` is set so that the relay hands it over again when the oldest mail of the hour ages
 * out (the relay re-sends rows not done after OUTBOX_RESEND_SECONDS). With single sign-on on, no
 * link is made at all: the mail tells the person to sign in with their city account.
 */
@Injectable()
export class InvitationSender {
  private readonly logger = new Logger(InvitationSender.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: PasswordTokenRepository,
    private readonly mail: MailService,
  ) {}

  async send({ outboxId, staffId }: FromOutbox & { staffId: string }): Promise<InvitationOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const rows: { done: boolean }[] = await manager.query(`SELECT done_at IS NOT NULL AS done FROM outbox WHERE uid = $1 FOR UPDATE`, [outboxId]);
      if (rows.length === 0) throw new Error(`outbox row ${outboxId} does not exist`);
      if (rows[0].done) return 'already-done';

      // Still active and still without an account? Someone who can sign in by now needs no mail.
      const [person] = await this.tokens.invitees([staffId], undefined);
      if (!person) {
        await markOutboxDone(manager, outboxId);
        this.logger.log(`Invitation ${outboxId} not sent: staff ${staffId} is inactive or can already sign in`);
        return 'not-invitable';
      }
      const freeAt = await this.hourFull(manager);
      if (freeAt) {
        await manager.query(`UPDATE outbox SET relayed_at = $2::timestamptz - make_interval(secs => $3) WHERE uid = $1`, [
          outboxId,
          freeAt,
          this.config.outboxResendSeconds,
        ]);
        return 'waiting';
      }
      if (this.config.oidc) {
        await this.mail.send({ to: person.email, ...this.mail.compose(ssoInvitationMail(person, this.config.appUrl, this.config.officeName)) });
      } else {
        const minutes = this.config.invitationDays * 1440;
        const token = newPasswordToken();
        await this.tokens.replace(manager, 'invite', [{ staffId, email: person.email, tokenHash: hashPasswordToken(token) }], { minutes }, null);
        const link = setPasswordLink(this.config.appUrl, token);
        await this.mail.send({ to: person.email, ...this.mail.compose(invitationMail(person, link, minutes, this.config.officeName)) });
      }
      await manager.query(`INSERT INTO invitation (staff_id, way) VALUES ($1, $2)`, [staffId, this.config.oidc ? 'sso' : 'link']);
      await markOutboxDone(manager, outboxId);
      return 'sent';
    });
  }

  /**
   * When this hour's invitations are all spent, the moment the next one frees up; otherwise
   * undefined. Holds the city-wide lock until the caller's transaction ends, so two workers never
   * both take the last place.
   */
  private async hourFull(manager: EntityManager): Promise<Date | undefined> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('invitation:hourly'))`);
    const [{ sent, oldest }]: { sent: number; oldest: Date | null }[] = await manager.query(
      `SELECT count(*)::int AS sent, min(sent_at) AS oldest FROM invitation WHERE sent_at > now() - interval '1 hour'`,
    );
    if (sent < this.config.invitationsPerHour || !oldest) return undefined;
    return new Date(oldest.getTime() + 3600_000);
  }
}
