import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { CohortMembershipService } from '@equip/server/cohorts';
import { ExpiredSessionsPurge, PurgeExpiredSessionsPayload } from '@equip/server/identity';
import { ProgressionService, publishFiguresJob } from '@equip/server/reporting';
import { RosterFeedService } from '@equip/server/roster';
import { HandlesJobs, JobProcessor, noPayload, payloadOf, ValidJob } from '@equip/server/queue';
import { JobName, QueueName } from '@equip/shared/contracts';
import type { Queue } from 'bullmq';

/**
 * The Maintenance queue's one processor: BullMQ hands any job of a queue to any of its workers, so
 * the queue's jobs are dispatched by name here, each to the library that owns the work.
 */
@Processor(QueueName.Maintenance)
@HandlesJobs({
  [JobName.PurgeExpiredSessions]: payloadOf(PurgeExpiredSessionsPayload),
  [JobName.RefreshDateRuleCohorts]: noPayload(),
  [JobName.SnapshotProgression]: noPayload(),
  [JobName.RosterFeed]: noPayload(),
})
export class MaintenanceProcessor extends JobProcessor {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly sessions: ExpiredSessionsPurge,
    private readonly cohorts: CohortMembershipService,
    private readonly progression: ProgressionService,
    private readonly rosterFeed: RosterFeedService,
    @InjectQueue(QueueName.Publication) private readonly publication: Queue,
  ) {
    super();
  }

  protected async handle(job: ValidJob): Promise<unknown> {
    switch (job.name) {
      case JobName.PurgeExpiredSessions:
        return this.sessions.purgeExpiredSessions(job.data);
      case JobName.RefreshDateRuleCohorts: {
        const result = await this.cohorts.reevaluateDateRules();
        this.logger.log(`Date-rule cohorts refreshed: ${result.joined} joined, ${result.left} left`);
        return result;
      }
      case JobName.SnapshotProgression: {
        const departments = await this.progression.snapshotMonth(new Date());
        this.logger.log(`Progression snapshot taken for ${departments} departments`);
        return { departments };
      }
      case JobName.RosterFeed: {
        const run = await this.rosterFeed.pickUp();
        this.logger.log(`Roster feed: ${run.handled.map((f) => `${f.fileName} ${f.state}`).join(', ') || 'no new files'}${run.waiting.length ? `; waiting: ${run.waiting.join(', ')}` : ''}`);
        // New and departed staff change every figure: publish again now rather than tomorrow night
        // (on the Publication queue: the feed's job ends now, the figures follow when computed).
        if (run.handled.some((f) => f.state === 'applied')) {
          const job = publishFiguresJob();
          await this.publication.add(job.name, job.data, job.opts);
        }
        return run;
      }
      default:
        throw new Error(`MaintenanceProcessor cannot handle ${job.name}`);
    }
  }
}
