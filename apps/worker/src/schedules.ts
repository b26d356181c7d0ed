import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { JobName, JobPayloads, QueueName } from '@equip/shared/contracts';
import type { Queue } from 'bullmq';

/**
 * Recurring work, as BullMQ job schedulers: upserting is idempotent, so every worker replica can
 * declare them at start-up and there is still one schedule. Times are the city's local time.
 */
@Injectable()
export class Schedules implements OnApplicationBootstrap {
  private readonly logger = new Logger(Schedules.name);

  constructor(
    @InjectQueue(QueueName.Maintenance) private readonly maintenance: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const data: JobPayloads[JobName.PurgeExpiredSessions] = { olderThanDays: 30 };
    try {
      await this.maintenance.upsertJobScheduler(
        JobName.PurgeExpiredSessions,
        { pattern: '0 3 * * *', tz: this.config.cityTimeZone },
        { name: JobName.PurgeExpiredSessions, data },
      );
    } catch (error) {
      // Redis may be briefly away at start-up; the next start declares the schedule again.
      this.logger.warn(`Could not declare job schedules: ${(error as Error).message}`);
    }
  }
}
