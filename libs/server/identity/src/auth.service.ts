import { HttpException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@equip/server/audit';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { tooManyRequests } from '@equip/server/http';
import { RateLimiter } from '@equip/server/queue';
import type { SessionUser } from '@equip/shared/contracts';
import * as argon2 from 'argon2';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SessionRepository } from './session.repository';

export const INVALID_CREDENTIALS = 'Email or password is incorrect.';
export const TOO_MANY_ATTEMPTS = 'Too many sign-in attempts. Wait a few minutes and try again.';
/** Consecutive failures that lock an account, and for how long. */
export const LOCKOUT_AFTER = 5;
export const LOCKOUT_MINUTES = 15;
const WINDOW_SECONDS = LOCKOUT_MINUTES * 60;
const PER_ADDRESS = 30;

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
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
  ) {}

  /** Checks an email and password. Unknown email and wrong password get the same answer. */
  async verifyCredentials(email: string, password: string, ip: string): Promise<SessionUser> {
    const normalised = email.trim().toLowerCase();
    const wait = await this.limiter.hit([
      { key: `signin:address:${ip}`, max: PER_ADDRESS, windowSeconds: WINDOW_SECONDS },
      { key: `signin:account:${normalised}`, max: LOCKOUT_AFTER, windowSeconds: WINDOW_SECONDS },
    ]);
    if (wait !== undefined) throw this.tooMany(wait);

    const rows: { staff_id: string; password_hash: string; locked_until: Date | null }[] = await this.dataSource.query(
      `SELECT a.staff_id, a.password_hash, a.locked_until
         FROM account a JOIN staff s ON s.id = a.staff_id
        WHERE lower(s.email) = $1 AND s.active`,
      [normalised],
    );
    const account = rows[0];
    if (!account) {
      await argon2.verify(await this.dummyHash, password);
      throw new UnauthorizedException(INVALID_CREDENTIALS);
    }
    if (account.locked_until && account.locked_until.getTime() > Date.now()) {
      throw this.tooMany(Math.ceil((account.locked_until.getTime() - Date.now()) / 1000));
    }
    if (!(await argon2.verify(account.password_hash, password))) {
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

  /** Starts a session: an access token and a new refresh-token family. */
  async issue(user: SessionUser): Promise<IssuedSession> {
    return { user, accessToken: this.accessToken(user.id), refreshToken: await this.newRefreshToken(user.id, randomUUID()) };
  }

  /**
   * Rotates a refresh token. A token that was already used means it was stolen or replayed:
   * the whole family is revoked and the person must sign in again.
   */
  async refresh(token: string | undefined): Promise<IssuedSession> {
    const ended = () => new UnauthorizedException('Your session has ended. Sign in again.');
    if (!token) throw ended();
    // The transaction commits in every case (a revoked family must stay revoked); the outcome says what to answer.
    const outcome = await this.dataSource.transaction(async (manager): Promise<IssuedSession | 'ended'> => {
      const rows: { id: string; staff_id: string; family_id: string; used_at: Date | null; revoked_at: Date | null; expires_at: Date }[] =
        await manager.query(`SELECT * FROM refresh_token WHERE token_hash = $1 FOR UPDATE`, [hashToken(token)]);
      const current = rows[0];
      if (!current || current.revoked_at || current.expires_at.getTime() <= Date.now()) return 'ended';
      if (current.used_at) {
        await manager.query(`UPDATE refresh_token SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`, [current.family_id]);
        await this.audit.record(
          { actorId: current.staff_id, action: 'auth.refresh_reused', subjectType: 'staff', subjectId: current.staff_id },
          manager,
        );
        return 'ended';
      }
      await manager.query(`UPDATE refresh_token SET used_at = now() WHERE id = $1`, [current.id]);
      const user = await this.sessions.findActiveById(current.staff_id);
      if (!user) return 'ended';
      const refreshToken = await this.newRefreshToken(user.id, current.family_id, manager);
      return { user, accessToken: this.accessToken(user.id), refreshToken };
    });
    if (outcome === 'ended') throw ended();
    return outcome;
  }

  /** Ends the session the refresh token belongs to. */
  async signOut(token: string | undefined): Promise<void> {
    if (!token) return;
    await this.dataSource.query(
      `UPDATE refresh_token SET revoked_at = now()
        WHERE family_id = (SELECT family_id FROM refresh_token WHERE token_hash = $1) AND revoked_at IS NULL`,
      [hashToken(token)],
    );
  }

  private accessToken(staffId: string): string {
    return this.jwt.sign({ sub: staffId }, { expiresIn: this.config.accessTokenMinutes * 60 });
  }

  private async newRefreshToken(staffId: string, familyId: string, manager = this.dataSource.manager): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await manager.query(
      `INSERT INTO refresh_token (staff_id, family_id, token_hash, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(days => $4))`,
      [staffId, familyId, hashToken(token), this.config.refreshTokenDays],
    );
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
