import { Injectable } from '@nestjs/common';
import { departmentScopeCondition } from '@equip/server/database';
import type { StaffScope } from '@equip/shared/domain';
import type { EntityManager } from 'typeorm';
import { filtersStaff, grainedConditions, param, rollupConditions, staffConditions, weekProbe, type Clock, type ReportFilter } from './report-filter';

export interface DepartmentRow {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  kind: string;
  path: string;
}

export interface SubjectRow {
  id: string;
  kind: 'course' | 'track';
  slug: string;
  title: string;
}

export interface CellCount {
  departmentId: string;
  subjectId: string;
  n: number;
}

export interface StateCount extends CellCount {
  state: 'open' | 'completed' | 'exempt';
}

/** Depth-first, keeping the given order among siblings; a department whose parent is not listed is a root. */
export function treeOrder(rows: DepartmentRow[]): DepartmentRow[] {
  const ids = new Set(rows.map((r) => r.id));
  const children = new Map<string | null, DepartmentRow[]>();
  for (const r of rows) {
    const parent = r.parentId && ids.has(r.parentId) ? r.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const out: DepartmentRow[] = [];
  const visit = (parent: string | null) => {
    for (const r of children.get(parent) ?? []) {
      out.push(r);
      visit(r.id);
    }
  };
  visit(null);
  return out;
}

/**
 * The staff member of each assignment row `a`, looked up by primary key row by row, for the base-table
 * reads bounded to a day or a few days of assignments (a few hundred to a few thousand rows). `OFFSET
 * 0` keeps the subquery from being flattened into a join the planner may hash: with a staff filter (a
 * job class) it read all 100,000 staff to join 1,163 completions (49 ms instead of 10).
 */
const STAFF_BY_ROW = `CROSS JOIN LATERAL (SELECT * FROM staff s WHERE s.id = a.staff_id OFFSET 0) s`;

const toInt = <T extends { n: unknown }>(rows: T[]) => rows.map((r) => ({ ...r, n: Number(r.n) }));

/**
 * Reads of the reporting rollups (never a scan of every assignment): the department tree in the
 * caller's scope, counts by department and subject, weekly series. The only base-table reads are
 * bounded by an index to one week of due dates or a few days of completions, so the
 * time-dependent figures are exact at the instant of the request.
 */
@Injectable()
export class DashboardRepository {
  /** Departments the caller may see in tree order: each parent followed by its children, siblings by name. */
  async departments(m: EntityManager, scope: StaffScope): Promise<DepartmentRow[]> {
    const params: unknown[] = [];
    const rows: DepartmentRow[] = await m.query(
      `SELECT d.id, d.code, d.name, d.parent_id AS "parentId", d.kind, d.path FROM department d
        WHERE ${departmentScopeCondition(scope, 'd', params)} ORDER BY d.name, d.code`,
      params,
    );
    return treeOrder(rows);
  }

  /** Courses and tracks (not archived), tracks first, by title. */
  async subjects(m: EntityManager): Promise<SubjectRow[]> {
    return m.query(
      `SELECT t.id, 'track' AS kind, t.slug, t.title FROM track t WHERE t.archived_at IS NULL
       UNION ALL
       SELECT c.id, 'course', c.slug, v.title FROM course c JOIN course_version v ON v.id = c.current_version_id WHERE c.archived_at IS NULL
       ORDER BY 2 DESC, 4`,
    );
  }

  /** Job classes and work locations present among staff of these departments. */
  async attributeValues(m: EntityManager, departmentIds: string[]): Promise<{ jobClasses: string[]; workLocations: string[] }> {
    const rows: { dim: string; value: string }[] = await m.query(
      `SELECT 'job_class' AS dim, job_class AS value FROM report_staff_live WHERE department_id = ANY($1::uuid[]) AND job_class <> '' GROUP BY 2 HAVING sum(n) > 0
       UNION ALL SELECT 'work_location', work_location FROM report_staff_live WHERE department_id = ANY($1::uuid[]) AND work_location <> '' GROUP BY 2 HAVING sum(n) > 0
       ORDER BY 1, 2`,
      [departmentIds],
    );
    return {
      jobClasses: rows.filter((r) => r.dim === 'job_class').map((r) => r.value),
      workLocations: rows.filter((r) => r.dim === 'work_location').map((r) => r.value),
    };
  }

  /** Current-cycle assignments by department (own, not subtree), subject and state. */
  async states(m: EntityManager, f: ReportFilter): Promise<StateCount[]> {
    const params: unknown[] = [];
    return toInt(
      await m.query(
        `SELECT r.department_id AS "departmentId", r.subject_id AS "subjectId", r.state, sum(r.n) AS n FROM report_status_live r
          WHERE ${grainedConditions(f, 'r', params)} GROUP BY 1, 2, 3 HAVING sum(r.n) <> 0`,
        params,
      ),
    );
  }

  /** Open assignments due in whole weeks before this one, by department and subject (all overdue). */
  async dueBefore(m: EntityManager, f: ReportFilter, week: string): Promise<CellCount[]> {
    const params: unknown[] = [week];
    return toInt(
      await m.query(
        `SELECT dep.id AS "departmentId", x.subject_id AS "subjectId", x.n
           FROM ${weekProbe(f, params, { perDepartment: true }, (where) => `SELECT r.subject_id, sum(r.n) AS n FROM report_week_live r WHERE r.kind = 'due' AND r.week < $1::date AND ${where} GROUP BY 1 HAVING sum(r.n) <> 0`)}`,
        params,
      ),
    );
  }

  /** Open assignments due in whole weeks from `from` (inclusive) to `to` (exclusive). */
  async dueBetweenWeeks(m: EntityManager, f: ReportFilter, from: string, to: string): Promise<number> {
    const params: unknown[] = [from, to];
    const [row] = await m.query(
      `SELECT COALESCE(sum(x.n), 0) AS n
         FROM ${weekProbe(f, params, { perDepartment: false }, (where) => `SELECT sum(r.n) AS n FROM report_week_live r WHERE r.kind = 'due' AND r.week >= $1::date AND r.week < $2::date AND ${where}`)}`,
      params,
    );
    return Number(row.n);
  }

  /**
   * The partial weeks, by department and subject: this week's open assignments due before today
   * (overdue) and the days of the next 30 that whole weeks leave out (due soon), from the 'due_day'
   * rollup. A due date is a city day, so no day is split: today's due work is due soon, not overdue.
   */
  async dueThisWeek(m: EntityManager, f: ReportFilter, c: Clock): Promise<(CellCount & { overdue: number; dueSoon: number })[]> {
    const params: unknown[] = [c.thisWeek, c.today, c.nextWeek, c.dueSoonEndWeek, c.dueSoonEnd];
    // One range per department from this week to the end of the 30 days, the days of each part
    // picked out by FILTER (a list of days, `= ANY`, would probe every department × day).
    const days = weekProbe(
      f,
      params,
      { perDepartment: true },
      (where) => `SELECT r.subject_id, COALESCE(sum(r.n) FILTER (WHERE r.week < $2::date), 0) AS overdue,
                         COALESCE(sum(r.n) FILTER (WHERE (r.week >= $2::date AND r.week < $3::date) OR r.week >= $4::date), 0) AS due_soon
                    FROM report_week_live r WHERE r.kind = 'due_day' AND r.week >= $1::date AND r.week < $5::date AND ${where} GROUP BY 1`,
    );
    const rows: { departmentId: string; subjectId: string; overdue: string; dueSoon: string }[] = await m.query(
      `SELECT dep.id AS "departmentId", x.subject_id AS "subjectId", x.overdue, x.due_soon AS "dueSoon" FROM ${days}
        WHERE x.overdue + x.due_soon <> 0`,
      params,
    );
    return rows.map((r) => ({ departmentId: r.departmentId, subjectId: r.subjectId, n: 0, overdue: Number(r.overdue), dueSoon: Number(r.dueSoon) }));
  }

  /** The city's time zone as the database holds it (`city_setting`): the one the rollups count weeks in. */
  async cityTimeZone(m: EntityManager): Promise<string> {
    const [row]: { zone: string }[] = await m.query(`SELECT city_time_zone() AS zone`);
    return row.zone;
  }

  /** Completions (any cycle) since the quarter began: whole weeks from the rollup, the days before its first Monday from the base table. */
  async completionsSince(m: EntityManager, f: ReportFilter, c: Clock): Promise<number> {
    const p1: unknown[] = [c.quarterFirstWeek];
    const [weeks] = await m.query(
      `SELECT COALESCE(sum(x.n), 0) AS n
         FROM ${weekProbe(f, p1, { perDepartment: false }, (where) => `SELECT sum(r.n) AS n FROM report_week_live r WHERE r.kind = 'completed' AND r.week >= $1::date AND ${where}`)}`,
      p1,
    );
    const p2: unknown[] = [c.quarterStart, c.quarterFirstWeek];
    const [days] = await m.query(
      `SELECT count(*) AS n FROM assignment a ${filtersStaff(f) ? STAFF_BY_ROW : ''}
        WHERE a.completed_at >= city_midnight($1::date) AND a.completed_at < city_midnight($2::date) AND a.exempted_at IS NULL AND ${staffConditions(f, p2).join(' AND ')}`,
      p2,
    );
    return Number(weeks.n) + Number(days.n);
  }

  /** Completions per week (Monday) from `from` to `to`, both week starts, inclusive. */
  async completionsByWeek(m: EntityManager, f: ReportFilter, from: string, to: string): Promise<{ week: string; n: number }[]> {
    const params: unknown[] = [from, to];
    return toInt(
      await m.query(
        `SELECT to_char(x.week, 'YYYY-MM-DD') AS week, sum(x.n) AS n
           FROM ${weekProbe(f, params, { perDepartment: false }, (where) => `SELECT r.week, sum(r.n) AS n FROM report_week_live r WHERE r.kind = 'completed' AND r.week >= $1::date AND r.week <= $2::date AND ${where} GROUP BY 1`)}
          GROUP BY x.week ORDER BY x.week`,
        params,
      ),
    );
  }

  /** Completions of `trackId` per week up to `to` (every week, for a cumulative series). */
  async trainedByWeek(m: EntityManager, f: ReportFilter, trackId: string, to: string): Promise<{ week: string; n: number }[]> {
    const params: unknown[] = [trackId, to];
    return toInt(
      await m.query(
        `SELECT to_char(x.week, 'YYYY-MM-DD') AS week, sum(x.n) AS n
           FROM ${weekProbe(f, params, { perDepartment: false, subject: false }, (where) => `SELECT r.week, sum(r.n) AS n FROM report_week_live r WHERE r.kind = 'trained' AND r.subject_id = $1::uuid AND r.week <= $2::date AND ${where} GROUP BY 1`)}
          GROUP BY x.week ORDER BY x.week`,
        params,
      ),
    );
  }

  async staffCount(m: EntityManager, f: ReportFilter): Promise<number> {
    const params: unknown[] = [];
    const [row] = await m.query(`SELECT COALESCE(sum(r.n), 0) AS n FROM report_staff_live r WHERE ${rollupConditions(f, 'r', params, { subject: false }).join(' AND ')}`, params);
    return Number(row.n);
  }

  /** Staff per competency level, lowest level first. */
  async competencyLevels(m: EntityManager, f: ReportFilter): Promise<{ slug: string; name: string; level: string; rank: number; n: number }[]> {
    const params: unknown[] = [];
    return toInt(
      await m.query(
        `SELECT c.slug, c.name, COALESCE(c.levels -> r.level_rank ->> 'name', 'level ' || (r.level_rank + 1)) AS level, r.level_rank AS rank, sum(r.n) AS n
           FROM report_competency_live r JOIN competency c ON c.id = r.competency_id
          WHERE ${rollupConditions(f, 'r', params, { subject: false }).join(' AND ')}
          GROUP BY c.slug, c.name, c.levels, r.level_rank HAVING sum(r.n) <> 0 ORDER BY c.name, r.level_rank`,
        params,
      ),
    );
  }

  async rebuild(m: EntityManager): Promise<void> {
    await m.query(`SELECT report_rebuild()`);
  }

  /** A track's id by slug. */
  async trackIdBySlug(m: EntityManager, slug: string): Promise<string | undefined> {
    const params: unknown[] = [];
    const rows: { id: string }[] = await m.query(`SELECT id FROM track WHERE slug = ${param(params, slug)}`, params);
    return rows[0]?.id;
  }
}
