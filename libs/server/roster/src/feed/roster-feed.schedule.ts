import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@equip/server/config';
import { JobName, type JobPayloads, QueueName } from '@equip/shared/contracts';
import type { Queue } from 'bullmq';

/** ROSTER_FEED_TIME (HH:MM) as a daily cron pattern. */
export function feedPattern(time: string): string {
  const [hours, minutes] = time.split(':').map(Number);
  return `${minutes} ${hours} * * *`;
}

/**
 * Declares the nightly pickup as a BullMQ job scheduler at ROSTER_FEED_TIME in CITY_TIME_ZONE when
 * ROSTER_FEED_DIR is set, and removes it when it is not (so unsetting the folder stops the feed).
 * Upserting is idempotent: every worker replica declares it and there is still one schedule.
 */
@Injectable()
export class RosterFeedSchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger(RosterFeedSchedule.name);

  constructor(
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const data: JobPayloads[JobName.RosterFeed] = {};
    try {
      if (!this.config.roster.feedDir) {
        await this.queue.removeJobScheduler(JobName.RosterFeed);
        return;
      }
      await this.queue.upsertJobScheduler(
        JobName.RosterFeed,
        { pattern: feedPattern(this.config.roster.feedTime), tz: this.config.cityTimeZone },
        // Safe to repeat: a file is handled once by its sha256, and a failed one is taken again.
        { name: JobName.RosterFeed, data, opts: { attempts: 5, backoff: { type: 'exponential', delay: 60_000 } } },
      );
    } catch (error) {
      // Redis may be briefly away at start-up; the next start declares the schedule again.
      this.logger.warn(`Could not declare the roster feed schedule: ${(error as Error).message}`);
    }
  }
}
