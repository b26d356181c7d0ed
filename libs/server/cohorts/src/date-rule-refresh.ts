import { CohortMembershipService } from './cohort-membership.service';
import { CohortRepository } from './cohort.repository';

/**
 * STAND-IN, to be replaced by the real `CohortMembershipService.reevaluateDateRules()` (written on
 * main): delete this file and its import in index.ts when merging. It only installs itself when
 * the class has no such method, so it can never shadow the real one.
 *
 * Re-evaluates every rule cohort whose rule depends on today's date (`hiredWithinDays`), in one
 * transaction, auditing each cohort whose membership changed.
 */
declare module './cohort-membership.service' {
  interface CohortMembershipService {
    reevaluateDateRules(): Promise<{ joined: number; left: number }>;
  }
}

interface MembershipInternals {
  dataSource: import('typeorm').DataSource;
  repository: CohortRepository;
  audit: import('@equip/server/audit').AuditService;
}

if (!('reevaluateDateRules' in CohortMembershipService.prototype)) {
  Object.defineProperty(CohortMembershipService.prototype, 'reevaluateDateRules', {
    configurable: true,
    writable: true,
    value: async function reevaluateDateRules(this: CohortMembershipService): Promise<{ joined: number; left: number }> {
      const self = this as unknown as MembershipInternals;
      return self.dataSource.transaction(async (manager) => {
        const totals = { joined: 0, left: 0 };
        for (const cohort of await self.repository.ruleCohorts(manager)) {
          if (!cohort.rule?.hiredWithinDays) continue;
          const { joined, left } = await this.evaluate(manager, cohort);
          if (joined.length === 0 && left.length === 0) continue;
          totals.joined += joined.length;
          totals.left += left.length;
          await self.audit.record(
            { actorId: null, action: 'cohort.reevaluated', subjectType: 'cohort', subjectId: cohort.id, after: { joined, left, cause: 'date' } },
            manager,
          );
        }
        return totals;
      });
    },
  });
}
