import { AuditService } from '@equip/server/audit';
import { CatalogRepository, CatalogSyncService } from '@equip/server/catalog';
import { createDataSource } from '@equip/server/database';
import { createTestDatabase, dropDatabase, TEST_SERVER_URL } from '@equip/server/testing';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import { measure, Stage } from './measure';

/**
 * A synthetic city for benchmarks (`npm run bench:seed -- --staff 100000`; benchmarks call
 * `openCity`). Everything is set-based SQL run on ONE connection after `setseed`, so the same
 * `--staff` and seed give the same city (ids are md5-derived, not random). Nothing loops over
 * people in Node.
 *
 * - ~40 departments of realistic relative sizes, ~200 divisions and sections beneath them.
 * - N staff placed by weight, with a management chain per unit (head → managers → supervisors →
 *   staff; unit heads report to the parent unit's head, department directors to the city
 *   administrator, staff E0000001, who is the RASE administrator), job classes, locations, hire
 *   dates skewed recent, 3 % inactive. One equity lead per department.
 * - Cohorts: per department an "all staff" rule cohort and a "new hires" rule cohort; city-wide an
 *   "all managers" and a "new hires" rule cohort, an "Equity change team" (2 %) and the static
 *   "Frontline services 2026" cohort of 20,000 people (or everyone active, if fewer).
 * - About 20 assignments per person: each department cohort assigns three courses and the
 *   all-staff track, recurring yearly since the programme started ~5.5 years ago, so long-serving
 *   staff have up to five completed cycles and an open current one; electives are self-enrolled;
 *   managers get the leading course, the change team the equity-lead track. Statuses come out as
 *   completed / in progress / overdue / not started / exempt; enrollments, lesson progress and
 *   track completions agree with them (one enrollment per person and course version, as the app
 *   keeps them; earlier cycles' completions live in the assignment history).
 */

export interface CityOptions {
  staff: number;
  /** Size of the static "Frontline services 2026" cohort (capped at the active staff). */
  bigCohort?: number;
  /** For setseed, in [-1, 1]. */
  seed?: number;
  /** The catalog folder published with the real CatalogSyncService. */
  contentDir?: string;
  log?: (line: string) => void;
}

export interface CityInfo {
  staff: number;
  adminId: string;
  bigCohortId: string;
  bigCohortMembers: number;
  counts: Record<string, number>;
}

export interface OpenCity {
  dataSource: DataSource;
  url: string;
  database: string;
  city: CityInfo;
  /** Phases of the build; empty when an existing city was reused. */
  phases: Stage[];
  close(): Promise<void>;
}

const uuidOf = (key: string) => `md5('${key}')::uuid`;
export const ADMIN_EMPLOYEE_ID = 'E0000001';
export const BIG_COHORT_ID_SQL = uuidOf('bench-cohort-frontline');
/** When the training programme started: the first cycle of the recurring assignments. */
const START = `(current_date - 2010)`;

const DEPARTMENTS: [string, number][] = [
  ["City Administrator's Office", 0.6], ['Police', 13], ['Fire', 9], ['Public Works', 8], ['Public Utilities', 8], ['Transportation', 6],
  ['Parks and Recreation', 6], ['Public Library', 4], ['Public Health', 5], ['Human Services', 4], ['Housing and Community Development', 2],
  ['Planning and Development', 2], ['Building Inspections', 1.5], ['Finance and Administrative Services', 2.5], ['Human Resources', 1.2],
  ['Information Technology', 2.5], ['City Attorney', 1.2], ['Municipal Court', 1.5], ['City Clerk', 0.5], ["Mayor's Office", 0.4],
  ['City Council', 0.5], ['Budget Office', 0.3], ['Emergency Management', 0.4], ['Civil Rights', 0.4], ['Arts and Culture', 0.4],
  ['Neighborhoods', 0.6], ['Sustainability and Environment', 0.5], ['Fleet Management', 1], ['Facilities', 1.5], ['Purchasing and Contracting', 0.5],
  ['Retirement System', 0.3], ['Office of the Auditor', 0.2], ['Animal Services', 0.6], ['Airport', 4], ['Port and Harbor', 2], ['Solid Waste', 3],
  ['Economic Development', 0.5], ['Ethics and Elections', 0.2], ['Civic Center', 1], ['Customer Service Bureau', 0.8],
];
const DIVISIONS = ['Administration', 'Operations', 'Field Services', 'Planning and Policy', 'Customer Service'];
const SECTIONS = ['North', 'South'];
const FIRST = ['Zoë', 'José', 'Thị Lan', 'Siobhán', 'Ana María', 'Kwame', 'Mei', 'Olusegun', 'Renée', 'Łukasz', 'Aisha', 'Dmitri', 'Priya', 'Tomás', 'Fatima', 'Jamal', 'Grace', 'Hiroshi', 'Leila', 'Marcus', 'Nia', 'Omar', 'Rosa', 'Samuel', 'Tenzin', 'Valentina', 'Wei', 'Yusuf'];
const LAST = ["O'Brien", 'Nguyễn', 'García', 'Washington', 'Müller', "D'Angelo", 'Kim', 'Okafor', 'Haddad', 'Johnson', 'Fernández-Ruiz', 'Smith', 'Chen', 'Novák', 'Begay', 'Patel', 'Williams', 'Rossi', 'Yamamoto', 'Jackson', 'Lopez', 'Ali', 'Brown', 'Kowalski'];
const LOCATIONS = ['City Hall', 'Municipal Tower', 'Justice Center', 'Operations Yard North', 'Operations Yard South', 'Main Library', 'Branch Libraries', 'Fire Station (various)', 'Precinct East', 'Precinct West', 'Water Treatment Plant', 'Transit Center', 'Community Centers', 'Airport Terminal', 'Harbor Office', 'Remote'];

