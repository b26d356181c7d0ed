import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@equip/server/audit';
import { DataSource, EntityManager } from 'typeorm';
import { CohortRepository, CohortRow } from './cohort.repository';

/**
 * Joining and leaving, with what follows: a person who joins gets the cohort's assignments (due
 * relative to their own hire or join date); a person who leaves keeps what they completed and
 * loses open work that came only from this cohort. Loops run over a cohort's assignments, never
 * over people: each step is one set-based statement.
 */
@Injectable()
export class CohortMembershipService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: CohortRepository,
    private readonly audit: AuditService,
  ) {}

  async joined(manager: EntityManager, cohortId: string, staffIds: string[]): Promise<void> {
    if (staffIds.length === 0) return;
    for (const def of await this.repository.cohortAssignmentRows(manager, cohortId)) await this.repository.assign(manager, def, staffIds);
  }

  async left(manager: EntityManager, cohortId: string, staffIds: string[]): Promise<void> {
    await this.repository.unassign(manager, cohortId, staffIds);
  }

  /** Recomputes a rule cohort (only for `among`, when given): one INSERT … SELECT for joins, one UPDATE for leaves. */
  async evaluate(manager: EntityManager, cohort: CohortRow, among: string[] | null = null): Promise<{ joined: string[]; left: string[] }> {
    const left = await this.repository.ruleLeaves(manager, cohort, among);
    const joined = await this.repository.ruleJoins(manager, cohort, among);
    await this.left(manager, cohort.id, left);
    await this.joined(manager, cohort.id, joined);
    await this.repository.markEvaluated(manager, cohort.id);
    return { joined, left };
  }

  /**
   * After a roster import has committed: re-evaluates every rule cohort for the staff whose
   * placement changed, in one transaction, and audits each cohort whose membership changed.
   */
  async reevaluate(staffIds: string[]): Promise<{ cohorts: number; joined: number; left: number }> {
    if (staffIds.length === 0) return { cohorts: 0, joined: 0, left: 0 };
    return this.reevaluateAll('roster', () => true, staffIds);
  }

  /**
   * Daily (the worker's schedule): rules that depend on today's date — hired within the last N
   * days — select different people as days pass, with no roster change to trigger them.
   */
  async reevaluateDateRules(): Promise<{ cohorts: number; joined: number; left: number }> {
    return this.reevaluateAll('date', (cohort) => cohort.rule?.hiredWithinDays !== undefined, null);
  }

  private reevaluateAll(cause: 'roster' | 'date', which: (cohort: CohortRow) => boolean, among: string[] | null) {
    return this.dataSource.transaction(async (manager) => {
      const totals = { cohorts: 0, joined: 0, left: 0 };
      for (const cohort of (await this.repository.ruleCohorts(manager)).filter(which)) {
        const { joined, left } = await this.evaluate(manager, cohort, among);
        if (joined.length === 0 && left.length === 0) continue;
        totals.cohorts += 1;
        totals.joined += joined.length;
        totals.left += left.length;
        await this.audit.record(
          { actorId: null, action: 'cohort.reevaluated', subjectType: 'cohort', subjectId: cohort.id, after: { joined, left, cause } },
          manager,
        );
      }
      return totals;
    });
  }
}
