import { Injectable } from '@nestjs/common';
import { accountStatusJson, assignmentStatusSql, departmentScopeCondition, staffScopeCondition } from '@equip/server/database';
import type {
  AssignmentView, CohortAssignmentView, CohortDetail, CohortKind, CohortMemberRow, CohortPerson, CohortRule, CohortSummary, DueRule, LeadHome, LeadHomeCohort, LeadHomeNudge, MemberFilter, MemberSort, MembershipHistoryRow, Page,
  RuleChangePreview, RuleChoices, WithdrawalPreview,
} from '@equip/shared/contracts';
import type { StaffScope } from '@equip/shared/domain';
import { OutboxEvent } from '@equip/shared/contracts';
import { EntityManager } from 'typeorm';
import { cohortBound, cohortPattern, cohortSource, cohortVisible, memberCondition, ruleCondition } from './cohort-sql';

export interface CohortRow {
  id: string;
  departmentId: string | null;
  kind: CohortKind;
  rule: CohortRule | null;
}

export interface CohortAssignmentRow {
  id: string;
  cohortId: string;
  courseId: string | null;
  trackId: string | null;
}

export interface MembersFilter {
  status?: MemberFilter;
  search?: string;
  sort: MemberSort;
  direction: 'asc' | 'desc';
  /** undefined = every row (CSV). */
  limit?: number;
  offset: number;
  /** The city's time zone: the day an invitation link stops working is a day there. */
  cityTimeZone: string;
}

const PERSON = `json_build_object('id', s.id, 'employeeId', s.employee_id, 'firstName', s.first_name, 'lastName', s.last_name, 'email', s.email,
  'department', json_build_object('id', d.id, 'code', d.code, 'name', d.name), 'jobTitle', s.job_title, 'jobClass', s.job_class)`;

/** Each member's latest cycle of each of this cohort's courses and tracks ($2 is the cohort's source pattern), with its status. */
function latestCells(members: string, one?: string): string {
  const who = one ? `a.staff_id = ${one}.staff_id` : `a.staff_id IN (SELECT staff_id FROM ${members})`;
  return `SELECT DISTINCT ON (a.staff_id, a.course_id, a.track_id)
                 a.staff_id, a.id, CASE WHEN a.course_id IS NULL THEN 'track' ELSE 'course' END AS kind,
                 COALESCE(c.slug, t.slug) AS slug, COALESCE(cv.title, t.title) AS title, ${assignmentStatusSql('a')} AS status,
                 a.due_on, a.completed_at, a.exempt_reason, a.sources
            FROM assignment a
            LEFT JOIN course c ON c.id = a.course_id LEFT JOIN course_version cv ON cv.id = c.current_version_id
            LEFT JOIN track t ON t.id = a.track_id
           WHERE ${who} AND a.sources @> $2::jsonb
           ORDER BY a.staff_id, a.course_id, a.track_id, a.cycle DESC`;
}

/**
 * The due day when open work is assigned again: the earliest of the two, except that a personal
 * extension stands unless the new day is later still.
 */
const MERGED_DUE_ON = `CASE WHEN EXISTS (SELECT 1 FROM assignment_extension e WHERE e.assignment_id = assignment.id)
  THEN GREATEST(assignment.due_on, EXCLUDED.due_on) ELSE LEAST(assignment.due_on, EXCLUDED.due_on) END`;

/**
 * The earliest due day the other sources of an open assignment give the person (NULL when none
 * does), for a change to one source to merge as assigning does (earliest wins): another cohort's
 * definition by its own rule (`assign`'s arithmetic with that cohort's membership), a person's
 * assignment by the day it gave (`dueOn` in the source; one written before that was kept is bounded
 * by the day the person has now). The learner's own choice gives no day.
 */
function otherSourcesDueOn(a: string, s: string, except: string): string {
  return `SELECT min(CASE WHEN src->>'kind' = 'person' THEN COALESCE((src->>'dueOn')::date, ${a}.due_on)
                          WHEN o.due_kind = 'absolute' THEN o.due_on
                          ELSE GREATEST(COALESCE(CASE o.due_kind WHEN 'after_hire' THEN ${s}.hire_date ELSE city_day(om.joined_at) END, o.starts_on), o.starts_on) + o.due_days END) AS due_on
            FROM jsonb_array_elements(${a}.sources) src
            LEFT JOIN cohort_assignment o ON src->>'kind' = 'cohort' AND o.id::text = src->>'cohortAssignmentId' AND o.withdrawn_at IS NULL
            LEFT JOIN cohort_member om ON om.cohort_id = o.cohort_id AND om.staff_id = ${a}.staff_id AND om.left_at IS NULL
           WHERE (src->>'kind' = 'person' OR o.id IS NOT NULL) AND o.id IS DISTINCT FROM ${except}`;
}

/**
 * Why a member's open work is due when it is, where the rule alone would surprise (in the members
 * page's cell, with \`s\` the member): a personal extension, or "days after hire" counted from the
 * day the assignment started because the person was hired before it (or has no hire date on file).
 */
const DUE_BASIS = `(SELECT json_build_object('basis', CASE WHEN ext.extended THEN 'extended' WHEN s.hire_date IS NULL THEN 'no_hire_date' ELSE 'hired_before_start' END,
                                     'days', ca.due_days, 'startsOn', to_char(ca.starts_on, 'YYYY-MM-DD'))
     FROM cohort_assignment ca
     CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM assignment_extension x WHERE x.assignment_id = cell.id AND x.due_on = cell.due_on) AS extended) ext
    WHERE ca.cohort_id = $1 AND cell.completed_at IS NULL AND cell.status <> 'exempt' AND cell.sources @> jsonb_build_array(jsonb_build_object('cohortAssignmentId', ca.id::text))
      AND (ext.extended OR (ca.due_kind = 'after_hire' AND cell.due_on = ca.starts_on + ca.due_days AND (s.hire_date IS NULL OR s.hire_date < ca.starts_on)))
    LIMIT 1)`;

/**
 * The member's most urgent status, as a sort key (0 overdue, 1 not started, 2 in progress, 3
 * completed, 4 exempt, 5 nothing), from the membership's kept keys: the earliest open due day
 * decides overdue against today (read once per query: `city_today()` reads city_setting, and per row
 * it ran once for each of 20,000 members); the rest does not change with the day.
 */
const MEMBER_WORST_KEPT = `CASE WHEN m.status_due_on < (SELECT city_today()) THEN 0 ELSE m.status_rank END`;

const SUMMARY = `c.id, c.name, c.description, c.kind, c.created_at AS "createdAt", c.updated_at AS "updatedAt",
  CASE WHEN cd.id IS NULL THEN NULL ELSE json_build_object('id', cd.id, 'code', cd.code, 'name', cd.name) END AS department,
  (SELECT count(*)::int FROM cohort_member m WHERE m.cohort_id = c.id AND m.left_at IS NULL) AS "memberCount",
  (SELECT count(*)::int FROM cohort_assignment ca WHERE ca.cohort_id = c.id AND ca.withdrawn_at IS NULL) AS "assignmentCount",
  c.archived_at AS "archivedAt"`;

const like = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Cohorts, their members and assignments. Every read of people applies the caller's scope. */
@Injectable()
export class CohortRepository {
  // ── cohorts ──────────────────────────────────────────────────────────────────────────────────

