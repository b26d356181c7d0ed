import { departmentScopeCondition, staffScopeCondition } from '@equip/server/database';
import type { CohortRule } from '@equip/shared/contracts';
import type { StaffScope } from '@equip/shared/domain';

/** Not a person: the actor of a cohort's own bound, so `staffScopeCondition` adds nobody's own record. */
const NOBODY = '00000000-0000-0000-0000-000000000000';

/** The people a cohort may ever hold: its department's subtree, or the whole city. Same mechanism as a caller's scope. */
export function cohortBound(departmentId: string | null): StaffScope {
  return departmentId
    ? { kind: 'departments', actorId: NOBODY, rootDepartmentIds: [departmentId] }
    : { kind: 'city', actorId: NOBODY, canWrite: false, personLevel: true };
}

/** Cohorts the caller may see: owned by a department in scope; city-wide ones for administrators only. */
export function cohortVisible(scope: StaffScope, alias: string, params: unknown[]): string {
  if (scope.kind === 'city') return scope.personLevel ? 'TRUE' : 'FALSE';
  return `${alias}.department_id IN (SELECT d.id FROM department d WHERE ${departmentScopeCondition(scope, 'd', params)})`;
}

/** Both: in the caller's scope and inside the cohort's bound. */
export function memberCondition(scope: StaffScope, departmentId: string | null, alias: string, params: unknown[]): string {
  return `${staffScopeCondition(scope, alias, params)} AND ${staffScopeCondition(cohortBound(departmentId), alias, params)}`;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A rule as a WHERE fragment on staff `alias`: every present criterion must hold. */
export function ruleCondition(rule: CohortRule, alias: string, params: unknown[]): string {
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (rule.activeOnly !== false) where.push(`${alias}.active`);
  if (rule.departmentIds?.length) {
    where.push(
      `${alias}.department_id IN (SELECT sub.id FROM department sub JOIN department root ON sub.path LIKE root.path || '%' WHERE root.id = ANY(${p(rule.departmentIds)}::uuid[]))`,
    );
  }
  if (rule.jobClasses?.length) where.push(`lower(${alias}.job_class) = ANY(${p(rule.jobClasses.map((v) => v.toLowerCase()))}::text[])`);
  if (rule.workLocations?.length) where.push(`lower(${alias}.work_location) = ANY(${p(rule.workLocations.map((v) => v.toLowerCase()))}::text[])`);
  if (rule.jobTitleContains) where.push(`${alias}.job_title ILIKE ${p(`%${escapeLike(rule.jobTitleContains)}%`)}`);
  if (rule.hiredAfter) where.push(`${alias}.hire_date >= ${p(rule.hiredAfter)}::date`);
  if (rule.hiredBefore) where.push(`${alias}.hire_date <= ${p(rule.hiredBefore)}::date`);
  if (rule.hiredWithinDays) where.push(`${alias}.hire_date >= current_date - ${p(rule.hiredWithinDays)}::int`);
  if (rule.managerId) {
    const manager = p(rule.managerId);
    where.push(
      rule.managerScope === 'chain'
        ? `${alias}.id IN (WITH RECURSIVE chain AS (SELECT id FROM staff WHERE manager_id = ${manager}::uuid
                          UNION SELECT r.id FROM staff r JOIN chain ON r.manager_id = chain.id) SELECT id FROM chain)`
        : `${alias}.manager_id = ${manager}::uuid`,
    );
  }
  return where.length ? where.join(' AND ') : 'TRUE';
}

/** The cohort as an assignment source, and the containment pattern that finds its assignments. */
export function cohortSource(cohortId: string, cohortAssignmentId: string): string {
  return JSON.stringify([{ kind: 'cohort', cohortId, cohortAssignmentId }]);
}
export function cohortPattern(cohortId: string): string {
  return JSON.stringify([{ cohortId }]);
}