/** The subjects people are assigned: 1–4 by their department cohort (yearly), 5–6 self-enrolled, 7 managers, 8 change team. */
const SUBJECTS: [number, 'course' | 'track', string, boolean][] = [
  [1, 'course', 'racial-equity-foundations', true], [2, 'course', 'our-citys-commitment', true], [3, 'course', 'targeted-universalism', true],
  [4, 'track', 'all-staff-foundations', true], [5, 'course', 'racial-equity-toolkit', false], [6, 'course', 'community-engagement-shares-power', false],
  [7, 'course', 'leading-equity-work', false], [8, 'track', 'equity-lead', false],
];

/** Builds the city into an empty, migrated database. Returns what it made and the time of each phase. */
export async function buildCity(dataSource: DataSource, options: CityOptions): Promise<{ city: CityInfo; phases: Stage[] }> {
  const log = options.log ?? (() => undefined);
  const n = options.staff;
  const phases: Stage[] = [];
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const q = async (sql: string, params: unknown[] = []): Promise<number> => (await runner.query(sql, params, true)).affected ?? 0;
  const count = async (table: string): Promise<number> => Number((await runner.query(`SELECT count(*)::bigint AS n FROM ${table}`))[0].n);
  const step = async (name: string, work: () => Promise<number>) => {
    const result = await measure(name, 0, work);
    const stage = { ...result.stage, rows: result.value };
    phases.push(stage);
    log(`  ${name}: ${stage.rows.toLocaleString('en-US')} rows in ${stage.seconds.toFixed(1)} s`);
  };
  try {
    await runner.query(`SET synchronous_commit = off`);
    await runner.query(`SET work_mem = '128MB'`);
    await runner.query(`SET maintenance_work_mem = '512MB'`);
    await runner.query(`SELECT setseed($1)`, [options.seed ?? 0.2026]);
    // The reporting rollups are rebuilt once at the end instead of kept statement by statement.
    const rollupTriggers = await setRollupTriggers(runner, false);
    // So are the members page's status keys (migration CohortMemberStatusKey): the load drops the indexes they read through.
    const statusTriggers = await setTriggers(runner, 'cohort_member_status_', false);

    await step('catalog: content/ published by CatalogSyncService', async () => {
      const outcome = await new CatalogSyncService(dataSource, new CatalogRepository(), new AuditService(dataSource)).syncFromDirectory(options.contentDir ?? resolve(process.cwd(), 'content'));
      if (!outcome.result) throw new Error(`content/ has problems: ${JSON.stringify(outcome.problems.slice(0, 3))}`);
      return (await count('course_version')) + (await count('track'));
    });

    await step('departments, divisions and sections', async () => {
      await q(
        `CREATE TEMP TABLE bench_unit AS
         WITH d AS (SELECT x.n AS dept_no, x.name, x.weight FROM unnest($1::text[], $2::float8[]) WITH ORDINALITY AS x (name, weight, n)),
         dept AS (SELECT dept_no, md5('bench-department-' || dept_no)::uuid AS id, 'D' || lpad(dept_no::text, 2, '0') AS code, name, weight FROM d),
         div AS (SELECT dept.dept_no, md5('bench-division-' || dept.dept_no || '-' || v)::uuid AS id, dept.code || '-V' || v AS code,
                        dept.name || ' — ' || ($3::text[])[v] AS name, dept.id AS parent_id, dept.id AS top_id, v, dept.weight
                   FROM dept, generate_series(1, 2 + (dept.dept_no % 3)::int) v),
         sec AS (SELECT div.dept_no, md5('bench-section-' || div.code || '-' || sn)::uuid AS id, div.code || '-S' || sn AS code,
                        div.name || ', ' || ($4::text[])[sn] AS name, div.id AS parent_id, div.top_id, div.weight
                   FROM div, generate_series(1, CASE WHEN (div.dept_no + div.v) % 3 = 2 THEN 2 ELSE 0 END) sn)
         SELECT dept_no, id, code, name, 'department' AS kind, NULL::uuid AS parent_id, id AS top_id, weight FROM dept
         UNION ALL SELECT dept_no, id, code, name, 'division', parent_id, top_id, weight FROM div
         UNION ALL SELECT dept_no, id, code, name, 'section', parent_id, top_id, weight FROM sec`,
        [DEPARTMENTS.map((d) => d[0]), DEPARTMENTS.map((d) => d[1]), DIVISIONS, SECTIONS],
      );
      const rows = await q(
        `INSERT INTO department (id, code, name, kind, parent_id, path)
         SELECT u.id, u.code, u.name, u.kind, u.parent_id,
                CASE u.kind WHEN 'department' THEN '/' || u.id || '/' WHEN 'division' THEN '/' || u.parent_id || '/' || u.id || '/'
                            ELSE '/' || u.top_id || '/' || u.parent_id || '/' || u.id || '/' END
           FROM bench_unit u`,
      );
      // 10,000 slots, each unit getting slots in proportion to its share of its department's weight.
      await q(
        `CREATE TEMP TABLE bench_slot AS
         WITH w AS (SELECT id, code, weight * CASE kind WHEN 'department' THEN 0.3 ELSE 1 END
                               / sum(CASE kind WHEN 'department' THEN 0.3 ELSE 1 END) OVER (PARTITION BY dept_no) AS w FROM bench_unit),
         c AS (SELECT id, (sum(w) OVER (ORDER BY code) - w) / sum(w) OVER () AS lo, sum(w) OVER (ORDER BY code) / sum(w) OVER () AS hi FROM w)
         SELECT g AS slot, id AS department_id FROM c, generate_series(round(lo * 10000)::int, round(hi * 10000)::int - 1) g`,
      );
      return rows;
    });

    await step('staff', async () => {
      const rows = await q(
        `INSERT INTO staff (id, employee_id, email, first_name, last_name, department_id, job_title, job_class, work_location, hire_date, active, deactivated_at)
         SELECT md5('bench-staff-' || g.i)::uuid, 'E' || lpad(g.i::text, 7, '0'),
                lower(regexp_replace(f.v || '.' || l.v, '[^A-Za-z.]', '', 'g')) || '.' || g.i || '@city.example',
                f.v, l.v, sl.department_id, t.titles[1 + floor(g.r_title * cardinality(t.titles))::int], c.cls,
                ($3::text[])[1 + floor(g.r_loc * cardinality($3::text[]))::int],
                current_date - floor(power(g.r_hire, 1.6) * 35 * 365)::int,
                g.r_active >= 0.03 OR g.i = 1, CASE WHEN g.r_active < 0.03 AND g.i <> 1 THEN now() - g.r_gone * interval '700 days' END
           FROM (SELECT i, random() AS r_unit, random() AS r_first, random() AS r_last, random() AS r_class, random() AS r_title, random() AS r_loc,
                        random() AS r_hire, random() AS r_active, random() AS r_gone
                   FROM generate_series(1, $4::int) i) g
           JOIN bench_slot sl ON sl.slot = floor(g.r_unit * 10000)::int
           CROSS JOIN LATERAL (SELECT ($1::text[])[1 + floor(g.r_first * cardinality($1::text[]))::int] AS v) f
           CROSS JOIN LATERAL (SELECT ($2::text[])[1 + floor(g.r_last * cardinality($2::text[]))::int] AS v) l
           CROSS JOIN LATERAL (SELECT CASE WHEN g.r_class < 0.30 THEN 'Professional' WHEN g.r_class < 0.52 THEN 'Service' WHEN g.r_class < 0.70 THEN 'Labor and Trades'
                                           WHEN g.r_class < 0.82 THEN 'Public Safety' WHEN g.r_class < 0.94 THEN 'Administrative Support' ELSE 'Technical' END AS cls) c
           CROSS JOIN LATERAL (SELECT CASE c.cls
                 WHEN 'Professional' THEN ARRAY['Analyst', 'Senior Analyst', 'Planner II', 'Engineer III', 'Accountant', 'Librarian', 'Social Worker', 'Program Manager']
                 WHEN 'Service' THEN ARRAY['Recreation Leader I', 'Customer Service Representative', 'Library Assistant', 'Outreach Worker', 'Custodian']
                 WHEN 'Labor and Trades' THEN ARRAY['Maintenance Worker', 'Crew Leader', 'Electrician', 'Equipment Operator', 'Water Utility Worker']
                 WHEN 'Public Safety' THEN ARRAY['Police Officer', 'Firefighter', 'Sergeant', 'Parking Enforcement Officer', 'Dispatcher']
                 WHEN 'Administrative Support' THEN ARRAY['Administrative Specialist', 'Clerk', 'Office Assistant', 'Executive Assistant']
                 ELSE ARRAY['Systems Analyst', 'Engineering Technician', 'GIS Analyst', 'Database Administrator'] END AS titles) t`,
        [FIRST, LAST, LOCATIONS, n],
      );
      // The city administrator (and RASE administrator) works in the administrator's office.
      await q(`UPDATE staff SET department_id = ${uuidOf('bench-department-1')}, hire_date = current_date - 9000 WHERE employee_id = $1`, [ADMIN_EMPLOYEE_ID]);
      return rows;
    });

    await step('management chain, roles', async () => {
      await q(
        `CREATE TEMP TABLE bench_rank AS
         SELECT s.id, s.department_id, row_number() OVER w AS k, count(*) OVER (PARTITION BY s.department_id) AS n
           FROM staff s WINDOW w AS (PARTITION BY s.department_id ORDER BY s.employee_id = $1 DESC, s.active DESC, s.hire_date, s.employee_id)`,
        [ADMIN_EMPLOYEE_ID],
      );
      await q(`ALTER TABLE bench_rank ADD COLUMN m int, ADD COLUMN sv int`);
      await q(`UPDATE bench_rank SET m = ceil((n - 1) / 120.0)::int, sv = ceil((n - 1) / 12.0)::int`);
      await q(`CREATE INDEX ON bench_rank (department_id, k)`);
      await q(`ANALYZE bench_rank`);
      const admin = `(SELECT id FROM staff WHERE employee_id = '${ADMIN_EMPLOYEE_ID}')`;
      const rows = await q(
        `UPDATE staff s SET manager_id = x.manager_id, job_class = COALESCE(x.cls, s.job_class), job_title = COALESCE(x.title, s.job_title)
           FROM (SELECT r.id,
                        CASE WHEN r.k = 1 THEN CASE WHEN r.id = ${admin} THEN NULL ELSE COALESCE(ph.id, gh.id, ${admin}) END ELSE boss.id END AS manager_id,
                        CASE WHEN r.k = 1 THEN CASE u.kind WHEN 'department' THEN 'Executive' ELSE 'Management' END WHEN r.k - 2 < r.m THEN 'Management' END AS cls,
                        CASE WHEN r.k = 1 THEN CASE u.kind WHEN 'department' THEN 'Director' WHEN 'division' THEN 'Division Manager' ELSE 'Section Manager' END
                             WHEN r.k - 2 < r.m THEN 'Manager' WHEN r.k - 2 < r.m + r.sv THEN 'Supervisor' END AS title
                   FROM bench_rank r JOIN bench_unit u ON u.id = r.department_id
                   LEFT JOIN bench_rank boss ON boss.department_id = r.department_id
                        AND boss.k = CASE WHEN r.k - 2 < r.m THEN 1 WHEN r.k - 2 < r.m + r.sv THEN 2 + (r.k - 2 - r.m) % r.m ELSE 2 + r.m + (r.k - 2 - r.m - r.sv) % r.sv END
                   LEFT JOIN bench_rank ph ON ph.department_id = u.parent_id AND ph.k = 1
                   LEFT JOIN bench_unit pu ON pu.id = u.parent_id
                   LEFT JOIN bench_rank gh ON gh.department_id = pu.parent_id AND gh.k = 1) x
          WHERE s.id = x.id`,
      );
      await q(
        `CREATE TEMP TABLE bench_lead AS
         SELECT DISTINCT ON (u.top_id) u.top_id, s.id AS staff_id FROM staff s JOIN bench_unit u ON u.id = s.department_id
          WHERE s.active AND s.employee_id <> $1 ORDER BY u.top_id, md5(s.id::text)`,
        [ADMIN_EMPLOYEE_ID],
      );
      await q(
        `INSERT INTO role_grant (staff_id, role, department_id, granted_by)
         SELECT ${admin}, 'rase_admin', NULL, NULL
         UNION ALL SELECT staff_id, 'equity_lead', top_id, ${admin} FROM bench_lead`,
      );
      return rows;
    });

    await step('cohorts and members', async () => {
      await q(
        `CREATE TEMP TABLE bench_subject AS
         SELECT x.subj, x.kind, x.slug, x.recurring, c.id AS course_id, t.id AS track_id
           FROM unnest($1::int[], $2::text[], $3::text[], $4::boolean[]) AS x (subj, kind, slug, recurring)
           LEFT JOIN course c ON x.kind = 'course' AND c.slug = x.slug LEFT JOIN track t ON x.kind = 'track' AND t.slug = x.slug`,
        [SUBJECTS.map((s) => s[0]), SUBJECTS.map((s) => s[1]), SUBJECTS.map((s) => s[2]), SUBJECTS.map((s) => s[3])],
      );
      const missing: { slug: string }[] = await runner.query(`SELECT slug FROM bench_subject WHERE course_id IS NULL AND track_id IS NULL`);
      if (missing.length > 0) throw new Error(`content/ lacks ${missing.map((m) => m.slug).join(', ')}`);
      const admin = `(SELECT id FROM staff WHERE employee_id = '${ADMIN_EMPLOYEE_ID}')`;
      await q(
        `INSERT INTO cohort (id, name, description, department_id, kind, rule, owner_id, evaluated_at, created_at, updated_at)
         SELECT md5('bench-cohort-all-' || u.dept_no)::uuid, u.name || ': all staff', 'Everyone in ' || u.name, u.id, 'rule',
                jsonb_build_object('departmentIds', jsonb_build_array(u.id)), l.staff_id, now(), ${START}, ${START}
           FROM bench_unit u LEFT JOIN bench_lead l ON l.top_id = u.id WHERE u.kind = 'department'
         UNION ALL
         SELECT md5('bench-cohort-new-' || u.dept_no)::uuid, u.name || ': new hires', NULL, u.id, 'rule',
                jsonb_build_object('departmentIds', jsonb_build_array(u.id), 'hiredWithinDays', 180), l.staff_id, now(), ${START} + 365, ${START} + 365
           FROM bench_unit u LEFT JOIN bench_lead l ON l.top_id = u.id WHERE u.kind = 'department'
         UNION ALL SELECT ${uuidOf('bench-cohort-managers')}, 'All managers and directors', NULL, NULL, 'rule', '{"jobClasses":["Management","Executive"]}', ${admin}, now(), ${START}, ${START}
         UNION ALL SELECT ${uuidOf('bench-cohort-city-new')}, 'New hires (city-wide)', NULL, NULL, 'rule', '{"hiredWithinDays":180}', ${admin}, now(), ${START}, ${START}
         UNION ALL SELECT ${uuidOf('bench-cohort-change-team')}, 'Equity change team', NULL, NULL, 'static', NULL, ${admin}, NULL, now() - interval '200 days', now() - interval '200 days'
         UNION ALL SELECT ${BIG_COHORT_ID_SQL}, 'Frontline services 2026', 'Staff who serve the public in person', NULL, 'static', NULL, ${admin}, NULL, now() - interval '60 days', now() - interval '60 days'`,
      );
      let rows = await q(
        `INSERT INTO cohort_member (cohort_id, staff_id, joined_at, join_reason)
         SELECT md5('bench-cohort-all-' || u.dept_no)::uuid, s.id, GREATEST(${START}, s.hire_date), 'rule'
           FROM staff s JOIN bench_unit u ON u.id = s.department_id WHERE s.active
         UNION ALL
         SELECT md5('bench-cohort-new-' || u.dept_no)::uuid, s.id, s.hire_date, 'rule'
           FROM staff s JOIN bench_unit u ON u.id = s.department_id WHERE s.active AND s.hire_date >= current_date - 180
         UNION ALL SELECT ${uuidOf('bench-cohort-managers')}, s.id, GREATEST(${START}, s.hire_date), 'rule' FROM staff s WHERE s.active AND s.job_class IN ('Management', 'Executive')
         UNION ALL SELECT ${uuidOf('bench-cohort-city-new')}, s.id, s.hire_date, 'rule' FROM staff s WHERE s.active AND s.hire_date >= current_date - 180`,
      );
      rows += await q(
        `INSERT INTO cohort_member (cohort_id, staff_id, joined_at, join_reason)
         (SELECT ${uuidOf('bench-cohort-change-team')}, s.id, now() - interval '200 days', 'added' FROM staff s WHERE s.active ORDER BY random() LIMIT GREATEST(20, $1::int / 50))`,
        [n],
      );
      rows += await q(
        `INSERT INTO cohort_member (cohort_id, staff_id, joined_at, join_reason)
         (SELECT ${BIG_COHORT_ID_SQL}, s.id, now() - interval '60 days' + random() * interval '30 days', 'added' FROM staff s WHERE s.active ORDER BY random() LIMIT $1)`,
        [options.bigCohort ?? 20_000],
      );
      // Some history: people added by mistake and removed again.
      rows += await q(
        `INSERT INTO cohort_member (cohort_id, staff_id, joined_at, join_reason, left_at, leave_reason)
         (SELECT ${BIG_COHORT_ID_SQL}, s.id, now() - interval '60 days', 'added', now() - interval '45 days', 'removed' FROM staff s
           WHERE s.active AND NOT EXISTS (SELECT 1 FROM cohort_member m WHERE m.cohort_id = ${BIG_COHORT_ID_SQL} AND m.staff_id = s.id)
           ORDER BY random() LIMIT $1)`,
        [Math.round((options.bigCohort ?? 20_000) / 50)],
      );
      await q(
        `INSERT INTO cohort_assignment (id, cohort_id, course_id, track_id, starts_on, due_kind, due_on, due_days, recurrence_months, created_by, created_at)
         SELECT md5('bench-ca-' || u.dept_no || '-' || x.subj)::uuid, md5('bench-cohort-all-' || u.dept_no)::uuid, x.course_id, x.track_id, ${START},
                'after_hire', NULL::date, 90, 12, l.staff_id, ${START}
           FROM bench_unit u LEFT JOIN bench_lead l ON l.top_id = u.id CROSS JOIN bench_subject x WHERE u.kind = 'department' AND x.subj <= 4
         UNION ALL SELECT ${uuidOf('bench-ca-managers')}, ${uuidOf('bench-cohort-managers')}, x.course_id, NULL, ${START} + 30, 'after_joining', NULL, 120, NULL, ${admin}, ${START} + 30
           FROM bench_subject x WHERE x.subj = 7
         UNION ALL SELECT ${uuidOf('bench-ca-change-team')}, ${uuidOf('bench-cohort-change-team')}, NULL, x.track_id, current_date - 200, 'absolute', city_today() + 30, NULL, NULL, ${admin}, now() - interval '200 days'
           FROM bench_subject x WHERE x.subj = 8`,
      );
      return rows;
    });

    const bulk = ['assignment', 'enrollment', 'lesson_progress', 'track_completion'];
    const dropped = await dropSecondaryIndexesAndForeignKeys(runner, bulk);

    await step('assignments (planned per person and subject, then inserted)', async () => {
      const admin = `(SELECT id FROM staff WHERE employee_id = '${ADMIN_EMPLOYEE_ID}')`;
      // One row per person and subject: when its first cycle starts, whether the person lags (their current cycle overdue), dice for the outcome.
      await q(
        `CREATE TEMP TABLE bench_pair AS
         SELECT s.id AS staff_id, x.subj, x.course_id, x.track_id, x.recurring,
                jsonb_build_array(jsonb_build_object('kind', 'cohort', 'cohortId', md5('bench-cohort-all-' || u.dept_no)::uuid, 'cohortAssignmentId', md5('bench-ca-' || u.dept_no || '-' || x.subj)::uuid)) AS sources,
                GREATEST(${START}, s.hire_date)::timestamptz + random() * interval '20 days' AS base, random() < 0.12 AS lag, random() AS u, random() AS u2, random() AS u3
           FROM staff s JOIN bench_unit du ON du.id = s.department_id JOIN bench_unit u ON u.id = du.top_id CROSS JOIN bench_subject x WHERE x.subj <= 4
         UNION ALL
         SELECT s.id, x.subj, x.course_id, NULL, false, '[{"kind":"self"}]'::jsonb,
                GREATEST(${START}, s.hire_date)::timestamptz + random() * (now() - GREATEST(${START}, s.hire_date)::timestamptz), false, random(), random(), random()
           FROM staff s CROSS JOIN bench_subject x WHERE x.subj IN (5, 6) AND random() < CASE x.subj WHEN 5 THEN 0.45 ELSE 0.35 END
         UNION ALL
         SELECT s.id, 7, x.course_id, NULL, false,
                jsonb_build_array(jsonb_build_object('kind', 'cohort', 'cohortId', ${uuidOf('bench-cohort-managers')}, 'cohortAssignmentId', ${uuidOf('bench-ca-managers')})),
                GREATEST(${START} + 30, s.hire_date)::timestamptz + random() * interval '10 days', false, random(), random(), random()
           FROM staff s CROSS JOIN bench_subject x WHERE x.subj = 7 AND s.active AND s.job_class IN ('Management', 'Executive')
         UNION ALL
         SELECT m.staff_id, 8, NULL, x.track_id, false,
                jsonb_build_array(jsonb_build_object('kind', 'cohort', 'cohortId', ${uuidOf('bench-cohort-change-team')}, 'cohortAssignmentId', ${uuidOf('bench-ca-change-team')})),
                m.joined_at, false, random(), random(), random()
           FROM cohort_member m CROSS JOIN bench_subject x WHERE x.subj = 8 AND m.cohort_id = ${uuidOf('bench-cohort-change-team')}`,
      );
      // Cycles: a recurring subject opens its next cycle a year on (when the previous one was completed); laggards never finished their latest.
      await q(
        `CREATE TEMP TABLE bench_cycle AS
         WITH e AS MATERIALIZED (
           SELECT p.*, k, p.base + (k - 1) * interval '365 days' + CASE WHEN k > 1 THEN random() * interval '40 days' ELSE interval '0' END AS created, s.deactivated_at
             FROM bench_pair p JOIN staff s ON s.id = p.staff_id CROSS JOIN LATERAL generate_series(1, CASE WHEN p.recurring THEN 6 ELSE 1 END) k
            WHERE p.base + (k - 1) * interval '365 days' < now()),
         f AS (SELECT e.*, count(*) OVER (PARTITION BY staff_id, subj) AS cycles FROM e WHERE created < LEAST(now() - interval '1 hour', COALESCE(deactivated_at, 'infinity'))),
         g AS (SELECT * FROM f WHERE k <= cycles - CASE WHEN lag AND cycles > 1 THEN 1 ELSE 0 END)
         SELECT g.*, k = max(k) OVER (PARTITION BY staff_id, subj) AS last, lead(created) OVER (PARTITION BY staff_id, subj ORDER BY k) AS next_created FROM g`,
      );
      await q(
        `CREATE TEMP TABLE bench_row AS
         SELECT c.*, CASE WHEN o.outcome = 'completed' THEN COALESCE(c.next_created, c.created + c.u2 * LEAST(now() - c.created, interval '120 days')) END AS completed_at,
                o.outcome,
                -- due days in the city, as the app writes them
                CASE c.subj WHEN 5 THEN NULL WHEN 6 THEN NULL WHEN 7 THEN city_day(c.created) + 120 WHEN 8 THEN city_today() + 30
                     ELSE CASE WHEN c.k = 1 THEN city_day(c.created) + 90 ELSE (city_day(c.created) + interval '12 months')::date END END AS due_on
           FROM bench_cycle c
           CROSS JOIN LATERAL (SELECT CASE WHEN NOT c.last THEN 'completed'
                                           WHEN c.recurring THEN CASE WHEN c.u < 0.03 THEN 'exempt' WHEN c.u < 0.40 THEN 'started' ELSE 'open' END
                                           WHEN c.subj IN (5, 6) THEN CASE WHEN c.u < 0.70 THEN 'completed' ELSE 'started' END
                                           ELSE CASE WHEN c.u < 0.03 THEN 'exempt' WHEN c.u < 0.58 THEN 'completed' WHEN c.u < 0.78 THEN 'started' ELSE 'open' END END AS outcome) o`,
      );
      return q(
        `INSERT INTO assignment (id, staff_id, course_id, track_id, due_on, sources, exempt_reason, exempted_at, exempted_by, completed_at, created_at,
                                 recurrence_months, cycle, previous_assignment_id)
         SELECT md5('bench-a-' || r.staff_id || '-' || r.subj || '-' || r.k)::uuid, r.staff_id, r.course_id, r.track_id, r.due_on, r.sources,
                CASE WHEN r.outcome = 'exempt' THEN 'On extended leave' END, CASE WHEN r.outcome = 'exempt' THEN LEAST(now(), r.created + interval '10 days') END,
                CASE WHEN r.outcome = 'exempt' THEN ${admin} END, r.completed_at, r.created,
                CASE WHEN r.recurring THEN 12 END, r.k, CASE WHEN r.k > 1 THEN md5('bench-a-' || r.staff_id || '-' || r.subj || '-' || (r.k - 1))::uuid END
           FROM bench_row r`,
      );
    });

    await step('enrollments (one per person and course started)', async () => {
      // The latest cycle the person started or completed; started a little after it opened.
      await q(
        `CREATE TEMP TABLE bench_enrol AS
         SELECT DISTINCT ON (r.staff_id, r.subj) md5('bench-e-' || r.staff_id || '-' || r.subj)::uuid AS id, r.staff_id, c.current_version_id AS version_id,
                r.created + r.u3 * LEAST(COALESCE(r.completed_at, now()) - r.created, interval '21 days') AS started_at, r.completed_at, r.u2 AS frac
           FROM bench_row r JOIN course c ON c.id = r.course_id
          WHERE r.outcome IN ('completed', 'started')
          ORDER BY r.staff_id, r.subj, r.k DESC`,
      );
      return q(
        `INSERT INTO enrollment (id, staff_id, course_version_id, started_at, completed_at, score)
         SELECT id, staff_id, version_id, started_at, completed_at, CASE WHEN completed_at IS NOT NULL THEN 70 + floor(random() * 31)::int END FROM bench_enrol`,
      );
    });

    await step('lesson progress (every lesson when completed, the first few when in progress)', () =>
      q(
        `WITH lesson AS MATERIALIZED (
           SELECT v.id AS version_id, l.lesson->>'slug' AS slug, l.ord, jsonb_array_length(v.lessons) AS lessons
             FROM course_version v CROSS JOIN LATERAL jsonb_array_elements(v.lessons) WITH ORDINALITY AS l (lesson, ord))
         INSERT INTO lesson_progress (enrollment_id, lesson_slug, completed_at)
         SELECT e.id, l.slug, e.started_at + (COALESCE(e.completed_at, now()) - e.started_at) * (l.ord::float8 / (l.lessons + 1))
           FROM bench_enrol e JOIN lesson l ON l.version_id = e.version_id
          WHERE e.completed_at IS NOT NULL OR l.ord <= floor(e.frac * l.lessons)`,
      ),
    );

    await step('track completions', () =>
      q(`INSERT INTO track_completion (staff_id, track_id, completed_at)
         SELECT staff_id, track_id, max(completed_at) FROM bench_row WHERE track_id IS NOT NULL AND completed_at IS NOT NULL GROUP BY staff_id, track_id`),
    );

    await step('indexes and foreign keys rebuilt', async () => {
      for (const sql of dropped) await runner.query(sql);
      return dropped.length;
    });

    await step('reporting rollups rebuilt (report_rebuild)', async () => {
      await setRollupTriggers(runner, true, rollupTriggers);
      await runner.query(`SELECT report_rebuild()`);
      return Number((await runner.query(`SELECT (SELECT count(*) FROM report_status) + (SELECT count(*) FROM report_week) + (SELECT count(*) FROM report_tenure) AS n`))[0].n);
    });

    await step('members\' status keys rebuilt (cohort_member_status_rebuild)', async () => {
      await setTriggers(runner, 'cohort_member_status_', true, statusTriggers);
      await runner.query(`SELECT cohort_member_status_rebuild()`);
      return count('cohort_member');
    });

    await step('VACUUM ANALYZE', async () => {
      for (const table of ['department', 'staff', 'cohort', 'cohort_member', 'cohort_assignment', ...bulk, 'course', 'course_version', 'track', ...REPORT_TABLES]) await runner.query(`VACUUM (ANALYZE) ${table}`);
      return 0;
    });

    const status: { status: string; n: string }[] = await runner.query(
      `SELECT CASE WHEN outcome = 'exempt' THEN 'exempt' WHEN completed_at IS NOT NULL THEN 'completed' WHEN due_on < city_today() THEN 'overdue'
                   WHEN outcome = 'started' THEN 'in progress' ELSE 'not started' END AS status, count(*) AS n
         FROM bench_row GROUP BY 1 ORDER BY 2 DESC`,
    );
    const counts: Record<string, number> = {};
    for (const table of ['department', 'staff', 'cohort', 'cohort_member', 'cohort_assignment', 'assignment', 'enrollment', 'lesson_progress', 'track_completion']) {
      counts[table] = await count(table);
    }
    for (const s of status) counts[`assignment: ${s.status}`] = Number(s.n);
    const [{ admin_id: adminId }]: { admin_id: string }[] = await runner.query(`SELECT id AS admin_id FROM staff WHERE employee_id = $1`, [ADMIN_EMPLOYEE_ID]);
    const [{ id: bigCohortId, members }]: { id: string; members: number }[] = await runner.query(
      `SELECT ${BIG_COHORT_ID_SQL} AS id, (SELECT count(*)::int FROM cohort_member WHERE cohort_id = ${BIG_COHORT_ID_SQL} AND left_at IS NULL) AS members`,
    );
    const city: CityInfo = { staff: n, adminId, bigCohortId, bigCohortMembers: members, counts };
    await runner.query(`CREATE TABLE bench_city (info jsonb NOT NULL, built_at timestamptz NOT NULL DEFAULT now())`);
    await runner.query(`INSERT INTO bench_city (info) VALUES ($1)`, [JSON.stringify(city)]);
    for (const t of ['bench_unit', 'bench_slot', 'bench_rank', 'bench_lead', 'bench_subject', 'bench_pair', 'bench_cycle', 'bench_row', 'bench_enrol']) await runner.query(`DROP TABLE IF EXISTS ${t}`);
    return { city, phases };
  } finally {
    await runner.release();
  }
}

