import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JobName, type JobPayloads, QueueName } from '@equip/shared/contracts';
import type { Queue } from 'bullmq';
import { ROLLUP_FOLD_EVERY_MS } from './rollup-fold';

/**
 * Declares the fold as a BullMQ job scheduler every ROLLUP_FOLD_EVERY_MS. Upserting is idempotent:
 * every worker replica declares it and there is still one schedule. A fold that fails is simply
 * the next one's work (the deltas stay, and reads count them), so it is tried once.
 */
@Injectable()
export class FoldRollupsSchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger(FoldRollupsSchedule.name);

  constructor(@InjectQueue(QueueName.Rollups) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    const data: JobPayloads[JobName.FoldRollups] = {};
    try {
      await this.queue.upsertJobScheduler(
        JobName.FoldRollups,
        { every: ROLLUP_FOLD_EVERY_MS },
        { name: JobName.FoldRollups, data, opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
      );
    } catch (error) {
      // Redis may be briefly away at start-up; the next start declares the schedule again (reads stay exact meanwhile).
      this.logger.warn(`Could not declare the rollup fold schedule: ${(error as Error).message}`);
    }
  }
}
