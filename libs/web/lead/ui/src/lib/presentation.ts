import { formatCityDate, formatCityDateTime, formatDueDay } from '@equip/web/shared/ui';
import type { AssignmentStatus, CohortKind, CohortRule, DepartmentNode, DueRule, MemberFilter, MemberSort } from '@equip/shared/contracts';

/**
 * An ISO instant as a date in the city (the server's CITY_TIME_ZONE), e.g. "Mar 3, 2026"; a bare
 * YYYY-MM-DD day (a due day, a hire date) as written, never shifted by a zone.
 */
export function formatDate(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return formatDueDay(iso, 'medium');
  return formatCityDate(iso, 'medium');
}

/** An instant in the city's time with the zone named, e.g. "Mar 3, 2026, 3:05 PM EST". */
export function formatDateTime(iso: string): string {
  return formatCityDateTime(iso);
}

export const STATUS_LABELS: Record<AssignmentStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
  overdue: 'Overdue',
  exempt: 'Exempt',
};

export const MEMBER_FILTER_LABELS: Record<MemberFilter, string> = {
  overdue: 'Overdue',
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
  exempt: 'Exempt',
};

export const MEMBER_SORT_LABELS: Record<MemberSort, string> = {
  name: 'Name',
  department: 'Department',
  due: 'Next due date',
  lastActivity: 'Last activity',
  status: 'Status',
};

export const COHORT_KIND_LABELS: Record<CohortKind, string> = {
  static: 'Chosen people',
  rule: 'By rule',
};

/** "Due Mar 3, 2026", "Due 30 days after hire", "Due 30 days after joining". */
export function describeDue(due: DueRule): string {
  if (due.kind === 'absolute') return `Due ${formatDate(due.dueOn)}`;
  const days = `${due.days} ${due.days === 1 ? 'day' : 'days'}`;
  return due.kind === 'after_hire' ? `Due ${days} after hire` : `Due ${days} after joining the cohort`;
}

/** "Every 12 months" or "Once". */
export function describeRecurrence(months: number | null): string {
  if (!months) return 'Once';
  return months === 1 ? 'Every month' : `Every ${months} months`;
}

/** A rule in words, one clause per criterion, for the cohort page's header. */
export function describeRule(rule: CohortRule, departments: readonly Pick<DepartmentNode, 'id' | 'name' | 'code'>[] = []): string[] {
  const clauses: string[] = [];
  if (rule.departmentIds?.length) {
    const names = rule.departmentIds.map((id) => {
      const department = departments.find((d) => d.id === id);
      return department ? `${department.name} (${department.code})` : 'a department';
    });
    clauses.push(`In ${names.join(' or ')}, with everything under it`);
  }
  if (rule.jobClasses?.length) clauses.push(`Job class is ${rule.jobClasses.join(' or ')}`);
  if (rule.jobTitleContains) clauses.push(`Job title contains “${rule.jobTitleContains}”`);
  if (rule.workLocations?.length) clauses.push(`Works at ${rule.workLocations.join(' or ')}`);
  if (rule.hiredAfter) clauses.push(`Hired on or after ${formatDate(rule.hiredAfter)}`);
  if (rule.hiredBefore) clauses.push(`Hired on or before ${formatDate(rule.hiredBefore)}`);
  if (rule.hiredWithinDays) clauses.push(`Hired within the last ${rule.hiredWithinDays} days`);
  if (rule.managerId) clauses.push(rule.managerScope === 'chain' ? 'Reports to the chosen manager, directly or through others' : 'Reports directly to the chosen manager');
  clauses.push(rule.activeOnly === false ? 'Active and inactive staff' : 'Active staff only');
  return clauses;
}
