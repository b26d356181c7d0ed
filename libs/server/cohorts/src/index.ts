import { AuditService } from '@equip/server/audit';
import type { DataSource } from 'typeorm';
import { CohortMembershipService } from './cohort-membership.service';
import { CohortRepository } from './cohort.repository';

export * from './cohorts.module';
export { CohortMembershipService } from './cohort-membership.service';
// Stand-in for reevaluateDateRules() until main's lands (see the file).
import './date-rule-refresh';

/** The membership service outside Nest (the cli's roster import). */
export function cohortMembership(dataSource: DataSource): CohortMembershipService {
  return new CohortMembershipService(dataSource, new CohortRepository(), new AuditService(dataSource));
}
