import { Injectable } from '@nestjs/common';
import { assignmentStatusSql, staffScopeCondition } from '@equip/server/database';
import type { DisaggregationDimension, ReportPerson } from '@equip/shared/contracts';
import type { StaffScope } from '@equip/shared/domain';
import type { EntityManager } from 'typeorm';
import { CURRENT_CYCLE, filterGrain, param, rollupConditions, staffConditions, type ReportFilter } from './report-filter';

export interface GroupStates {
  group: string;
  state: 'open' | 'completed' | 'exempt';
  n: number;
}

export interface CohortFigures {
  id: string;
  name: string;
  department: { id: string; code: string; name: string } | null;
  members: number;
  subjectId: string | null;
  assigned: number;
  completed: number;
  exempt: number;
  overdue: number;
}

/**
 * Whose people a list holds: the staff of a department subtree matching the dashboard's filters
 * (with their current-cycle assignments, of the filter's subject when set), or a cohort's current
 * members (with the current cycles of what the cohort assigns: the assignments its figures count).
 */
export type PeopleOf = { departments: ReportFilter } | { cohortId: string };

/** Disaggregation from the rollups, cohorts of a department, and (scoped) lists of people. */
@Injectable()
export class DrilldownRepository {
  /** Current cycles of one subject by job class or work location ('' = unknown) and state. */
  async byAttribute(m: EntityManager, f: ReportFilter, dimension: Exclude<DisaggregationDimension, 'tenure_band'>): Promise<GroupStates[]> {
    const params: unknown[] = [];
    const column = dimension === 'job_class' ? 'job_class' : 'work_location';
    const rows: GroupStates[] = await m.query(
      `SELECT r.${column} AS "group", r.state, sum(r.n)::int AS n FROM report_status_live r
        WHERE ${rollupConditions(f, 'r', params, { grain: filterGrain(f, column === 'job_class' ? { byJobClass: true } : { byLocation: true }) }).join(' AND ')}
        GROUP BY 1, 2 HAVING sum(r.n) <> 0 ORDER BY 1, 2`,
      params,
    );
    return rows;
  }

  /** Current cycles of one subject by hire year (0 = unknown) and state. */
  async byHireYear(m: EntityManager, f: ReportFilter): Promise<{ hireYear: number; state: GroupStates['state']; n: number }[]> {
    const params: unknown[] = [f.departmentIds, f.subjectId];
    return m.query(
      `SELECT r.hire_year AS "hireYear", r.state, sum(r.n)::int AS n FROM report_tenure_live r
        WHERE r.department_id = ANY($1::uuid[]) AND r.subject_id = $2::uuid ${f.activeOnly ? 'AND r.active' : ''}
        GROUP BY 1, 2 HAVING sum(r.n) <> 0 ORDER BY 1, 2`,
      params,
    );
  }

  /** The department owning a cohort (null: city-wide); undefined when there is no such cohort (or it is archived). */
  async cohortOwner(m: EntityManager, cohortId: string): Promise<string | null | undefined> {
    const rows: { departmentId: string | null }[] = await m.query(`SELECT department_id AS "departmentId" FROM cohort WHERE id = $1 AND archived_at IS NULL`, [cohortId]);
    return rows[0]?.departmentId;
  }

  /**
   * Cohorts owned by these departments with, per subject they assign, the current-cycle
   * assignments that came from them (staff filters apply). Bounded by the departments' cohorts.
   */
  async cohorts(m: EntityManager, f: ReportFilter, cohortId?: string): Promise<CohortFigures[]> {
    const params: unknown[] = [];
    const owner = cohortId ? `c.id = ${param(params, cohortId)}::uuid` : `c.department_id = ANY(${param(params, f.departmentIds)}::uuid[])`;
    const memberWhere = staffConditions(f, params, false).join(' AND ');
    const staffWhere = staffConditions(f, params).join(' AND ');
    const rows: (Omit<CohortFigures, 'members' | 'assigned' | 'completed' | 'exempt' | 'overdue'> & Record<'members' | 'assigned' | 'completed' | 'exempt' | 'overdue', string>)[] =
      await m.query(
        `SELECT c.id, c.name, CASE WHEN d.id IS NULL THEN NULL ELSE json_build_object('id', d.id, 'code', d.code, 'name', d.name) END AS department,
                (SELECT count(*) FROM cohort_member cm JOIN staff s ON s.id = cm.staff_id WHERE cm.cohort_id = c.id AND cm.left_at IS NULL AND ${memberWhere}) AS members,
                x.subject_id AS "subjectId", COALESCE(x.assigned, 0) AS assigned, COALESCE(x.completed, 0) AS completed, COALESCE(x.exempt, 0) AS exempt, COALESCE(x.overdue, 0) AS overdue
           FROM cohort c LEFT JOIN department d ON d.id = c.department_id
           LEFT JOIN LATERAL (
             SELECT COALESCE(a.course_id, a.track_id) AS subject_id, count(*) AS assigned,
                    count(*) FILTER (WHERE a.exempted_at IS NULL AND a.completed_at IS NOT NULL) AS completed,
                    count(*) FILTER (WHERE a.exempted_at IS NOT NULL) AS exempt,
                    count(*) FILTER (WHERE a.exempted_at IS NULL AND a.completed_at IS NULL AND a.due_on < city_today()) AS overdue
               FROM assignment a JOIN staff s ON s.id = a.staff_id
              WHERE a.sources @> jsonb_build_array(jsonb_build_object('cohortId', c.id)) AND ${CURRENT_CYCLE} AND ${staffWhere}
              GROUP BY 1) x ON true
          WHERE c.archived_at IS NULL AND ${owner}
          ORDER BY c.name, c.id, x.subject_id`,
        params,
      );
    return rows.map((r) => ({
      ...r,
      members: Number(r.members),
      assigned: Number(r.assigned),
      completed: Number(r.completed),
      exempt: Number(r.exempt),
      overdue: Number(r.overdue),
    }));
  }

