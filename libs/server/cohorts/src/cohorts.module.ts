import { Module } from '@nestjs/common';
import { CohortMembershipService } from './cohort-membership.service';
import { CohortRepository } from './cohort.repository';
import { CohortsController } from './cohorts.controller';
import { CohortsService } from './cohorts.service';

/** Cohorts (static or by rule), their assignments, exemptions and nudges. */
@Module({
  controllers: [CohortsController],
  providers: [CohortRepository, CohortMembershipService, CohortsService],
  exports: [CohortMembershipService],
})
export class CohortsModule {}