  async list(manager: EntityManager, scope: StaffScope, filter: { search?: string; departmentId?: string; archived?: boolean; page: number; pageSize: number }): Promise<Page<CohortSummary>> {
    const params: unknown[] = [];
    const where = [filter.archived ? 'c.archived_at IS NOT NULL' : 'c.archived_at IS NULL', cohortVisible(scope, 'c', params)];
    if (filter.search) {
      params.push(like(filter.search));
      where.push(`c.name ILIKE $${params.length}`);
    }
    if (filter.departmentId) {
      params.push(filter.departmentId);
      where.push(`c.department_id = $${params.length}`);
    }
    params.push(filter.pageSize, (filter.page - 1) * filter.pageSize);
    const rows: (CohortSummary & { total: number })[] = await manager.query(
      `SELECT ${SUMMARY}, count(*) OVER ()::int AS total
         FROM cohort c LEFT JOIN department cd ON cd.id = c.department_id
        WHERE ${where.join(' AND ')}
        ORDER BY c.name, c.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { items: rows.map(({ total: _t, ...r }) => r), total: rows[0]?.total ?? 0, page: filter.page, pageSize: filter.pageSize };
  }

  /** The cohort if the caller may see it (locked FOR UPDATE when `lock`). */
  async find(manager: EntityManager, scope: StaffScope, id: string, lock = false): Promise<CohortRow | undefined> {
    const params: unknown[] = [id];
    const rows: CohortRow[] = await manager.query(
      `SELECT c.id, c.department_id AS "departmentId", c.kind, c.rule FROM cohort c
        WHERE c.id = $1 AND c.archived_at IS NULL AND ${cohortVisible(scope, 'c', params)} ${lock ? 'FOR UPDATE' : ''}`,
      params,
    );
    return rows[0];
  }

  async detail(manager: EntityManager, id: string): Promise<CohortDetail> {
    const rows: CohortDetail[] = await manager.query(
      `SELECT ${SUMMARY}, c.rule, c.evaluated_at AS "evaluatedAt",
              CASE WHEN o.id IS NULL THEN NULL ELSE json_build_object('id', o.id, 'firstName', o.first_name, 'lastName', o.last_name) END AS owner
         FROM cohort c LEFT JOIN department cd ON cd.id = c.department_id LEFT JOIN staff o ON o.id = c.owner_id
        WHERE c.id = $1`,
      [id],
    );
    return rows[0];
  }

  async insert(manager: EntityManager, cohort: { name: string; description: string | null; departmentId: string | null; kind: CohortKind; rule: CohortRule | null; ownerId: string }): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO cohort (name, description, department_id, kind, rule, owner_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [cohort.name, cohort.description, cohort.departmentId, cohort.kind, cohort.rule && JSON.stringify(cohort.rule), cohort.ownerId],
    );
    return rows[0].id;
  }

  async update(manager: EntityManager, id: string, change: { name?: string; description?: string | null; departmentId?: string | null; rule?: CohortRule }): Promise<void> {
    await manager.query(
      `UPDATE cohort SET name = COALESCE($2, name),
              description = CASE WHEN $3::boolean THEN $4 ELSE description END,
              department_id = CASE WHEN $5::boolean THEN $6::uuid ELSE department_id END,
              rule = COALESCE($7::jsonb, rule), updated_at = now()
        WHERE id = $1`,
      [id, change.name ?? null, change.description !== undefined, change.description ?? null, change.departmentId !== undefined, change.departmentId ?? null, change.rule ? JSON.stringify(change.rule) : null],
    );
  }

  /** Archives the cohort; what it assigned is withdrawn with it (a restored cohort gets it back only by a previewed re-assign). */
  async archive(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE cohort SET archived_at = now(), updated_at = now() WHERE id = $1`, [id]);
    await manager.query(`UPDATE cohort_assignment SET withdrawn_at = now(), updated_at = now() WHERE cohort_id = $1 AND withdrawn_at IS NULL`, [id]);
  }

  /** An archived cohort the caller may see, locked to restore it. */
  async findArchived(manager: EntityManager, scope: StaffScope, id: string): Promise<(CohortRow & { name: string }) | undefined> {
    const params: unknown[] = [id];
    const rows = await manager.query(
      `SELECT c.id, c.department_id AS "departmentId", c.kind, c.rule, c.name FROM cohort c
        WHERE c.id = $1 AND c.archived_at IS NOT NULL AND ${cohortVisible(scope, 'c', params)} FOR UPDATE`,
      params,
    );
    return rows[0];
  }

