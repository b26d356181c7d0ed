import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { PublicationStore, publishFiguresJob } from '@equip/server/reporting';
import { JobName, JobPayloads, QueueName } from '@equip/shared/contracts';
import type { Queue } from 'bullmq';

/** The daily maintenance jobs, as cron patterns in the city's time zone. */
export const MAINTENANCE_SCHEDULES = {
  /** Rule cohorts "hired within N days" change with the date: refreshed early each morning. */
  [JobName.RefreshDateRuleCohorts]: '0 2 * * *',
  [JobName.PurgeExpiredSessions]: '0 3 * * *',
  /** Each department's progression for this month, replaced nightly so history shows each month's last day. */
  [JobName.SnapshotProgression]: '30 3 * * *',
} as const;

/** What viewers are answered from, computed after the night's changes (and at start when there is none), on the Publication queue. */
export const PUBLICATION_SCHEDULE = '15 4 * * *';

/**
 * Recurring work, as BullMQ job schedulers: upserting is idempotent, so every worker replica can
 * declare them at start-up and there is still one schedule. Times are the city's local time.
 */
@Injectable()
export class Schedules implements OnApplicationBootstrap {
  private readonly logger = new Logger(Schedules.name);

  constructor(
    @InjectQueue(QueueName.Maintenance) private readonly maintenance: Queue,
    @InjectQueue(QueueName.Publication) private readonly publication: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly publications: PublicationStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const tz = this.config.cityTimeZone;
    const purge: JobPayloads[JobName.PurgeExpiredSessions] = { olderThanDays: 30 };
    const refresh: JobPayloads[JobName.RefreshDateRuleCohorts] = {};
    const snapshot: JobPayloads[JobName.SnapshotProgression] = {};
    const publish: JobPayloads[JobName.PublishFigures] = {};
    try {
      await this.maintenance.upsertJobScheduler(
        JobName.PurgeExpiredSessions,
        { pattern: MAINTENANCE_SCHEDULES[JobName.PurgeExpiredSessions], tz },
        { name: JobName.PurgeExpiredSessions, data: purge },
      );
      await this.maintenance.upsertJobScheduler(
        JobName.RefreshDateRuleCohorts,
        { pattern: MAINTENANCE_SCHEDULES[JobName.RefreshDateRuleCohorts], tz },
        { name: JobName.RefreshDateRuleCohorts, data: refresh },
      );
      await this.maintenance.upsertJobScheduler(
        JobName.SnapshotProgression,
        { pattern: MAINTENANCE_SCHEDULES[JobName.SnapshotProgression], tz },
        { name: JobName.SnapshotProgression, data: snapshot },
      );
      await this.publication.upsertJobScheduler(JobName.PublishFigures, { pattern: PUBLICATION_SCHEDULE, tz }, { name: JobName.PublishFigures, data: publish });
      // Installs from before the Publication queue declared the nightly publication on Maintenance, whose processor no longer takes it.
      await this.maintenance.removeJobScheduler(JobName.PublishFigures);
      // A city with no published figures yet (a new install) gets them now, not tomorrow night.
      if (!(await this.publications.latest(''))) {
        const job = publishFiguresJob();
        await this.publication.add(job.name, job.data, job.opts);
      }
    } catch (error) {
      // Redis may be briefly away at start-up; the next start declares the schedule again.
      this.logger.warn(`Could not declare job schedules: ${(error as Error).message}`);
    }
  }
}
