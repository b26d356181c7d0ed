import { Module } from '@nestjs/common';
import { CohortsModule } from '@equip/server/cohorts';
import { IdentityModule } from '@equip/server/identity';
import { RosterController } from './roster.controller';
import { RosterRepository } from './roster.repository';
import { RosterService } from './roster.service';

/** The roster import: `POST /api/roster/imports` for administrators, RosterService for the cli. */
@Module({
  imports: [IdentityModule, CohortsModule],
  controllers: [RosterController],
  providers: [RosterService, RosterRepository],
  exports: [RosterService],
})
export class RosterModule {}
