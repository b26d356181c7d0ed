import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { JobName, JobPayloads } from '@equip/shared/contracts';
import { IsInt, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';

type PurgePayload = JobPayloads[JobName.PurgeExpiredSessions];

/** The payload of `purge-expired-sessions`, checked when the job starts. */
export class PurgeExpiredSessionsPayload implements PurgePayload {
  @IsInt({ message: 'olderThanDays must be a whole number' })
  @Min(0, { message: 'olderThanDays must be 0 or more' })
  @Max(3650)
  olderThanDays!: number;
}

/**
 * Deletes what can no longer be used and is no longer news: sessions ended long ago (their refresh
 * tokens go with them), refresh tokens that expired long ago (a used token is kept until then: its
 * reuse must still end the session), sessions left with no token, and password links used or
 * expired long ago. The worker's Maintenance processor runs it daily (`purge-expired-sessions`).
 */
@Injectable()
export class ExpiredSessionsPurge {
  private readonly logger = new Logger(ExpiredSessionsPurge.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async purgeExpiredSessions(
    payload: JobPayloads[JobName.PurgeExpiredSessions],
  ): Promise<{ sessions: number; deleted: number; passwordTokens: number }> {
    const days = payload?.olderThanDays;
    if (!Number.isInteger(days) || days < 0) throw new Error(`Invalid payload: olderThanDays must be a whole number (got ${days})`);
    const [, deleted] = await this.dataSource.query(
      `DELETE FROM refresh_token WHERE expires_at < now() - make_interval(days => $1)`,
      [days],
    );
    const [, sessions] = await this.dataSource.query(
      `DELETE FROM session s
        WHERE s.ended_at < now() - make_interval(days => $1)
           OR (s.created_at < now() - make_interval(days => $1) AND NOT EXISTS (SELECT 1 FROM refresh_token r WHERE r.session_id = s.id))`,
      [days],
    );
    const [, passwordTokens] = await this.dataSource.query(
      `DELETE FROM password_token
        WHERE COALESCE(used_at, expires_at) < now() - make_interval(days => $1)`,
      [days],
    );
    this.logger.log(`Purged ${sessions} old sessions, ${deleted} old refresh tokens and ${passwordTokens} old password links`);
    return { sessions: Number(sessions), deleted: Number(deleted), passwordTokens: Number(passwordTokens) };
  }
}
