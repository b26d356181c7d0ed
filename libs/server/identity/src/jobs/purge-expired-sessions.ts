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
 * Deletes refresh tokens and password links that expired, or were revoked or used, long ago. The
 * worker's Maintenance processor runs it daily (`purge-expired-sessions`).
 */
@Injectable()
export class ExpiredSessionsPurge {
  private readonly logger = new Logger(ExpiredSessionsPurge.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async purgeExpiredSessions(payload: JobPayloads[JobName.PurgeExpiredSessions]): Promise<{ deleted: number; passwordTokens: number }> {
    const days = payload?.olderThanDays;
    if (!Number.isInteger(days) || days < 0) throw new Error(`Invalid payload: olderThanDays must be a whole number (got ${days})`);
    const [, deleted] = await this.dataSource.query(
      `DELETE FROM refresh_token
        WHERE COALESCE(revoked_at, expires_at) < now() - make_interval(days => $1)`,
      [days],
    );
    const [, passwordTokens] = await this.dataSource.query(
      `DELETE FROM password_token
        WHERE COALESCE(used_at, expires_at) < now() - make_interval(days => $1)`,
      [days],
    );
    this.logger.log(`Purged ${deleted} old refresh tokens and ${passwordTokens} old password links`);
    return { deleted: Number(deleted), passwordTokens: Number(passwordTokens) };
  }
}
