import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@equip/server/audit';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { FieldError, FieldValidationException, tooManyRequests } from '@equip/server/http';
import { RateLimiter } from '@equip/server/queue';
import { ActionMail, MailService } from '@equip/server/mail';
import type { PasswordTokenInfo } from '@equip/shared/contracts';
import { checkPassword, PASSWORD_PROBLEM_MESSAGES } from '@equip/shared/domain';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { AuthService, IssuedSession } from '../auth.service';
import { SessionRepository } from '../session.repository';
import { resetMail, setPasswordLink } from './password-mails';
import { hashPasswordToken, newPasswordToken, PasswordTokenRepository, Recipient } from './password-token.repository';

export const FORGOT_ANSWER =
  'If that address belongs to a staff member, a link to set a new password is on its way. Check your email.';
export const INVALID_TOKEN = 'token is unknown, expired or already used; ask for a new link';
const TOO_MANY_REQUESTS = 'Too many password requests from this address. Wait a few minutes and try again.';
/** Reset requests per address (any email), and reset mails per person. */
const FORGOT_PER_ADDRESS = { max: 10, windowSeconds: 15 * 60 };
const FORGOT_PER_EMAIL = { max: 3, windowSeconds: 60 * 60 };

/** Forgotten passwords and setting a password with a one-time link (invitations: InvitationService). */
@Injectable()
export class PasswordService {
  private readonly logger = new Logger(PasswordService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: PasswordTokenRepository,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly limiter: RateLimiter,
    private readonly auth: AuthService,
    private readonly sessions: SessionRepository,
  ) {}

  /**
   * Forgotten password: mails a reset link if the address belongs to an active staff member (with
   * or without a password yet). The caller always gives the same answer; beyond a few requests an
   * hour for one address no further mail is sent, so nobody can flood a colleague's inbox.
   */
  async requestReset(email: string, ip: string): Promise<void> {
    const normalised = email.trim().toLowerCase();
    const wait = await this.limiter.hit([{ key: `forgot:address:${ip}`, ...FORGOT_PER_ADDRESS }]);
    if (wait !== undefined) throw tooManyRequests(TOO_MANY_REQUESTS, wait);
    if ((await this.limiter.hit([{ key: `forgot:email:${normalised}`, ...FORGOT_PER_EMAIL }])) !== undefined) return;

    const person = await this.tokens.activeStaffByEmail(normalised);
    if (!person) return;
    const token = newPasswordToken();
    const minutes = this.config.passwordResetMinutes;
    await this.dataSource.transaction(async (manager) => {
      await this.tokens.replace(manager, 'reset', [{ staffId: person.staffId, email: person.email, tokenHash: hashPasswordToken(token) }], { minutes }, null);
      await this.audit.record({ actorId: null, action: 'auth.password_reset_requested', subjectType: 'staff', subjectId: person.staffId, ip }, manager);
    });
    // Not awaited: answering only after the mail went out would tell who has an account by timing.
    // Reset mail stays with the request: the link is only useful within the hour, to the person asking now.
    this.sendLink(person, resetMail(person, setPasswordLink(this.config.appUrl, token), minutes)).catch(() => undefined);
  }

  /** Who a link is for, so the page can greet them; undefined when it no longer works. */
  async describeToken(token: string): Promise<PasswordTokenInfo | undefined> {
    const found = await this.tokens.findValid(hashPasswordToken(token));
    return found && { purpose: found.purpose, email: found.email, firstName: found.firstName };
  }

  /**
   * Sets the password a one-time link is for, spends every link the person holds, ends every
   * session they had, and signs them in afresh. A bad link and a weak password are reported
   * together, each by field.
   */
  async setPassword(token: string, password: string, ip: string): Promise<IssuedSession> {
    const set = await this.dataSource.transaction(async (manager) => {
      const found = await this.tokens.findValid(hashPasswordToken(token), manager);
      const errors: FieldError[] = [];
      if (!found) errors.push({ field: 'token', message: INVALID_TOKEN });
      const problem = checkPassword(password);
      if (problem) errors.push({ field: 'password', message: `password ${PASSWORD_PROBLEM_MESSAGES[problem]}` });
      if (!found || errors.length > 0) throw new FieldValidationException(errors);

      await this.tokens.setPassword(manager, found.staffId, await argon2.hash(password, { type: argon2.argon2id }));
      await this.tokens.spendAll(manager, found.staffId);
      await this.sessions.endAllOf(manager, found.staffId, 'password_set');
      await this.audit.record(
        { actorId: found.staffId, action: 'auth.password_set', subjectType: 'staff', subjectId: found.staffId, after: { purpose: found.purpose }, ip },
        manager,
      );
      return found;
    });
    await this.auth.forgetFailedSignIns(set.email);
    const user = await this.sessions.findActiveById(set.staffId);
    if (!user) throw new FieldValidationException([{ field: 'token', message: INVALID_TOKEN }]);
    return this.auth.issue(user);
  }

  private async sendLink(person: Recipient, content: ActionMail): Promise<void> {
    try {
      await this.mail.send({ to: person.email, ...this.mail.compose(content) });
    } catch (error) {
      this.logger.error(`Could not send "${content.subject}" to staff ${person.staffId}: ${(error as Error).message}`);
      throw error;
    }
  }
}
