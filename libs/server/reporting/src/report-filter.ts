import { CITY_DEPARTMENT } from '@equip/migrations';
import { addDays, cityDay } from '@equip/shared/domain';

/**
 * A dashboard filter resolved to ids: which departments (already limited to the caller's scope
 * and the chosen subtree), which subject, which staff attributes. `rollupConditions` turns it into
 * WHERE fragments on a rollup table; `staffConditions` on base tables (staff `s`, assignment `a`).
 */
export interface ReportFilter {
  /** Departments whose own counts are included (scope ∩ chosen subtree). */
  departmentIds: string[];
  /** True when that is every department (the city, no subtree chosen): no department condition is needed. */
  allDepartments?: boolean;
  /** course.id or track.id, or undefined for every subject. */
  subjectId?: string;
  jobClass?: string;
  workLocation?: string;
  activeOnly: boolean;
}

export function param(params: unknown[], value: unknown): string {
  params.push(value);
  return `$${params.length}`;
}

/** A department condition the planner can hash (`= ANY(array)` probes the index once per department). */
function inDepartments(f: ReportFilter, column: string, params: unknown[]): string[] {
  return f.allDepartments ? [] : [`${column} IN (SELECT unnest(${param(params, f.departmentIds)}::uuid[]))`];
}

/**
 * Which grain of report_status / report_week to read (migration ReportingGrains): keyed by job
 * class, by work location, by both or by neither. The filter's own attributes by default; a
 * breakdown by an attribute adds it.
 */
export interface Grain {
  byJobClass: boolean;
  byLocation: boolean;
}

export const filterGrain = (f: ReportFilter, extra: Partial<Grain> = {}): Grain => ({
  byJobClass: f.jobClass !== undefined || extra.byJobClass === true,
  byLocation: f.workLocation !== undefined || extra.byLocation === true,
});

/**
 * Conditions on a rollup alias keyed by department_id, job_class, work_location, active (and
 * subject_id unless `subject` is false). `grain`: for report_status and report_week, the one grain
 * to read — every row is counted once per grain, so leaving it out would count four times.
 * `departments: false` leaves the department to the caller (report_week's reads, `weekProbe`).
 */
export function rollupConditions(
  f: ReportFilter,
  alias: string,
  params: unknown[],
  options: { subject?: boolean; grain?: Grain; departments?: false } = {},
): string[] {
  const where = ['TRUE', ...(options.departments === false ? [] : inDepartments(f, `${alias}.department_id`, params))];
  if (options.grain) {
    where.push(`${alias}.by_job_class = ${options.grain.byJobClass}`, `${alias}.by_location = ${options.grain.byLocation}`);
    // A grain without an attribute keys it '': saying so lets the key's index reach the columns after it (the week).
    if (!options.grain.byJobClass) where.push(`${alias}.job_class = ''`);
    if (!options.grain.byLocation) where.push(`${alias}.work_location = ''`);
  }
  if (options.subject !== false && f.subjectId) where.push(`${alias}.subject_id = ${param(params, f.subjectId)}::uuid`);
  if (f.jobClass !== undefined) where.push(`${alias}.job_class = ${param(params, f.jobClass)}`);
  if (f.workLocation !== undefined) where.push(`${alias}.work_location = ${param(params, f.workLocation)}`);
  if (f.activeOnly) where.push(`${alias}.active`);
  return where;
}

/** Conditions on report_status at the filter's grain. */
export const grainedConditions = (f: ReportFilter, alias: string, params: unknown[], subject = true): string =>
  rollupConditions(f, alias, params, { subject, grain: filterGrain(f) }).join(' AND ');

/**
 * A read of report_week as a FROM item, `dep` (the departments) × `x` (what `select` returns for
 * each), one index probe per department: report_week's key has the department before the week, so
 * a department's weeks are one range. `select` is a query over `report_week r` with the WHERE it is
 * given (this department, the filter's grain and attributes); it aggregates, so PostgreSQL cannot
 * flatten it into a join and the plan stays the probes whatever it estimates (given the city's 240
 * departments as a list, it scanned the whole grain instead). Summed over departments
 * (`perDepartment` false), the whole city reads its own rows: one probe. Reads name
 * `report_week_live` (the rollup rows UNION ALL the pending deltas, migration RollupDeltas): the
 * planner pushes these conditions into both, and each is probed through its own index of the same
 * key order, so the shape holds.
 */
