import { AuditService } from '@equip/server/audit';
import type { DataSource } from 'typeorm';
import { CohortMembershipService } from './cohort-membership.service';
import { CohortRepository } from './cohort.repository';

export * from './cohorts.module';
export { CohortMembershipService } from './cohort-membership.service';

/** The membership service outside Nest (the cli's roster import). */
export function cohortMembership(dataSource: DataSource): CohortMembershipService {
  return new CohortMembershipService(dataSource, new CohortRepository(), new AuditService(dataSource));
}
