import { Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { CohortMembershipService } from '@equip/server/cohorts';
import { ExpiredSessionsPurge, PurgeExpiredSessionsPayload } from '@equip/server/identity';
import { ProgressionService, PublicationStore, PublishFiguresPayload } from '@equip/server/reporting';
import { RosterFeedService } from '@equip/server/roster';
import { HandlesJobs, JobProcessor, noPayload, payloadOf, ValidJob } from '@equip/server/queue';
import { JobName, QueueName } from '@equip/shared/contracts';

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
  [JobName.PublishFigures]: payloadOf(PublishFiguresPayload),
})
export class MaintenanceProcessor extends JobProcessor {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly sessions: ExpiredSessionsPurge,
    private readonly cohorts: CohortMembershipService,
    private readonly progression: ProgressionService,
    private readonly rosterFeed: RosterFeedService,
    private readonly publications: PublicationStore,
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
        // New and departed staff change every figure: publish again now rather than tomorrow night.
        if (run.handled.some((f) => f.state === 'applied')) await this.publications.publishAll();
        return run;
      }
      case JobName.PublishFigures: {
        const exact = job.data.exactDepartments;
        if (!exact) {
          const base = await this.publications.publishAll();
          return { publicationId: base.id, figures: base.stats.figures };
        }
        // One viewer who leads: as of the base publication's moment, so both count "overdue" on the same day.
        const base = await this.publications.latest('');
        const at = base ? new Date(base.computedAt) : new Date();
        const stored = await this.publications.publish(at, new Set(exact), at);
        return { publicationId: stored.id, figures: stored.stats.figures };
      }
      default:
        throw new Error(`MaintenanceProcessor cannot handle ${job.name}`);
    }
  }
}
