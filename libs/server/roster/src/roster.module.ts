import { Module } from '@nestjs/common';
import { CohortsModule } from '@equip/server/cohorts';
import { IdentityModule } from '@equip/server/identity';
import { RosterFormatController } from './format/roster-format.controller';
import { RosterFormatRepository } from './format/roster-format.repository';
import { RosterFormatService } from './format/roster-format.service';
import { RosterImportRecordRepository } from './imports/roster-import-record.repository';
import { RosterController } from './roster.controller';
import { RosterRepository } from './roster.repository';
import { RosterService } from './roster.service';

/** The roster import: `/api/roster/imports` (import, records, change lists, undo) and the file format (`/api/roster/format`) for administrators, RosterService for the cli. */
@Module({
  imports: [IdentityModule, CohortsModule],
  controllers: [RosterController, RosterFormatController],
  providers: [RosterService, RosterRepository, RosterImportRecordRepository, RosterFormatService, RosterFormatRepository],
  exports: [RosterService],
})
export class RosterModule {}
