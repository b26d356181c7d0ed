import { Module } from '@nestjs/common';
import { CohortsModule } from '@equip/server/cohorts';
import { StorageModule } from '@equip/server/storage';
import { RosterFeedRepository } from './feed/roster-feed.repository';
import { RosterFeedSchedule } from './feed/roster-feed.schedule';
import { RosterFeedService } from './feed/roster-feed.service';
import { RosterImportRecordRepository } from './imports/roster-import-record.repository';
import { RosterRepository } from './roster.repository';
import { RosterService } from './roster.service';

/** The worker's side of the roster: the scheduled feed (its service for the Maintenance processor, and its schedule). */
@Module({
  imports: [CohortsModule, StorageModule],
  providers: [RosterService, RosterRepository, RosterImportRecordRepository, RosterFeedService, RosterFeedRepository, RosterFeedSchedule],
  exports: [RosterFeedService],
})
export class RosterJobsModule {}
