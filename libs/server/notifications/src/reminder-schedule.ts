import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { JobName, JobPayloads, QueueName } from '@equip/shared/contracts';
import type { Queue } from 'bullmq';

/** REMINDER_TIME (HH:MM) as a daily cron pattern. */
export function dailyPattern(time: string): string {
  const [hours, minutes] = time.split(':').map(Number);
  return `${minutes} ${hours} * * *`;
}

/**
 * Declares the daily reminder sweep as a BullMQ job scheduler at REMINDER_TIME in CITY_TIME_ZONE.
 * Upserting is idempotent, so every worker replica declares it at start-up and there is still one
 * schedule (one job per occurrence, whichever worker takes it).
 */
@Injectable()
export class ReminderSchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReminderSchedule.name);

  constructor(
    @InjectQueue(QueueName.Reminders) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const data: JobPayloads[JobName.ReminderSweep] = {};
    try {
      await this.queue.upsertJobScheduler(
        JobName.ReminderSweep,
        { pattern: dailyPattern(this.config.reminders.time), tz: this.config.cityTimeZone },
        // One try per occurrence is not enough for a sweep; it is safe to repeat.
        { name: JobName.ReminderSweep, data, opts: { attempts: 5, backoff: { type: 'exponential', delay: 30_000 } } },
      );
    } catch (error) {
      // Redis may be briefly away at start-up; the next start declares the schedule again.
      this.logger.warn(`Could not declare the reminder sweep schedule: ${(error as Error).message}`);
    }
  }
}
