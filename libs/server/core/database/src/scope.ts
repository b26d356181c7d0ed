import type { StaffScope } from '@equip/shared/domain';

/**
 * The one place the caller's scope becomes SQL. Every query that returns staff data adds
 * `staffScopeCondition(scope, 'alias', params)` to its WHERE clause (or selects from
 * `visibleStaff(scope, params)`), so a controller cannot forget it. Parameters are appended to
 * `params` and referenced by position.
 */
export function staffScopeCondition(scope: StaffScope, alias: string, params: unknown[]): string {
  switch (scope.kind) {
    case 'city':
      if (scope.personLevel) return 'TRUE';
      // viewers read city-wide aggregates, never other people's records
      params.push(scope.actorId);
      return `${alias}.id = $${params.length}`;
    case 'departments': {
      params.push(scope.rootDepartmentIds);
      const roots = `$${params.length}`;
      params.push(scope.actorId);
      return `(${alias}.department_id IN (${subtreeIds(roots)}) OR ${alias}.id = $${params.length})`;
    }
    case 'self':
      params.push(scope.actorId);
      return `${alias}.id = $${params.length}`;
  }
}

/** Departments the caller may see: the city, the subtrees a lead leads, or a learner's own department. */
export function departmentScopeCondition(scope: StaffScope, alias: string, params: unknown[]): string {
  switch (scope.kind) {
    case 'city':
      return 'TRUE';
    case 'departments':
      params.push(scope.rootDepartmentIds);
      return `${alias}.id IN (${subtreeIds(`$${params.length}`)})`;
    case 'self':
      params.push(scope.actorId);
      return `${alias}.id = (SELECT department_id FROM staff WHERE id = $${params.length})`;
  }
}

/** A subquery for staff rows the caller may see, to select FROM in place of `staff`. */
export function visibleStaff(scope: StaffScope, params: unknown[]): string {
  return `(SELECT * FROM staff vs WHERE ${staffScopeCondition(scope, 'vs', params)})`;
}

function subtreeIds(rootsParam: string): string {
  return `SELECT sub.id FROM department sub JOIN department root ON sub.path LIKE root.path || '%' WHERE root.id = ANY(${rootsParam}::uuid[])`;
}