  /**
   * People in the caller's scope (by last name) with their assignments, for a department subtree
   * or a cohort (`of`); `status` keeps those with an assignment in that status (the one rule).
   * `limit` undefined = every row (CSV).
   */
  async people(
    m: EntityManager,
    scope: StaffScope,
    of: PeopleOf,
    options: { status?: string; search?: string; limit?: number; offset: number },
  ): Promise<{ items: ReportPerson[]; total: number }> {
    const params: unknown[] = [];
    const where = [staffScopeCondition(scope, 's', params)];
    const assignmentWhere = [CURRENT_CYCLE, 'a.staff_id = s.id'];
    if ('cohortId' in of) {
      const cohort = param(params, of.cohortId);
      where.push(`EXISTS (SELECT 1 FROM cohort_member cm WHERE cm.cohort_id = ${cohort}::uuid AND cm.staff_id = s.id AND cm.left_at IS NULL)`);
      assignmentWhere.push(`a.sources @> jsonb_build_array(jsonb_build_object('cohortId', ${cohort}::uuid))`);
    } else {
      where.push(...staffConditions(of.departments, params, false));
      if (of.departments.subjectId) assignmentWhere.push(`COALESCE(a.course_id, a.track_id) = ${param(params, of.departments.subjectId)}::uuid`);
    }
    if (options.status) where.push(`EXISTS (SELECT 1 FROM assignment a WHERE ${assignmentWhere.join(' AND ')} AND (${assignmentStatusSql('a')}) = ${param(params, options.status)})`);
    else if ('departments' in of && of.departments.subjectId) where.push(`EXISTS (SELECT 1 FROM assignment a WHERE ${assignmentWhere.join(' AND ')})`);
    if (options.search) {
      const like = param(params, `%${options.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(s.first_name || ' ' || s.last_name ILIKE ${like} OR s.employee_id ILIKE ${like} OR s.email ILIKE ${like})`);
    }
    const page = options.limit === undefined ? '' : `LIMIT ${param(params, options.limit)} OFFSET ${param(params, options.offset)}`;
    const rows: (ReportPerson & { total: string })[] = await m.query(
      `SELECT s.id, s.employee_id AS "employeeId", s.first_name AS "firstName", s.last_name AS "lastName",
              json_build_object('id', d.id, 'code', d.code, 'name', d.name) AS department, s.job_class AS "jobClass", s.work_location AS "workLocation", s.active,
              COALESCE((SELECT json_agg(json_build_object('subject', CASE WHEN a.course_id IS NOT NULL THEN 'course:' || co.slug ELSE 'track:' || t.slug END,
                                                     'title', COALESCE(cv.title, t.title), 'status', ${assignmentStatusSql('a')}, 'dueOn', a.due_on, 'completedAt', a.completed_at)
                                   ORDER BY COALESCE(cv.title, t.title))
                          FROM assignment a LEFT JOIN course co ON co.id = a.course_id LEFT JOIN course_version cv ON cv.id = co.current_version_id
                          LEFT JOIN track t ON t.id = a.track_id WHERE ${assignmentWhere.join(' AND ')}), '[]') AS assignments,
              count(*) OVER () AS total
         FROM staff s JOIN department d ON d.id = s.department_id
        WHERE ${where.join(' AND ')}
        ORDER BY s.last_name, s.first_name, s.id ${page}`,
      params,
    );
    return { items: rows.map(({ total: _t, ...r }) => r), total: Number(rows[0]?.total ?? 0) };
  }
}