const REPORT_TABLES = ['report_status', 'report_tenure', 'report_week', 'report_staff', 'report_competency'];

/** Turns the reporting rollup triggers (migration CreateReporting) off or back on; returns the ones it touched. */
async function setRollupTriggers(runner: QueryRunner, enable: boolean, names?: { tbl: string; name: string }[]): Promise<{ tbl: string; name: string }[]> {
  const triggers: { tbl: string; name: string }[] =
    names ?? (await runner.query(`SELECT tgrelid::regclass::text AS tbl, tgname AS name FROM pg_trigger WHERE NOT tgisinternal AND left(tgname, 7) = 'report_'`));
  for (const t of triggers) await runner.query(`ALTER TABLE ${t.tbl} ${enable ? 'ENABLE' : 'DISABLE'} TRIGGER ${t.name}`);
  return triggers;
}

/** Turns the triggers whose names start with `prefix` off or back on; returns the ones it touched. */
async function setTriggers(runner: QueryRunner, prefix: string, enable: boolean, names?: { tbl: string; name: string }[]): Promise<{ tbl: string; name: string }[]> {
  const triggers: { tbl: string; name: string }[] =
    names ?? (await runner.query(`SELECT tgrelid::regclass::text AS tbl, tgname AS name FROM pg_trigger WHERE NOT tgisinternal AND left(tgname, length($1)) = $1`, [prefix]));
  for (const t of triggers) await runner.query(`ALTER TABLE ${t.tbl} ${enable ? 'ENABLE' : 'DISABLE'} TRIGGER ${t.name}`);
  return triggers;
}