  async restore(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE cohort SET archived_at = NULL, updated_at = now() WHERE id = $1`, [id]);
  }

  /** Whether a current cohort in the same department (or city-wide) has this name, ignoring case and surrounding spaces. */
  async nameTaken(manager: EntityManager, departmentId: string | null, name: string, except: string | null): Promise<boolean> {
    const rows = await manager.query(
      `SELECT 1 FROM cohort WHERE department_id IS NOT DISTINCT FROM $1 AND lower(btrim(name)) = lower(btrim($2)) AND archived_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid) LIMIT 1`,
      [departmentId, name, except],
    );
    return rows.length > 0;
  }

  /** Rule cohorts (not archived), for re-evaluation after a roster change. */
  async ruleCohorts(manager: EntityManager): Promise<CohortRow[]> {
    return manager.query(`SELECT id, department_id AS "departmentId", kind, rule FROM cohort WHERE kind = 'rule' AND archived_at IS NULL ORDER BY id FOR UPDATE`);
  }

  // ── people ───────────────────────────────────────────────────────────────────────────────────

  /** Who the rule selects inside the bound and the caller's scope: the count and the first page. */
  async preview(manager: EntityManager, scope: StaffScope, departmentId: string | null, rule: CohortRule, pageSize: number): Promise<{ count: number; people: CohortPerson[] }> {
    const params: unknown[] = [];
    const where = `${memberCondition(scope, departmentId, 's', params)} AND ${ruleCondition(rule, 's', params)}`;
    params.push(pageSize);
    const rows: { person: CohortPerson; total: number }[] = await manager.query(
      `SELECT ${PERSON} AS person, count(*) OVER ()::int AS total
         FROM staff s JOIN department d ON d.id = s.department_id
        WHERE ${where} ORDER BY s.last_name, s.first_name, s.employee_id LIMIT $${params.length}`,
      params,
    );
    return { count: rows[0]?.total ?? 0, people: rows.map((r) => r.person) };
  }

  /** Which of these ids are active staff in the caller's scope and the cohort's bound. */
  async eligible(manager: EntityManager, scope: StaffScope, departmentId: string | null, staffIds: string[]): Promise<Set<string>> {
    const params: unknown[] = [staffIds];
    const rows: { id: string }[] = await manager.query(
      `SELECT s.id FROM staff s WHERE s.id = ANY($1::uuid[]) AND s.active AND ${memberCondition(scope, departmentId, 's', params)}`,
      params,
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Each pasted value (email or employee id) → the matching active person in scope, or null. */
  async matchPasted(manager: EntityManager, scope: StaffScope, departmentId: string | null, values: string[]): Promise<(string | null)[]> {
    const params: unknown[] = [values];
    const rows: { ord: string; id: string | null }[] = await manager.query(
      `SELECT v.ord, (SELECT s.id FROM staff s
                       WHERE (lower(s.email) = lower(v.val) OR s.employee_id = v.val) AND s.active
                         AND ${memberCondition(scope, departmentId, 's', params)} LIMIT 1) AS id
         FROM unnest($1::text[]) WITH ORDINALITY AS v (val, ord) ORDER BY v.ord`,
      params,
    );
    return rows.map((r) => r.id);
  }

  /** Which of these ids are staff (active or not) in the caller's scope. */
  async inScope(manager: EntityManager, scope: StaffScope, staffIds: string[]): Promise<string[]> {
    const params: unknown[] = [staffIds];
    const rows: { id: string }[] = await manager.query(`SELECT s.id FROM staff s WHERE s.id = ANY($1::uuid[]) AND ${staffScopeCondition(scope, 's', params)}`, params);
    return rows.map((r) => r.id);
  }

  /**
   * Distinct job classes and work locations of active staff in the caller's scope, most common first
   * (at most 500 each). Spellings differing only in case are one value (rules match ignoring case),
   * shown as most people have it.
   */
  async ruleChoices(manager: EntityManager, scope: StaffScope): Promise<RuleChoices> {
    const params: unknown[] = [];
    const where = `s.active AND ${staffScopeCondition(scope, 's', params)}`;
    const [row]: RuleChoices[] = await manager.query(
      `SELECT
         COALESCE((SELECT json_agg(json_build_object('value', v, 'count', n) ORDER BY n DESC, v) FROM (
           SELECT mode() WITHIN GROUP (ORDER BY btrim(s.job_class)) AS v, count(*)::int AS n FROM staff s
            WHERE ${where} AND btrim(s.job_class) <> '' GROUP BY lower(btrim(s.job_class)) ORDER BY 2 DESC, 1 LIMIT 500) j), '[]') AS "jobClasses",
         COALESCE((SELECT json_agg(json_build_object('value', v, 'count', n) ORDER BY n DESC, v) FROM (
           SELECT mode() WITHIN GROUP (ORDER BY btrim(s.work_location)) AS v, count(*)::int AS n FROM staff s
            WHERE ${where} AND btrim(s.work_location) <> '' GROUP BY lower(btrim(s.work_location)) ORDER BY 2 DESC, 1 LIMIT 500) w), '[]') AS "workLocations"`,
      params,
    );
    return row;
  }

  async departmentsVisible(manager: EntityManager, scope: StaffScope, ids: string[]): Promise<boolean> {
    const params: unknown[] = [ids];
    const rows: { n: number }[] = await manager.query(
      `SELECT count(*)::int AS n FROM department d WHERE d.id = ANY($1::uuid[]) AND ${departmentScopeCondition(scope, 'd', params)}`,
      params,
    );
    return rows[0].n === new Set(ids).size;
  }

  // ── membership ───────────────────────────────────────────────────────────────────────────────

  async join(manager: EntityManager, cohortId: string, staffIds: string[], reason: string): Promise<string[]> {
    const rows: { staff_id: string }[] = await manager.query(
      `INSERT INTO cohort_member (cohort_id, staff_id, join_reason) SELECT $1, unnest($2::uuid[]), $3
       ON CONFLICT (cohort_id, staff_id) WHERE left_at IS NULL DO NOTHING RETURNING staff_id`,
      [cohortId, staffIds, reason],
    );
    return rows.map((r) => r.staff_id);
  }

  /** Current members leave (all of them when `staffIds` is null). */
  async leave(manager: EntityManager, cohortId: string, staffIds: string[] | null, reason: string): Promise<string[]> {
    const [rows]: [{ staff_id: string }[], number] = await manager.query(
      `UPDATE cohort_member SET left_at = now(), leave_reason = $3
        WHERE cohort_id = $1 AND left_at IS NULL AND ($2::uuid[] IS NULL OR staff_id = ANY($2::uuid[])) RETURNING staff_id`,
      [cohortId, staffIds, reason],
    );
    return rows.map((r) => r.staff_id);
  }

  /** A rule cohort's joins: everyone the rule selects in its bound who is not a member (only among `among`, when given). */
  async ruleJoins(manager: EntityManager, cohort: CohortRow, among: string[] | null): Promise<string[]> {
    const params: unknown[] = [cohort.id, among];
    const selects = `${staffScopeCondition(cohortBound(cohort.departmentId), 's', params)} AND ${ruleCondition(cohort.rule ?? {}, 's', params)}`;
    const rows: { staff_id: string }[] = await manager.query(
      `INSERT INTO cohort_member (cohort_id, staff_id, join_reason)
       SELECT $1, s.id, 'rule' FROM staff s WHERE ($2::uuid[] IS NULL OR s.id = ANY($2::uuid[])) AND ${selects}
       ON CONFLICT (cohort_id, staff_id) WHERE left_at IS NULL DO NOTHING RETURNING staff_id`,
      params,
    );
    return rows.map((r) => r.staff_id);
  }

  /** A rule cohort's leaves: current members the rule no longer selects. */
  async ruleLeaves(manager: EntityManager, cohort: CohortRow, among: string[] | null): Promise<string[]> {
    const params: unknown[] = [cohort.id, among];
    const selects = `${staffScopeCondition(cohortBound(cohort.departmentId), 's', params)} AND ${ruleCondition(cohort.rule ?? {}, 's', params)}`;
    const [rows]: [{ staff_id: string }[], number] = await manager.query(
      `UPDATE cohort_member m SET left_at = now(), leave_reason = 'rule_no_longer_matches'
        WHERE m.cohort_id = $1 AND m.left_at IS NULL AND ($2::uuid[] IS NULL OR m.staff_id = ANY($2::uuid[]))
          AND NOT EXISTS (SELECT 1 FROM staff s WHERE s.id = m.staff_id AND ${selects})
       RETURNING m.staff_id`,
      params,
    );
    return rows.map((r) => r.staff_id);
  }

  async markEvaluated(manager: EntityManager, cohortId: string): Promise<void> {
    await manager.query(`UPDATE cohort SET evaluated_at = now() WHERE id = $1`, [cohortId]);
  }

  // ── assignments ──────────────────────────────────────────────────────────────────────────────

  async subject(manager: EntityManager, kind: 'course' | 'track', slug: string): Promise<string | undefined> {
    const rows: { id: string }[] = await manager.query(
      kind === 'course'
        ? `SELECT id FROM course WHERE slug = $1 AND archived_at IS NULL AND current_version_id IS NOT NULL`
        : `SELECT id FROM track WHERE slug = $1 AND archived_at IS NULL`,
      [slug],
    );
    return rows[0]?.id;
  }

  async insertCohortAssignment(
    manager: EntityManager,
    def: { cohortId: string; courseId: string | null; trackId: string | null; startsOn: string; due: DueRule; recurrenceMonths: number | null; createdBy: string },
  ): Promise<CohortAssignmentRow & { updated: boolean }> {
    // One definition per cohort and course or track: assigning again updates it (and brings a withdrawn one back).
    const rows: (CohortAssignmentRow & { updated: boolean })[] = await manager.query(
      `INSERT INTO cohort_assignment (cohort_id, course_id, track_id, starts_on, due_kind, due_on, due_days, recurrence_months, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (cohort_id, ${def.courseId ? 'course_id' : 'track_id'}) DO UPDATE
         SET starts_on = EXCLUDED.starts_on, due_kind = EXCLUDED.due_kind, due_on = EXCLUDED.due_on, due_days = EXCLUDED.due_days,
             recurrence_months = EXCLUDED.recurrence_months, withdrawn_at = NULL, withdrawn_by = NULL, updated_at = now()
       RETURNING id, cohort_id AS "cohortId", course_id AS "courseId", track_id AS "trackId", (xmax <> 0) AS updated`,
      [def.cohortId, def.courseId, def.trackId, def.startsOn, def.due.kind, def.due.kind === 'absolute' ? def.due.dueOn : null,
        def.due.kind === 'absolute' ? null : def.due.days, def.recurrenceMonths, def.createdBy],
    );
    return rows[0];
  }

  async cohortAssignmentRows(manager: EntityManager, cohortId: string): Promise<CohortAssignmentRow[]> {
    return manager.query(
      `SELECT id, cohort_id AS "cohortId", course_id AS "courseId", track_id AS "trackId" FROM cohort_assignment WHERE cohort_id = $1 AND withdrawn_at IS NULL ORDER BY created_at`,
      [cohortId],
    );
  }

  /**
   * Gives the cohort assignment to every current, active member (or only `among`) in ONE
   * statement: relative due days per person in SQL (`relativeDueOn`'s arithmetic: the city's day of
   * joining, `city_day`); an open
   * assignment for the same course or track is merged — the earliest due date wins and this
   * source is remembered beside the others. Members who already completed one that does not
   * recur are credited: their latest completion lists this cohort as a source too, so the cohort
   * shows them as completed.
   *
   * The cohort and the course or track are bound as values, not read from `def`, so the statement
   * is planned for them: the members are hashed against staff, and the subject's completions among
   * them found in one pass (a hash join, as a bare INSERT … SELECT naming them is planned) rather
   * than by reading every member's assignments one person at a time, once for the credit and again
   * for the skip (0.7 s of assigning a track to a 20,000-person cohort).
   */
  async assign(manager: EntityManager, def: CohortAssignmentRow, among: string[] | null): Promise<{ created: number; merged: number }> {
    const column = def.courseId ? 'course_id' : 'track_id';
    const rows: { created: number; merged: number }[] = await manager.query(
      `WITH def AS (SELECT * FROM cohort_assignment WHERE id = $1),
       members AS MATERIALIZED (
         SELECT m.staff_id,
                CASE def.due_kind WHEN 'absolute' THEN def.due_on
                  ELSE GREATEST(COALESCE(CASE def.due_kind WHEN 'after_hire' THEN s.hire_date ELSE city_day(m.joined_at) END, def.starts_on),
                                def.starts_on) + def.due_days END AS due_on
           FROM cohort_member m JOIN staff s ON s.id = m.staff_id AND s.active CROSS JOIN def
          WHERE m.cohort_id = $4::uuid AND m.left_at IS NULL AND ($2::uuid[] IS NULL OR m.staff_id = ANY($2::uuid[]))),
       done AS MATERIALIZED (
         -- Nothing recurs: each member's latest completion, credited below; nothing new is written for them.
         SELECT DISTINCT ON (y.staff_id) y.staff_id, y.id
           FROM assignment y JOIN members c ON c.staff_id = y.staff_id
          WHERE y.${column} = $5::uuid AND y.completed_at IS NOT NULL AND (SELECT recurrence_months IS NULL FROM def)
          ORDER BY y.staff_id, y.completed_at DESC),
       credited AS (
         -- Already completed and nothing recurs: their latest completion counts for this cohort too.
         UPDATE assignment x SET sources = x.sources || $3::jsonb
           FROM done d WHERE x.id = d.id AND NOT x.sources @> $3::jsonb
         RETURNING 1),
       written AS (
         INSERT INTO assignment (staff_id, course_id, track_id, due_on, sources, recurrence_months)
         SELECT c.staff_id, def.course_id, def.track_id, c.due_on, $3::jsonb, def.recurrence_months FROM members c CROSS JOIN def
          WHERE NOT EXISTS (SELECT 1 FROM done d WHERE d.staff_id = c.staff_id)
         ON CONFLICT (staff_id, ${column}) WHERE completed_at IS NULL AND ${column} IS NOT NULL
         DO UPDATE SET due_on = ${MERGED_DUE_ON},
                       sources = CASE WHEN assignment.sources @> EXCLUDED.sources THEN assignment.sources ELSE assignment.sources || EXCLUDED.sources END,
                       recurrence_months = LEAST(assignment.recurrence_months, EXCLUDED.recurrence_months)
         RETURNING (xmax = 0) AS inserted)
       SELECT count(*) FILTER (WHERE inserted)::int AS created, count(*) FILTER (WHERE NOT inserted)::int AS merged FROM written`,
      [def.id, among, cohortSource(def.cohortId, def.id), def.cohortId, def.courseId ?? def.trackId],
    );
    return rows[0];
  }

  /** One person, outside any cohort: written directly, merged into open work for the same course or track like a cohort's. */
  async assignToPerson(
    manager: EntityManager,
    staffId: string,
    subject: { courseId: string | null; trackId: string | null },
    terms: { dueOn: string | null; startsOn: string; days: number; assignedBy: string; recurrenceMonths: number | null },
  ): Promise<{ created: number; merged: number }> {
    const column = subject.courseId ? 'course_id' : 'track_id';
    const written: { inserted: boolean }[] = await manager.query(
      `INSERT INTO assignment (staff_id, course_id, track_id, due_on, sources, recurrence_months)
       SELECT s.id, $2::uuid, $3::uuid, d.due_on,
              -- The day this source gives is kept in it, so a later change to another source still merges with it.
              jsonb_build_array(jsonb_build_object('kind', 'person', 'assignedBy', $7::text, 'dueOn', to_char(d.due_on, 'YYYY-MM-DD'))), $8
         FROM staff s
         CROSS JOIN LATERAL (SELECT CASE WHEN $4::date IS NOT NULL THEN $4::date ELSE GREATEST(COALESCE(s.hire_date, $5::date), $5::date) + $6::int END AS due_on) d
        WHERE s.id = $1
       ON CONFLICT (staff_id, ${column}) WHERE completed_at IS NULL AND ${column} IS NOT NULL
       DO UPDATE SET due_on = ${MERGED_DUE_ON}, sources = assignment.sources || EXCLUDED.sources,
                     recurrence_months = LEAST(assignment.recurrence_months, EXCLUDED.recurrence_months)
       RETURNING (xmax = 0) AS inserted`,
      [staffId, subject.courseId, subject.trackId, terms.dueOn, terms.startsOn, terms.days, terms.assignedBy, terms.recurrenceMonths],
    );
    return { created: written.filter((w) => w.inserted).length, merged: written.filter((w) => !w.inserted).length };
  }

  /**
   * People leaving: their open assignments forget this cohort as a source; those that came only
   * from it are withdrawn. Completed ones stay (history).
   */
  async unassign(manager: EntityManager, cohortId: string, staffIds: string[]): Promise<number> {
    if (staffIds.length === 0) return 0;
    await manager.query(
      `UPDATE assignment a
          SET sources = COALESCE((SELECT jsonb_agg(e) FROM jsonb_array_elements(a.sources) e WHERE e->>'cohortId' IS DISTINCT FROM $1), '[]'::jsonb)
        WHERE a.staff_id = ANY($2::uuid[]) AND a.completed_at IS NULL AND a.sources @> $3::jsonb`,
      [cohortId, staffIds, cohortPattern(cohortId)],
    );
    const [, withdrawn]: [unknown, number] = await manager.query(
      `DELETE FROM assignment WHERE staff_id = ANY($1::uuid[]) AND completed_at IS NULL AND sources = '[]'::jsonb`,
      [staffIds],
    );
    return withdrawn;
  }

  async cohortAssignments(manager: EntityManager, cohortId: string, only: string | null = null): Promise<CohortAssignmentView[]> {
    return manager.query(
      `SELECT ca.id, CASE WHEN ca.course_id IS NULL THEN 'track' ELSE 'course' END AS kind, COALESCE(c.slug, t.slug) AS slug,
              COALESCE(cv.title, t.title) AS title, ca.starts_on::text AS "startsOn", ca.recurrence_months AS "recurrenceMonths", ca.created_at AS "createdAt",
              CASE ca.due_kind WHEN 'absolute' THEN json_build_object('kind', 'absolute', 'dueOn', ca.due_on)
                   ELSE json_build_object('kind', ca.due_kind, 'days', ca.due_days) END AS due,
              (SELECT json_build_object(
                  'not_started', count(*) FILTER (WHERE st = 'not_started'), 'in_progress', count(*) FILTER (WHERE st = 'in_progress'),
                  'completed', count(*) FILTER (WHERE st = 'completed'), 'overdue', count(*) FILTER (WHERE st = 'overdue'),
                  'exempt', count(*) FILTER (WHERE st = 'exempt'))
                 FROM (SELECT DISTINCT ON (a.staff_id) ${assignmentStatusSql('a')} AS st FROM assignment a
                        WHERE a.sources @> jsonb_build_array(jsonb_build_object('cohortAssignmentId', ca.id::text))
                        ORDER BY a.staff_id, a.cycle DESC) x) AS counts
         FROM cohort_assignment ca
         LEFT JOIN course c ON c.id = ca.course_id LEFT JOIN course_version cv ON cv.id = c.current_version_id
         LEFT JOIN track t ON t.id = ca.track_id
        WHERE ca.cohort_id = $1 AND ca.withdrawn_at IS NULL AND ($2::uuid IS NULL OR ca.id = $2::uuid) ORDER BY ca.created_at`,
      [cohortId, only],
    );
  }

  /** The cohort's definition for this course or track, withdrawn or not. */
  async cohortAssignmentFor(manager: EntityManager, cohortId: string, subject: { courseId: string | null; trackId: string | null }): Promise<{ id: string; withdrawn: boolean } | undefined> {
    const rows: { id: string; withdrawn: boolean }[] = await manager.query(
      `SELECT id, withdrawn_at IS NOT NULL AS withdrawn FROM cohort_assignment WHERE cohort_id = $1 AND (course_id = $2 OR track_id = $3)`,
      [cohortId, subject.courseId, subject.trackId],
    );
    return rows[0];
  }

  /** Rendered mails, queued in the caller's transaction: the worker sends each once per key (outbox `mail.queued`). */
  async queueMail(manager: EntityManager, mails: { key: string; to: string; subject: string; html: string; text: string }[]): Promise<void> {
    if (mails.length === 0) return;
    await manager.query(`INSERT INTO outbox (event, payload) SELECT $1, m FROM jsonb_array_elements($2::jsonb) AS m`, [OutboxEvent.MailQueued, JSON.stringify(mails)]);
  }

  /** One of the cohort's current (not withdrawn) definitions, locked for a change. */
  async lockCohortAssignment(manager: EntityManager, cohortId: string, id: string): Promise<(CohortAssignmentRow & { title: string; kind: 'course' | 'track'; slug: string }) | undefined> {
    const rows = await manager.query(
      `SELECT ca.id, ca.cohort_id AS "cohortId", ca.course_id AS "courseId", ca.track_id AS "trackId",
              COALESCE(cv.title, t.title) AS title, CASE WHEN ca.course_id IS NULL THEN 'track' ELSE 'course' END AS kind, COALESCE(c.slug, t.slug) AS slug
         FROM cohort_assignment ca
         LEFT JOIN course c ON c.id = ca.course_id LEFT JOIN course_version cv ON cv.id = c.current_version_id
         LEFT JOIN track t ON t.id = ca.track_id
        WHERE ca.cohort_id = $1 AND ca.id = $2 AND ca.withdrawn_at IS NULL
        FOR UPDATE OF ca`,
      [cohortId, id],
    );
    return rows[0];
  }

  /**
   * Who withdrawing a cohort assignment affects: everyone whose latest cycle came from it;
   * completed ones keep their completion; open ones are lost unless another source also gives it.
   */
  async withdrawalPreview(manager: EntityManager, cohortAssignmentId: string): Promise<WithdrawalPreview> {
    const rows: WithdrawalPreview[] = await manager.query(
      `SELECT count(*)::int AS people,
              count(*) FILTER (WHERE completed_at IS NOT NULL)::int AS completed,
              count(*) FILTER (WHERE completed_at IS NULL AND jsonb_array_length(sources) = 1)::int AS losing,
              count(*) FILTER (WHERE completed_at IS NULL AND jsonb_array_length(sources) > 1)::int AS "keepingElsewhere"
         FROM (SELECT DISTINCT ON (a.staff_id) a.completed_at, a.sources FROM assignment a
                WHERE a.sources @> $1::jsonb ORDER BY a.staff_id, a.cycle DESC) latest`,
      [JSON.stringify([{ cohortAssignmentId }])],
    );
    return rows[0];
  }

  /**
   * What a new due rule and recurrence does to everyone whose latest cycle came from this cohort
   * assignment, per person in SQL (`assign`'s arithmetic, from the definition's first day): the
   * completed keep their completion, the exempt are left alone, open work gets the new day unless
   * a personal extension is later. With `apply`, open work is changed in the same statement (the
   * people whose day changed are returned, to be told) and the definition takes the new rule.
   */
  async ruleChange(
    manager: EntityManager,
    cohortAssignmentId: string,
    rule: { due: DueRule; recurrenceMonths: number | null },
    apply: boolean,
  ): Promise<{ preview: RuleChangePreview; changed: { staffId: string; email: string | null; firstName: string; dueOn: string }[] }> {
    const params = [cohortAssignmentId, JSON.stringify([{ cohortAssignmentId }]), rule.due.kind, rule.due.kind === 'absolute' ? rule.due.dueOn : null,
      rule.due.kind === 'absolute' ? null : rule.due.days, rule.recurrenceMonths, apply];
    const rows: (RuleChangePreview & { changed: { staffId: string; email: string | null; firstName: string; dueOn: string }[] })[] = await manager.query(
      `WITH def AS (SELECT * FROM cohort_assignment WHERE id = $1),
       latest AS (
         SELECT DISTINCT ON (a.staff_id) a.id, a.staff_id, a.due_on, a.completed_at, a.exempted_at, a.sources
           FROM assignment a WHERE a.sources @> $2::jsonb ORDER BY a.staff_id, a.cycle DESC),
       ruled AS (
         SELECT l.id, l.staff_id, l.due_on, l.completed_at, l.exempted_at, x.extended_to, other.due_on AS other_due_on,
                CASE $3::text WHEN 'absolute' THEN $4::date
                  ELSE GREATEST(COALESCE(CASE $3::text WHEN 'after_hire' THEN s.hire_date ELSE city_day(m.joined_at) END, def.starts_on), def.starts_on) + $5::int END AS rule_due_on
           FROM latest l CROSS JOIN def
           JOIN staff s ON s.id = l.staff_id
           LEFT JOIN cohort_member m ON m.cohort_id = def.cohort_id AND m.staff_id = l.staff_id AND m.left_at IS NULL
           LEFT JOIN LATERAL (SELECT max(e.due_on) AS extended_to FROM assignment_extension e WHERE e.assignment_id = l.id) x ON true
           -- The person's other sources of the same work, each with its own day.
           LEFT JOIN LATERAL (${otherSourcesDueOn('l', 's', 'def.id')}) other ON true),
       planned AS (
         -- Earliest wins over all the person's sources, as when it was assigned (LEAST skips NULL: no other source).
         SELECT r.*, LEAST(r.rule_due_on, r.other_due_on) AS new_due_on FROM ruled r),
       sorted AS (
         SELECT p.*, p.completed_at IS NULL AND p.exempted_at IS NULL AS open,
                p.completed_at IS NULL AND p.exempted_at IS NULL AND COALESCE(p.extended_to > p.new_due_on, false) AS keeps_extension
           FROM planned p),
       moved AS (
         UPDATE assignment a SET due_on = CASE WHEN t.keeps_extension THEN a.due_on ELSE t.new_due_on END, recurrence_months = $6
           FROM sorted t WHERE $7::boolean AND a.id = t.id AND t.open
         RETURNING a.staff_id, a.due_on, NOT t.keeps_extension AND t.due_on IS DISTINCT FROM t.new_due_on AS changed),
       redefined AS (
         UPDATE cohort_assignment SET due_kind = $3, due_on = $4, due_days = $5, recurrence_months = $6, updated_at = now()
          WHERE $7::boolean AND id = $1 RETURNING 1)
       SELECT count(*)::int AS people,
              count(*) FILTER (WHERE completed_at IS NOT NULL)::int AS completed,
              count(*) FILTER (WHERE open AND NOT keeps_extension AND due_on IS DISTINCT FROM new_due_on)::int AS "newDueDay",
              count(*) FILTER (WHERE keeps_extension)::int AS "keepingExtension",
              count(*) FILTER (WHERE completed_at IS NULL AND exempted_at IS NOT NULL)::int AS exempt,
              (SELECT COALESCE(json_agg(json_build_object('staffId', s.id, 'email', s.email, 'firstName', s.first_name, 'dueOn', to_char(mv.due_on, 'YYYY-MM-DD')) ORDER BY s.id), '[]')
                 FROM moved mv JOIN staff s ON s.id = mv.staff_id WHERE mv.changed) AS changed,
              (SELECT count(*) FROM redefined)::int AS redefined
         FROM sorted`,
      params,
    );
    const { changed, redefined: _r, ...preview } = rows[0] as RuleChangePreview & { changed: { staffId: string; email: string | null; firstName: string; dueOn: string }[]; redefined: number };
    return { preview, changed };
  }

  /**
   * Withdraws a cohort assignment in set-based statements: open assignments forget it as a source,
   * those that came only from it are removed (the people returned, to be told); completed ones stay.
   */
  async withdraw(manager: EntityManager, cohortAssignmentId: string, by: string): Promise<{ staffId: string; email: string | null; firstName: string }[]> {
    // Two statements, not one: a row updated by one part of a statement cannot be deleted by another.
    const emptied: { id: string }[] = await manager.query(
      `UPDATE assignment a
          SET sources = COALESCE((SELECT jsonb_agg(e) FROM jsonb_array_elements(a.sources) e WHERE e->>'cohortAssignmentId' IS DISTINCT FROM $1), '[]'::jsonb)
        WHERE a.completed_at IS NULL AND a.sources @> $2::jsonb
        RETURNING a.id, a.sources = '[]'::jsonb AS empty`,
      [cohortAssignmentId, JSON.stringify([{ cohortAssignmentId }])],
    ).then(([rows]: [{ id: string; empty: boolean }[], number]) => rows.filter((r) => r.empty)); // an UPDATE answers [rows, count]
    const lost: { staffId: string; email: string | null; firstName: string }[] = await manager.query(
      `WITH gone AS (DELETE FROM assignment WHERE id = ANY($1::uuid[]) RETURNING staff_id)
       SELECT s.id AS "staffId", s.email, s.first_name AS "firstName" FROM staff s WHERE s.id IN (SELECT staff_id FROM gone) ORDER BY s.id`,
      [emptied.map((r) => r.id)],
    );
    await manager.query(`UPDATE cohort_assignment SET withdrawn_at = now(), withdrawn_by = $2, updated_at = now() WHERE id = $1`, [cohortAssignmentId, by]);
    return lost;
  }

  // ── the members page ─────────────────────────────────────────────────────────────────────────

  /**
   * One page of a cohort's members. It pages on keys first — the members with only what the
   * filter and the sort need — and builds each person's assignments and last activity for that
   * page alone, so a page of a 20,000-person cohort costs a page's work plus one pass over the
   * member keys (the planner cannot misjudge a join it is never given). Sorting by status or due
   * day reads each membership's kept keys (`status_due_on`, `status_rank`, migration
   * CohortMemberStatusKey), not every member's assignments: overdue is decided here against the
   * city's today, so it still changes at midnight with no write. Filtering by a status still works
   * every member's cells out (a member with one overdue and one not-started course matches both).
   */
  async members(manager: EntityManager, scope: StaffScope, cohortId: string, filter: MembersFilter): Promise<{ rows: CohortMemberRow[]; total: number }> {
    const params: unknown[] = [cohortId, cohortPattern(cohortId)];
    const where = ['m.cohort_id = $1', 'm.left_at IS NULL', staffScopeCondition(scope, 's', params)];
    if (filter.search) {
      params.push(like(filter.search));
      const p = `$${params.length}`;
      where.push(`(s.first_name || ' ' || s.last_name ILIKE ${p} OR s.email ILIKE ${p} OR s.employee_id ILIKE ${p})`);
    }
    const needsStatus = filter.status !== undefined;
    let statusParam = 'NULL::text';
    if (filter.status) {
      params.push(filter.status);
      statusParam = `$${params.length}`;
    }
    const dir = filter.direction === 'desc' ? 'DESC' : 'ASC';
    const order = (k: string) =>
      ({
        name: `${k}.last_name ${dir}, ${k}.first_name ${dir}`,
        department: `${k}.department_name ${dir}, ${k}.last_name, ${k}.first_name`,
        due: `${k}.next_due ${dir} NULLS LAST, ${k}.last_name, ${k}.first_name`,
        lastActivity: `${k}.last_activity ${dir} NULLS LAST, ${k}.last_name, ${k}.first_name`,
        status: `${k}.worst ${dir}, ${k}.last_name, ${k}.first_name`,
      })[filter.sort] + `, ${k}.employee_id`;
    let page = '';
    if (filter.limit !== undefined) {
      params.push(filter.limit, filter.offset);
      page = `LIMIT $${params.length - 1} OFFSET $${params.length}`;
    }
    const account = accountStatusJson('ast', filter.cityTimeZone, params);
    const rows: (CohortMemberRow & { total: number })[] = await manager.query(
      `WITH members AS MATERIALIZED (
         SELECT m.staff_id, m.joined_at, s.last_name, s.first_name, s.employee_id, d.name AS department_name,
                m.status_due_on AS next_due, ${MEMBER_WORST_KEPT} AS worst
           FROM cohort_member m JOIN staff s ON s.id = m.staff_id JOIN department d ON d.id = s.department_id
          WHERE ${where.join(' AND ')}),
       ${needsStatus ? `st AS MATERIALIZED (
         SELECT cell.staff_id, bool_or(cell.status = ${statusParam}) AS has_status
           FROM (${latestCells('members')}) cell
          GROUP BY cell.staff_id),` : ''}
       ${filter.sort === 'lastActivity' ? `act AS MATERIALIZED (
         SELECT x.staff_id, max(x.at) AS last_activity FROM (
           SELECT e.staff_id, e.started_at AS at FROM enrollment e JOIN members mm ON mm.staff_id = e.staff_id
           UNION ALL SELECT e.staff_id, lp.completed_at FROM lesson_progress lp JOIN enrollment e ON e.id = lp.enrollment_id JOIN members mm ON mm.staff_id = e.staff_id) x
          GROUP BY x.staff_id),` : ''}
       keyed AS (
         SELECT mm.*,
                ${filter.sort === 'lastActivity' ? 'act.last_activity' : 'NULL::timestamptz AS last_activity'}
           FROM members mm
           ${needsStatus ? 'LEFT JOIN st ON st.staff_id = mm.staff_id' : ''}
           ${filter.sort === 'lastActivity' ? 'LEFT JOIN act ON act.staff_id = mm.staff_id' : ''}
          WHERE ${filter.status ? 'COALESCE(st.has_status, false)' : 'TRUE'}),
       paged AS MATERIALIZED (
         SELECT keyed.staff_id, keyed.joined_at, keyed.last_name, keyed.first_name, keyed.employee_id, keyed.department_name,
                keyed.next_due, keyed.worst, keyed.last_activity, count(*) OVER ()::int AS total
           FROM keyed ORDER BY ${order('keyed')} ${page})
       SELECT ${PERSON} AS staff, ${account} AS account, p.joined_at AS "joinedAt", to_char(cells.next_due, 'YYYY-MM-DD') AS "nextDueOn", activity.at AS "lastActivityAt", cells.assignments,
              CASE WHEN nudged.at IS NULL THEN NULL ELSE json_build_object('at', nudged.at, 'by', nudged.by) END AS "lastNudge", p.total
         FROM paged p JOIN staff s ON s.id = p.staff_id JOIN department d ON d.id = s.department_id
         JOIN staff_account_status ast ON ast.staff_id = p.staff_id
         CROSS JOIN LATERAL (
           SELECT COALESCE(json_agg(json_build_object('assignmentId', cell.id, 'kind', cell.kind, 'slug', cell.slug, 'title', cell.title,
                    'status', cell.status, 'dueOn', cell.due_on, 'completedAt', cell.completed_at, 'exemptReason', cell.exempt_reason,
                    'dueBasis', ${DUE_BASIS})
                    ORDER BY cell.title), '[]') AS assignments,
                  min(cell.due_on) FILTER (WHERE cell.status IN ('not_started', 'in_progress', 'overdue')) AS next_due
             FROM (${latestCells('paged', 'p')}) cell) cells
         CROSS JOIN LATERAL (
           SELECT max(x) AS at FROM (SELECT e.started_at AS x FROM enrollment e WHERE e.staff_id = p.staff_id
                                     UNION ALL SELECT lp.completed_at FROM lesson_progress lp JOIN enrollment e ON e.id = lp.enrollment_id WHERE e.staff_id = p.staff_id) q) activity
         -- "nudged Dec 4 by Emily Sullivan": the member's latest nudge from this cohort
         LEFT JOIN LATERAL (
           SELECT nu.requested_at AS at, CASE WHEN rb.id IS NULL THEN NULL ELSE json_build_object('id', rb.id, 'firstName', rb.first_name, 'lastName', rb.last_name) END AS by
             FROM nudge nu LEFT JOIN staff rb ON rb.id = nu.requested_by
            WHERE nu.staff_id = p.staff_id AND nu.cohort_id = $1
            ORDER BY nu.requested_at DESC LIMIT 1) nudged ON true
        ORDER BY ${order('p')}`,
      params,
    );
    return { rows: rows.map(({ total: _t, ...row }) => row), total: rows[0]?.total ?? 0 };
  }

  async history(manager: EntityManager, scope: StaffScope, cohortId: string, page: number, pageSize: number): Promise<Page<MembershipHistoryRow>> {
    const params: unknown[] = [cohortId];
    const where = staffScopeCondition(scope, 's', params);
    params.push(pageSize, (page - 1) * pageSize);
    const rows: (MembershipHistoryRow & { total: number })[] = await manager.query(
      `SELECT json_build_object('id', s.id, 'firstName', s.first_name, 'lastName', s.last_name) AS staff,
              m.joined_at AS "joinedAt", m.left_at AS "leftAt", m.join_reason AS "joinReason", m.leave_reason AS "leaveReason",
              count(*) OVER ()::int AS total
         FROM cohort_member m JOIN staff s ON s.id = m.staff_id
        WHERE m.cohort_id = $1 AND ${where}
        ORDER BY GREATEST(m.joined_at, m.left_at) DESC, m.id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { items: rows.map(({ total: _t, ...r }) => r), total: rows[0]?.total ?? 0, page, pageSize };
  }

