import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { JobName, JobPayloads, QueueName } from '@equip/shared/contracts';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';

/** Deletes refresh tokens and password links that expired, or were revoked or used, long ago; registered only by the worker. */
@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async process(job: Job): Promise<{ deleted: number; passwordTokens: number }> {
    switch (job.name as JobName) {
      case JobName.PurgeExpiredSessions:
        return this.purgeExpiredSessions(job.data as JobPayloads[JobName.PurgeExpiredSessions]);
      default:
        throw new Error(`No handler for job ${job.name} on ${QueueName.Maintenance}`);
    }
  }

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