/**
 * Drops the foreign keys and the indexes that back no constraint on `tables` (a bulk load checks
 * and indexes once at the end instead of per row) and returns the statements that put them back,
 * exactly as the migrations made them.
 */
async function dropSecondaryIndexesAndForeignKeys(runner: QueryRunner, tables: string[]): Promise<string[]> {
  const fks: { tbl: string; name: string; def: string }[] = await runner.query(
    `SELECT conrelid::regclass::text AS tbl, conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE contype = 'f' AND conrelid::regclass::text = ANY($1::text[])`,
    [tables],
  );
  const indexes: { name: string; def: string }[] = await runner.query(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY($1::text[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`,
    [tables],
  );
  for (const fk of fks) await runner.query(`ALTER TABLE ${fk.tbl} DROP CONSTRAINT ${fk.name}`);
  for (const index of indexes) await runner.query(`DROP INDEX ${index.name}`);
  return [...indexes.map((i) => i.def), ...fks.map((fk) => `ALTER TABLE ${fk.tbl} ADD CONSTRAINT ${fk.name} ${fk.def}`)];
}

/**
 * A city to benchmark against: a fresh database (dropped by `close()` unless `keep`), or the named
 * one — reused when it already holds a city of this size (or, with `copy`, a throw-away copy of
 * it made with CREATE DATABASE … TEMPLATE), built (and kept) otherwise.
 */
export async function openCity(options: CityOptions & { database?: string; keep?: boolean; copy?: boolean }): Promise<OpenCity> {
  const log = options.log ?? (() => undefined);
  let name: string;
  let url: string;
  let fresh = true;
  let copied: string | null = null;
  if (options.database) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.database)) throw new Error('--database must be a lower-case identifier');
    name = options.database;
    const admin = new Client({ connectionString: TEST_SERVER_URL });
    await admin.connect();
    try {
      const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount === 1;
      if (exists) {
        fresh = false;
        if (options.copy) {
          // A file-level copy, so a benchmark that writes leaves the kept city as it was.
          const copy = `${name}_copy_${randomBytes(4).toString('hex')}`;
          await admin.query(`CREATE DATABASE "${copy}" TEMPLATE "${name}"`);
          copied = copy;
          name = copy;
        }
      } else await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    const server = new URL(TEST_SERVER_URL);
    server.pathname = `/${name}`;
    url = server.toString();
    // A new database gets every migration; a kept city built before newer ones gets those (once, in place, logged).
    const migrator = createDataSource({ databaseUrl: url, applicationName: 'equip-bench-migrate' });
    await migrator.initialize();
    try {
      const applied = await migrator.runMigrations({ transaction: 'each' });
      if (!fresh && applied.length > 0) log(`Applied ${applied.length} newer migration(s) to ${name}: ${applied.map((m) => m.name).join(', ')}.`);
    } finally {
      await migrator.destroy();
    }
  } else {
    const db = await createTestDatabase(TEST_SERVER_URL, 'equip_bench_city');
    name = db.name;
    url = db.url;
  }
  const dataSource = await createDataSource({ databaseUrl: url, applicationName: 'equip-bench' }).initialize();
  const close = async () => {
    await dataSource.destroy();
    if (copied) await dropDatabase(TEST_SERVER_URL, copied);
    else if (!options.database && !options.keep) await dropDatabase(TEST_SERVER_URL, name);
  };
  try {
    if (!fresh) {
      const found: { info: CityInfo }[] = await dataSource.query(`SELECT info FROM bench_city`).catch(() => []);
      if (found.length === 0) throw new Error(`database ${name} exists but holds no finished city; drop it or name another`);
      if (found[0].info.staff !== options.staff) throw new Error(`database ${name} holds a city of ${found[0].info.staff} staff, not ${options.staff}; pass --staff ${found[0].info.staff} or name another`);
      log(`Reusing the ${options.staff.toLocaleString('en-US')}-staff city in database ${name}.`);
      return { dataSource, url, database: name, city: found[0].info, phases: [], close };
    }
    log(`Building a ${options.staff.toLocaleString('en-US')}-staff city in database ${name} …`);
    const { city, phases } = await buildCity(dataSource, options);
    if (options.database && options.copy) {
      // Built to be kept: the benchmark writes to a copy of it, as it will on every later run.
      await dataSource.destroy();
      return { ...(await openCity(options)), phases };
    }
    return { dataSource, url, database: name, city, phases, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The counts of a city, two columns. */
export function countsTable(counts: Record<string, number>): string {
  const width = Math.max(...Object.keys(counts).map((k) => k.length));
  return Object.entries(counts).map(([k, v]) => `${k.padEnd(width)}  ${v.toLocaleString('en-US').padStart(12)}`).join('\n');
}