  // ── one assignment ───────────────────────────────────────────────────────────────────────────

  async assignment(manager: EntityManager, scope: StaffScope, id: string, lock = false): Promise<(AssignmentView & { open: boolean }) | undefined> {
    const params: unknown[] = [id];
    const rows: (AssignmentView & { open: boolean })[] = await manager.query(
      `SELECT a.id, a.staff_id AS "staffId", CASE WHEN a.course_id IS NULL THEN 'track' ELSE 'course' END AS kind,
              COALESCE(c.slug, t.slug) AS slug, COALESCE(cv.title, t.title) AS title, to_char(a.due_on, 'YYYY-MM-DD') AS "dueOn", ${assignmentStatusSql('a')} AS status,
              a.exempt_reason AS "exemptReason", a.exempted_at AS "exemptedAt", a.completed_at AS "completedAt",
              a.recurrence_months AS "recurrenceMonths", a.cycle, a.completed_at IS NULL AS open
         FROM assignment a JOIN staff s ON s.id = a.staff_id
         LEFT JOIN course c ON c.id = a.course_id LEFT JOIN course_version cv ON cv.id = c.current_version_id
         LEFT JOIN track t ON t.id = a.track_id
        WHERE a.id = $1 AND ${staffScopeCondition(scope, 's', params)} ${lock ? 'FOR UPDATE OF a' : ''}`,
      params,
    );
    return rows[0];
  }

