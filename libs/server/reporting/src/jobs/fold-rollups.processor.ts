import { Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { HandlesJobs, JobProcessor, noPayload, ValidJob } from '@equip/server/queue';
import { JobName, QueueName } from '@equip/shared/contracts';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { foldRollups } from './rollup-fold';

/** The Rollups queue's processor (worker only): folds the reporting rollups' pending deltas. */
@Processor(QueueName.Rollups)
@HandlesJobs({ [JobName.FoldRollups]: noPayload() })
export class FoldRollupsProcessor extends JobProcessor {
  private readonly logger = new Logger(FoldRollupsProcessor.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  protected async handle(job: ValidJob): Promise<unknown> {
    if (job.name !== JobName.FoldRollups) throw new Error(`FoldRollupsProcessor cannot handle ${job.name}`);
    const started = performance.now();
    const moved = await foldRollups(this.dataSource);
    const ms = performance.now() - started;
    // Every few seconds: say something only when a fold is big or slow enough to matter.
    if (moved >= 100_000 || ms >= 1_000) this.logger.log(`Folded ${moved} rollup deltas in ${Math.round(ms)} ms`);
    return { moved };
  }
}
