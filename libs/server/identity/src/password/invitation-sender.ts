import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { markOutboxDone } from '@equip/server/database';
import { MailService } from '@equip/server/mail';
import type { FromOutbox } from '@equip/shared/contracts';
import { DataSource } from 'typeorm';
import { invitationMail } from './password-mails';
import { hashPasswordToken, newPasswordToken, PasswordTokenRepository } from './password-token.repository';

export type InvitationOutcome = 'sent' | 'already-done' | 'not-invitable';

/**
 * The worker's half of an invitation (outbox `staff.invited`): makes the one-time link and mails
 * it. In one transaction that holds the outbox row's lock: store the link's hash (replacing any
 * earlier invitation), send the mail, mark the row done. A failed send rolls the link back and the
 * job is retried; a row already done sends nothing, so a retried or duplicate job mails no one twice.
 * The raw token exists only in this process and in the mail.
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

      // Still active and still without a password? Someone who set one meanwhile needs no link.
      const [person] = await this.tokens.invitees([staffId], undefined);
      if (!person) {
        await markOutboxDone(manager, outboxId);
        this.logger.log(`Invitation ${outboxId} not sent: staff ${staffId} is inactive or can already sign in`);
        return 'not-invitable';
      }
      const minutes = this.config.invitationDays * 1440;
      const token = newPasswordToken();
      await this.tokens.replace(manager, 'invite', [{ staffId, tokenHash: hashPasswordToken(token) }], { minutes }, null);
      const link = `${this.config.appUrl}/set-password?token=${encodeURIComponent(token)}`;
      await this.mail.send({ to: person.email, ...this.mail.compose(invitationMail(person, link, minutes, this.config.officeName)) });
      await markOutboxDone(manager, outboxId);
      return 'sent';
    });
  }
}
