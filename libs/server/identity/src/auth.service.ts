import { HttpException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@equip/server/audit';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { NotFoundError, tooManyRequests } from '@equip/server/http';
import { RateLimiter } from '@equip/server/queue';
import type { EndSessionsResult, SessionUser } from '@equip/shared/contracts';
import type { StaffScope } from '@equip/shared/domain';
import * as argon2 from 'argon2';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { isAccessTokenClaims } from './access-token';
import { PasswordTokenRepository } from './password/password-token.repository';
import { SessionRepository } from './session.repository';

export const INVALID_CREDENTIALS = 'Email or password is incorrect.';
export const TOO_MANY_ATTEMPTS = 'Too many sign-in attempts. Wait a few minutes and try again.';
export const SESSION_ENDED = 'Your session has ended. Sign in again.';
/** Consecutive failures that lock an account, and for how long. */
export const LOCKOUT_AFTER = 5;
export const LOCKOUT_MINUTES = 15;
const WINDOW_SECONDS = LOCKOUT_MINUTES * 60;

export interface IssuedSession {
  user: SessionUser;
  accessToken: string;
  refreshToken: string;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

@Injectable()
export class AuthService {
  /** Verified against when the email is unknown, so both answers take the same time. */
  private readonly dummyHash = argon2.hash('equip-timing-equaliser', { type: argon2.argon2id });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly sessions: SessionRepository,
    private readonly links: PasswordTokenRepository,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
  ) {}

  /**
   * Checks an email and password. Unknown email and wrong password get the same answer. Only
   * failures count against the address (SIGN_IN_FAILURES_PER_ADDRESS per 15 minutes), so a whole
   * building signing in from one address is not locked out; each account still locks after
   * LOCKOUT_AFTER failures.
   */
  async verifyCredentials(email: string, password: string, ip: string): Promise<SessionUser> {
    const normalised = email.trim().toLowerCase();
    const address = { key: `signin:address:${ip}`, max: this.config.signInFailuresPerAddress, windowSeconds: WINDOW_SECONDS };
    const addressWait = await this.limiter.exhausted([address]);
    if (addressWait !== undefined) throw this.tooMany(addressWait);
    const wait = await this.limiter.hit([{ key: `signin:account:${normalised}`, max: LOCKOUT_AFTER, windowSeconds: WINDOW_SECONDS }]);
    if (wait !== undefined) throw this.tooMany(wait);

    const rows: { staff_id: string; password_hash: string; locked_until: Date | null }[] = await this.dataSource.query(
      `SELECT a.staff_id, a.password_hash, a.locked_until
         FROM account a JOIN staff s ON s.id = a.staff_id
        WHERE lower(s.email) = $1 AND s.active AND a.password_hash IS NOT NULL`,
      [normalised],
    );
    const account = rows[0];
    if (!account) {
      await argon2.verify(await this.dummyHash, password);
      await this.limiter.hit([address]);
      throw new UnauthorizedException(INVALID_CREDENTIALS);
    }
    if (account.locked_until && account.locked_until.getTime() > Date.now()) {
      throw this.tooMany(Math.ceil((account.locked_until.getTime() - Date.now()) / 1000));
    }
    if (!(await argon2.verify(account.password_hash, password))) {
      await this.limiter.hit([address]);
      await this.recordFailure(account.staff_id, ip);
      throw new UnauthorizedException(INVALID_CREDENTIALS);
    }
    await this.dataSource.query(
      `UPDATE account SET failed_attempts = 0, locked_until = NULL, last_sign_in_at = now() WHERE staff_id = $1`,
      [account.staff_id],
    );
    await this.limiter.reset([`signin:account:${normalised}`]);
    const user = await this.sessions.findActiveById(account.staff_id);
    if (!user) throw new UnauthorizedException(INVALID_CREDENTIALS);
    return user;
  }

  /** After a password is set the account starts afresh: its failed sign-in count no longer applies. */
  async forgetFailedSignIns(email: string): Promise<void> {
    await this.limiter.reset([`signin:account:${email.trim().toLowerCase()}`]);
  }

  /** Starts a session: a session row, an access token naming it, and its first refresh token. */
  async issue(user: SessionUser): Promise<IssuedSession> {
    return this.dataSource.transaction(async (manager) => {
      const sessionId = await this.sessions.start(user.id, manager);
      return { user, accessToken: this.accessToken(user.id, sessionId), refreshToken: await this.newRefreshToken(manager, user.id, sessionId) };
    });
  }

  /**
   * Rotates a refresh token within its session. A token used a second time was copied, unless it
   * comes back within REFRESH_REUSE_GRACE_SECONDS of its rotation (two tabs refreshing at once),
   * which gets a new token in the same session; later, the session ends and the reuse is audited.
   * A token of an ended session (sign-out, deactivation, a new password…) is simply refused: it is
   * not reported as stolen, and it is never marked used, so nothing about it changes later.
   */
  async refresh(token: string | undefined): Promise<IssuedSession> {
    if (!token) throw new UnauthorizedException(SESSION_ENDED);
    // The transaction commits in every case (an ended session must stay ended); the outcome says what to answer.
    const outcome = await this.dataSource.transaction(async (manager): Promise<IssuedSession | 'ended'> => {
      const current = await this.sessions.lockRefreshToken(manager, hashToken(token), this.config.refreshReuseGraceSeconds);
      if (!current || !current.live) return 'ended';
      const user = await this.sessions.findActiveById(current.staffId);
      if (!user) return 'ended';
      if (current.used && !current.withinGrace) {
        await this.sessions.end(current.sessionId, 'refresh_reused', manager);
        await this.audit.record(
          { actorId: current.staffId, action: 'auth.refresh_reused', subjectType: 'staff', subjectId: current.staffId },
          manager,
        );
        return 'ended';
      }
      if (!current.used) await this.sessions.markUsed(manager, current.id);
      const refreshToken = await this.newRefreshToken(manager, user.id, current.sessionId);
      return { user, accessToken: this.accessToken(user.id, current.sessionId), refreshToken };
    });
    if (outcome === 'ended') throw new UnauthorizedException(SESSION_ENDED);
    return outcome;
  }

  /**
   * Ends the session of this browser: the one its refresh token belongs to, or, without one, the
   * one its access token names (even an expired one: ending a session is always safe).
   */
  async signOut(refreshToken: string | undefined, accessToken: string | undefined): Promise<void> {
    const sessionId = (refreshToken && (await this.sessions.sessionOfRefreshToken(hashToken(refreshToken)))) || this.sessionOfAccessToken(accessToken);
    if (sessionId) await this.sessions.end(sessionId, 'sign_out');
  }

  /**
   * An administrator signs a person out everywhere (a lost phone, a shared password) and spends
   * every one-time link they hold, in one audited transaction. 404 outside the caller's scope.
   */
  async endSessionsOf(scope: StaffScope, staffId: string, ip?: string): Promise<EndSessionsResult> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.sessions.staffInScope(manager, scope, staffId))) throw new NotFoundError('No such staff member');
      const result = {
        sessionsEnded: await this.sessions.endAllOf(manager, staffId, 'ended_by_admin'),
        linksSpent: await this.links.spendAll(manager, staffId),
      };
      await this.audit.record(
        { actorId: scope.actorId, action: 'auth.sessions_ended', subjectType: 'staff', subjectId: staffId, after: result, ip },
        manager,
      );
      return result;
    });
  }

  private sessionOfAccessToken(token: string | undefined): string | undefined {
    if (!token) return undefined;
    try {
      const claims: unknown = this.jwt.verify(token, { algorithms: ['HS256'], ignoreExpiration: true });
      return isAccessTokenClaims(claims) ? claims.sid : undefined;
    } catch {
      return undefined;
    }
  }

  private accessToken(staffId: string, sessionId: string): string {
    return this.jwt.sign({ sub: staffId, sid: sessionId }, { expiresIn: this.config.accessTokenMinutes * 60 });
  }

  private async newRefreshToken(manager: EntityManager, staffId: string, sessionId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.sessions.addRefreshToken(manager, staffId, sessionId, hashToken(token), this.config.refreshTokenDays);
    return token;
  }

  private async recordFailure(staffId: string, ip: string): Promise<void> {
    // TypeORM answers an UPDATE with [rows, affected count]
    const [[row]]: [{ failed_attempts: number }[], number] = await this.dataSource.query(
      `UPDATE account
          SET failed_attempts = failed_attempts + 1,
              locked_until = CASE WHEN failed_attempts + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
        WHERE staff_id = $1
        RETURNING failed_attempts`,
      [staffId, LOCKOUT_AFTER, LOCKOUT_MINUTES],
    );
    if (row && row.failed_attempts === LOCKOUT_AFTER) {
      await this.audit.record({ actorId: null, action: 'auth.locked_out', subjectType: 'staff', subjectId: staffId, ip });
    }
  }

  private tooMany(retryAfterSeconds: number): HttpException {
    return tooManyRequests(TOO_MANY_ATTEMPTS, retryAfterSeconds);
  }
}