  /**
   * The open, not exempt assignments that one cohort assignment gave these current members (in the
   * caller's scope, never the caller's own), locked when `lock`.
   */
  async exemptable(manager: EntityManager, scope: StaffScope, cohortId: string, cohortAssignmentId: string, staffIds: string[], lock: boolean): Promise<string[]> {
    const params: unknown[] = [cohortId, staffIds, JSON.stringify([{ cohortAssignmentId }]), scope.actorId];
    const rows: { id: string }[] = await manager.query(
      `SELECT a.id FROM assignment a
         JOIN staff s ON s.id = a.staff_id
         JOIN cohort_member m ON m.cohort_id = $1 AND m.staff_id = a.staff_id AND m.left_at IS NULL
        WHERE a.staff_id = ANY($2::uuid[]) AND a.staff_id <> $4 AND a.completed_at IS NULL AND a.exempted_at IS NULL
          AND a.sources @> $3::jsonb AND ${staffScopeCondition(scope, 's', params)}
        ORDER BY a.id ${lock ? 'FOR UPDATE OF a' : ''}`,
      params,
    );
    return rows.map((r) => r.id);
  }

  /** Exempts these assignments and records one audit event for each, in one statement (as `exempt` audits one). */
  async exemptMany(manager: EntityManager, ids: string[], reason: string, by: string, ip: string | null): Promise<number> {
    const rows: { n: number }[] = await manager.query(
      `WITH done AS (
         UPDATE assignment SET exempt_reason = $2, exempted_at = now(), exempted_by = $3 WHERE id = ANY($1::uuid[])
         RETURNING id, staff_id, exempt_reason, exempted_at),
       audited AS (
         INSERT INTO audit_event (actor_id, action, subject_type, subject_id, before, after, ip, department_id)
         SELECT $3, 'assignment.exempted', 'assignment', d.id::text, NULL,
                jsonb_build_object('exemptReason', d.exempt_reason, 'exemptedAt', d.exempted_at, 'bulk', true), $4, s.department_id
           FROM done d JOIN staff s ON s.id = d.staff_id
         RETURNING 1)
       SELECT count(*)::int AS n FROM audited`,
      [ids, reason, by, ip],
    );
    return rows[0].n;
  }

