import { Module } from '@nestjs/common';
import { CohortsModule } from '@equip/server/cohorts';
import { IdentityModule } from '@equip/server/identity';
import { RosterFormatController } from './format/roster-format.controller';
import { RosterFormatRepository } from './format/roster-format.repository';
import { RosterFormatService } from './format/roster-format.service';
import { RosterController } from './roster.controller';
import { RosterRepository } from './roster.repository';
import { RosterService } from './roster.service';

/** The roster import: `POST /api/roster/imports` and the file format (`/api/roster/format`) for administrators, RosterService for the cli. */
@Module({
  imports: [IdentityModule, CohortsModule],
  controllers: [RosterController, RosterFormatController],
  providers: [RosterService, RosterRepository, RosterFormatService, RosterFormatRepository],
  exports: [RosterService],
})
export class RosterModule {}
