import { Module } from '@nestjs/common';
import { CohortsModule } from '@equip/server/cohorts';
import { IdentityModule } from '@equip/server/identity';
import { RosterImportRecordRepository } from './imports/roster-import-record.repository';
import { RosterController } from './roster.controller';
import { RosterRepository } from './roster.repository';
import { RosterService } from './roster.service';

/** The roster import: `/api/roster/imports` (import, records, change lists, undo) for administrators, RosterService for the cli. */
@Module({
  imports: [IdentityModule, CohortsModule],
  controllers: [RosterController],
  providers: [RosterService, RosterRepository, RosterImportRecordRepository],
  exports: [RosterService],
})
export class RosterModule {}