  async setExemption(manager: EntityManager, id: string, exemption: { reason: string; by: string } | null): Promise<void> {
    await manager.query(
      `UPDATE assignment SET exempt_reason = $2, exempted_at = CASE WHEN $2::text IS NULL THEN NULL ELSE now() END, exempted_by = $3 WHERE id = $1`,
      [id, exemption?.reason ?? null, exemption?.by ?? null],
    );
  }

  /**
   * The selected current members' work from one cohort assignment (in the caller's scope, never
   * the caller's own): each open assignment (locked when `lock`) with its due day and whether it is
   * exempt, and how many of them have only completed it. What a bulk extension previews and applies.
   */
  async extendable(
    manager: EntityManager, scope: StaffScope, cohortId: string, cohortAssignmentId: string, staffIds: string[], lock: boolean,
  ): Promise<{ open: { id: string; staffId: string; dueOn: string | null; exempt: boolean }[]; completed: number }> {
    const params: unknown[] = [cohortId, staffIds, JSON.stringify([{ cohortAssignmentId }]), scope.actorId];
    const from = `FROM assignment a
         JOIN staff s ON s.id = a.staff_id
         JOIN cohort_member m ON m.cohort_id = $1 AND m.staff_id = a.staff_id AND m.left_at IS NULL
        WHERE a.staff_id = ANY($2::uuid[]) AND a.staff_id <> $4 AND a.sources @> $3::jsonb AND ${staffScopeCondition(scope, 's', params)}`;
    const open: { id: string; staffId: string; dueOn: string | null; exempt: boolean }[] = await manager.query(
      `SELECT a.id, a.staff_id AS "staffId", to_char(a.due_on, 'YYYY-MM-DD') AS "dueOn", a.exempted_at IS NOT NULL AS exempt
         ${from} AND a.completed_at IS NULL ORDER BY a.id ${lock ? 'FOR UPDATE OF a' : ''}`,
      params,
    );
    const [{ completed }]: { completed: number }[] = await manager.query(
      `SELECT count(DISTINCT a.staff_id)::int AS completed ${from} AND a.completed_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM assignment o WHERE o.staff_id = a.staff_id AND o.sources @> $3::jsonb AND o.completed_at IS NULL)`,
      params,
    );
    return { open, completed };
  }

