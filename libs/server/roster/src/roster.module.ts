import { Module } from '@nestjs/common';
import { CohortsModule } from '@equip/server/cohorts';
import { IdentityModule } from '@equip/server/identity';
import { StorageModule } from '@equip/server/storage';
import { RosterFeedController } from './feed/roster-feed.controller';
import { RosterFeedRepository } from './feed/roster-feed.repository';
import { RosterFeedService } from './feed/roster-feed.service';
import { RosterFormatController } from './format/roster-format.controller';
import { RosterFormatRepository } from './format/roster-format.repository';
import { RosterFormatService } from './format/roster-format.service';
import { RosterImportRecordRepository } from './imports/roster-import-record.repository';
import { RosterController } from './roster.controller';
import { RosterRepository } from './roster.repository';
import { RosterService } from './roster.service';

/**
 * The roster import: `/api/roster/imports` (import, records, change lists, undo), the file format
 * (`/api/roster/format`) and the scheduled feed's files (`/api/roster/feed-files`) for
 * administrators, RosterService for the cli.
 */
@Module({
  imports: [IdentityModule, CohortsModule, StorageModule],
  controllers: [RosterController, RosterFormatController, RosterFeedController],
  providers: [RosterService, RosterRepository, RosterImportRecordRepository, RosterFormatService, RosterFormatRepository, RosterFeedService, RosterFeedRepository],
  exports: [RosterService],
})
export class RosterModule {}
