import { AuditService } from '@equip/server/audit';
import { cohortMembership, CohortsModule } from '@equip/server/cohorts';
import { testConfig } from '@equip/server/testing';
import type { AssignRequest, AssignResult, CohortMemberRow, MembersQuery, Page } from '@equip/shared/contracts';
import type { StaffScope } from '@equip/shared/domain';
import type { DataSource, EntityManager } from 'typeorm';

/** The parts of CohortsService and CohortRepository the benchmarks call (their classes are not exported from the library). */
export interface CohortsServiceApi {
  assign(scope: StaffScope, id: string, request: AssignRequest): Promise<AssignResult>;
  members(scope: StaffScope, id: string, query: MembersQuery): Promise<Page<CohortMemberRow>>;
}
export interface CohortRepositoryApi {
  members(manager: EntityManager, scope: StaffScope, cohortId: string, filter: { sort: string; direction: 'asc' | 'desc'; limit?: number; offset: number; cityTimeZone: string }): Promise<unknown>;
}
type Constructor<T> = new (...args: never[]) => T;

/**
 * The same CohortsService the controller is given, wired as CohortsModule wires it: the module's own
 * provider classes, found by name (Nest keeps a module's `providers` as metadata).
 */
export function cohortsService(dataSource: DataSource, databaseUrl: string, cityTimeZone: string): { service: CohortsServiceApi; repository: CohortRepositoryApi } {
  const list = Reflect.getMetadata('providers', CohortsModule) as { name: string }[];
  const find = <T>(name: string): Constructor<T> => {
    const found = list.find((p) => p.name === name);
    if (!found) throw new Error(`CohortsModule has no provider ${name}`);
    return found as unknown as Constructor<T>;
  };
  const repository = new (find<CohortRepositoryApi>('CohortRepository') as unknown as new () => CohortRepositoryApi)();
  const Service = find<CohortsServiceApi>('CohortsService') as unknown as new (d: DataSource, r: CohortRepositoryApi, m: unknown, a: AuditService, c: unknown) => CohortsServiceApi;
  const service = new Service(dataSource, repository, cohortMembership(dataSource), new AuditService(dataSource), testConfig({ databaseUrl, cityTimeZone }));
  return { service, repository };
}