  /**
   * Moves these assignments' due day to `dueOn` in one statement, keeping each extension (who,
   * when, why, from which day) and one `assignment.extended` audit event per assignment; returns
   * the people to tell. One person's extension and a bulk one both come here; the caller checked
   * scope and that the day is later for each.
   */
  async extend(
    manager: EntityManager,
    ids: string[],
    extension: { dueOn: string; reason: string; by: string; ip: string | null; bulk: boolean },
  ): Promise<{ assignmentId: string; staffId: string; email: string | null; firstName: string; title: string; previousDueOn: string | null }[]> {
    return manager.query(
      `WITH target AS (
         SELECT a.id, a.staff_id, a.due_on AS previous, CASE WHEN a.course_id IS NULL THEN 'track' ELSE 'course' END AS kind,
                COALESCE(c.slug, t.slug) AS slug, COALESCE(cv.title, t.title) AS title
           FROM assignment a
           LEFT JOIN course c ON c.id = a.course_id LEFT JOIN course_version cv ON cv.id = c.current_version_id
           LEFT JOIN track t ON t.id = a.track_id
          WHERE a.id = ANY($1::uuid[])),
       kept AS (
         INSERT INTO assignment_extension (assignment_id, previous_due_on, due_on, reason, granted_by)
         SELECT id, previous, $2::date, $3, $4 FROM target),
       moved AS (UPDATE assignment a SET due_on = $2::date FROM target WHERE a.id = target.id RETURNING a.id),
       audited AS (
         INSERT INTO audit_event (actor_id, action, subject_type, subject_id, before, after, ip, department_id)
         SELECT $4, 'assignment.extended', 'assignment', t.id::text,
                jsonb_build_object('staffId', t.staff_id, 'kind', t.kind, 'slug', t.slug, 'title', t.title, 'dueOn', to_char(t.previous, 'YYYY-MM-DD')),
                jsonb_build_object('staffId', t.staff_id, 'kind', t.kind, 'slug', t.slug, 'title', t.title, 'dueOn', $2::text, 'extensionReason', $3::text)
                  || CASE WHEN $6::boolean THEN '{"bulk": true}'::jsonb ELSE '{}'::jsonb END,
                $5, s.department_id
           FROM target t JOIN staff s ON s.id = t.staff_id)
       SELECT t.id AS "assignmentId", s.id AS "staffId", s.email, s.first_name AS "firstName", t.title, to_char(t.previous, 'YYYY-MM-DD') AS "previousDueOn"
         FROM target t JOIN staff s ON s.id = t.staff_id ORDER BY t.id`,
      [ids, extension.dueOn, extension.reason, extension.by, extension.ip, extension.bulk],
    );
  }