export function weekProbe(f: ReportFilter, params: unknown[], options: { perDepartment: boolean; subject?: boolean }, select: (where: string) => string): string {
  const city = !options.perDepartment && f.allDepartments === true;
  const departments = param(params, city ? [CITY_DEPARTMENT] : f.departmentIds);
  const where = [
    `r.department_id = dep.id`,
    `r.by_department = ${!city}`,
    ...rollupConditions(f, 'r', params, { subject: options.subject, grain: filterGrain(f), departments: false }),
  ];
  return `unnest(${departments}::uuid[]) AS dep(id) CROSS JOIN LATERAL (${select(where.join(' AND '))}) x`;
}

/** The same filter on base tables: staff `s` and (when `subject`) assignment `a`. */
export function staffConditions(f: ReportFilter, params: unknown[], subject = true): string[] {
  const where = ['TRUE', ...inDepartments(f, 's.department_id', params)];
  if (subject && f.subjectId) where.push(`COALESCE(a.course_id, a.track_id) = ${param(params, f.subjectId)}::uuid`);
  if (f.jobClass !== undefined) where.push(`COALESCE(s.job_class, '') = ${param(params, f.jobClass)}`);
  if (f.workLocation !== undefined) where.push(`COALESCE(s.work_location, '') = ${param(params, f.workLocation)}`);
  if (f.activeOnly) where.push(`s.active`);
  return where;
}

/** Whether `staffConditions` would test anything of staff (else a base-table read need not join them). */
export const filtersStaff = (f: ReportFilter): boolean => staffConditions(f, [], false).length > 1;

/** An assignment that is its current cycle (no later cycle points at it): what the rollups count. */
export const CURRENT_CYCLE = `NOT EXISTS (SELECT 1 FROM assignment nx WHERE nx.previous_assignment_id = a.id)`;

/**
 * Reporting's days are the city's (CITY_TIME_ZONE, the database's `city_setting`): "today", weeks
 * (Monday) and quarters are days there, written YYYY-MM-DD, as the rollups count them.
 */

/** The Monday of the week holding `day`. */
export function weekStart(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** The first day of the quarter holding `day`. */
export function quarterStart(day: string): string {
  const month = Math.floor((Number(day.slice(5, 7)) - 1) / 3) * 3 + 1;
  return `${day.slice(0, 4)}-${String(month).padStart(2, '0')}-01`;
}

/**
 * The days the time-dependent figures need, for `now` in the city: "overdue" is due before today
 * (the due day has ended); "due in the next 30 days" is due from today to the 30th day after it;
 * weeks start on Monday.
 */
export interface Clock {
  now: Date;
  /** The city's day at `now`, and the day after. */
  today: string;
  tomorrow: string;
  thisWeek: string;
  nextWeek: string;
  /** The day after the 30 days of "due soon" (exclusive end), and its week. */
  dueSoonEnd: string;
  dueSoonEndWeek: string;
  quarterStart: string;
  /** The first Monday on or after the quarter's start. */
  quarterFirstWeek: string;
}

export function clockAt(now: Date, timeZone: string): Clock {
  const today = cityDay(now, timeZone);
  const thisWeek = weekStart(today);
  const dueSoonEnd = addDays(today, 31);
  const q = quarterStart(today);
  const qWeek = weekStart(q);
  return {
    now,
    today,
    tomorrow: addDays(today, 1),
    thisWeek,
    nextWeek: addDays(thisWeek, 7),
    dueSoonEnd,
    dueSoonEndWeek: weekStart(dueSoonEnd),
    quarterStart: q,
    quarterFirstWeek: qWeek === q ? q : addDays(qWeek, 7),
  };
}

export { addDays };