  /** Records nudges (one per assignment per UTC day) and their outbox rows in one statement. */
  async nudge(
    manager: EntityManager,
    scope: StaffScope,
    cohortId: string,
    staffIds: string[],
    assignmentIds: string[] | null,
    note: string | null = null,
  ): Promise<{ picked: number; queued: number }> {
    const params: unknown[] = [cohortId, staffIds, assignmentIds, cohortPattern(cohortId), scope.actorId, note];
    const rows: { picked: number; queued: number }[] = await manager.query(
      `WITH picked AS (
         SELECT a.id, a.staff_id FROM assignment a
           JOIN cohort_member m ON m.staff_id = a.staff_id AND m.cohort_id = $1 AND m.left_at IS NULL
           JOIN staff s ON s.id = a.staff_id AND s.active
          WHERE a.staff_id = ANY($2::uuid[]) AND ($3::uuid[] IS NULL OR a.id = ANY($3::uuid[]))
            AND a.completed_at IS NULL AND a.exempted_at IS NULL AND a.sources @> $4::jsonb
            AND ${staffScopeCondition(scope, 's', params)}),
       recorded AS (
         INSERT INTO nudge (assignment_id, staff_id, cohort_id, requested_by, note) SELECT id, staff_id, $1, $5, $6::text FROM picked
         ON CONFLICT ON CONSTRAINT nudge_daily DO NOTHING RETURNING id, assignment_id, staff_id),
       announced AS (
         INSERT INTO outbox (event, payload)
         SELECT 'assignment.nudged', jsonb_build_object('nudgeId', id, 'assignmentId', assignment_id, 'staffId', staff_id) FROM recorded RETURNING 1)
       SELECT (SELECT count(*) FROM picked)::int AS picked, (SELECT count(*) FROM announced)::int AS queued`,
      params,
    );
    return rows[0];
  }

  /**
   * The lead's home: per cohort in scope, open work overdue and due soon but not started (members in
   * scope only); active people in scope without an account; the latest nudges about people in scope.
   */
  async attention(manager: EntityManager, scope: StaffScope, dueDays: number, nudges: number): Promise<LeadHome> {
    const params: unknown[] = [dueDays];
    const cohorts: LeadHomeCohort[] = await manager.query(
      `SELECT c.id, c.name,
              count(*) FILTER (WHERE a.due_on < city_today())::int AS overdue,
              count(*) FILTER (WHERE a.due_on >= city_today() AND (${assignmentStatusSql('a')}) = 'not_started')::int AS "dueSoonNotStarted"
         FROM cohort c
         JOIN assignment a ON a.sources @> jsonb_build_array(jsonb_build_object('cohortId', c.id))
         JOIN staff s ON s.id = a.staff_id AND s.active
        WHERE c.archived_at IS NULL AND ${cohortVisible(scope, 'c', params)} AND ${staffScopeCondition(scope, 's', params)}
          AND a.completed_at IS NULL AND a.exempted_at IS NULL AND a.due_on <= city_today() + $1::int
        GROUP BY c.id, c.name
        ORDER BY overdue DESC, "dueSoonNotStarted" DESC, c.name, c.id`,
      params,
    );
    const accountParams: unknown[] = [];
    const [{ n }] = await manager.query(
      `SELECT count(*)::int AS n FROM staff s
        WHERE s.active AND ${staffScopeCondition(scope, 's', accountParams)} AND NOT EXISTS (SELECT 1 FROM account ac WHERE ac.staff_id = s.id)`,
      accountParams,
    );
    const nudgeParams: unknown[] = [nudges];
    const recentNudges: LeadHomeNudge[] = await manager.query(
      `SELECT nu.requested_at AS at, json_build_object('id', s.id, 'firstName', s.first_name, 'lastName', s.last_name) AS person,
              COALESCE(cv.title, t.title) AS title,
              CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('id', c.id, 'name', c.name) END AS cohort,
              CASE WHEN rb.id IS NULL THEN NULL ELSE json_build_object('id', rb.id, 'firstName', rb.first_name, 'lastName', rb.last_name) END AS by
         FROM nudge nu
         JOIN staff s ON s.id = nu.staff_id
         JOIN assignment a ON a.id = nu.assignment_id
         LEFT JOIN course co ON co.id = a.course_id LEFT JOIN course_version cv ON cv.id = co.current_version_id
         LEFT JOIN track t ON t.id = a.track_id
         LEFT JOIN cohort c ON c.id = nu.cohort_id
         LEFT JOIN staff rb ON rb.id = nu.requested_by
        WHERE ${staffScopeCondition(scope, 's', nudgeParams)}
        ORDER BY nu.requested_at DESC, nu.id DESC
        LIMIT $1`,
      nudgeParams,
    );
    return { cohorts, withoutAccount: n, recentNudges: recentNudges.map((r) => ({ ...r, at: new Date(r.at).toISOString() })) };
  }
}
