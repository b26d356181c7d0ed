import type { EntityManager } from 'typeorm';

/** What the living programme added; null when no catalog was published to build it from. */
export interface ProgrammeCounts {
  cohorts: number;
  cohortMembers: number;
  assignments: number;
  enrollments: number;
  certificates: number;
  indicatorRecords: number;
  progressionSnapshots: number;
}

export interface ProgrammeOptions {
  /** The city's today (YYYY-MM-DD): every date of the programme is an offset from it. */
  day: string;
  /** IANA zone of the city: days begin and end there. */
  timeZone: string;
  /** Part of every deterministic draw, so another seed makes another programme. */
  seed: number;
}

/** The catalog the programme assigns; a catalog without one of them gets no programme. */
const COURSES = ['racial-equity-foundations', 'our-citys-commitment', 'targeted-universalism', 'leading-equity-work', 'racial-equity-toolkit', 'community-engagement-shares-power'];
const TRACKS = ['all-staff-foundations', 'equity-lead'];

const LEARNER_EMAIL = 'learner@equip.demo';
const ADMIN_EMAIL = 'admin@equip.demo';
/** The department the demo lead leads: its refresher is due before today, so the lead has overdue people. */
const LEAD_DEPARTMENT = 'TES';
/** The demo learner's department: its refresher (the learner's course in progress) is due three weeks on. */
const LEARNER_DEPARTMENT = 'RPCA';

const EXEMPT_REASONS = [
  'On extended medical leave until after the due date',
  'Completed equivalent equity training with a previous employer',
  'Seasonal position that ends before the due date',
  'On military leave',
];

/**
 * The cohort assignments each department's cohorts get: subject, when it was made and when it is
 * due (days from today; `spread` days drawn per department), and below which diligence a member
 * completed it (a little above that they are in progress). Thresholds fall in prerequisite order,
 * so whoever completed a course also completed its prerequisites.
 */
const PLAN: { key: string; cohort: 'all' | 'team'; course?: string; track?: string; created: number; due: number; spread: number; completes: number }[] = [
  { key: 'foundations', cohort: 'all', course: 'racial-equity-foundations', created: -540, due: -450, spread: 270, completes: 0.8 },
  { key: 'commitment', cohort: 'all', course: 'our-citys-commitment', created: -200, due: -40, spread: 90, completes: 0.55 },
  { key: 'universalism', cohort: 'all', course: 'targeted-universalism', created: -60, due: 30, spread: 90, completes: 0.45 },
  { key: 'leading', cohort: 'team', course: 'leading-equity-work', created: -300, due: -120, spread: 150, completes: 0.5 },
  { key: 'lead-track', cohort: 'team', track: 'equity-lead', created: -300, due: 60, spread: 0, completes: 0 },
];

/**
 * The living programme of the demo city, on top of its people: in every department an "all staff"
 * rule cohort and a static "equity change team", cohort assignments across the catalog with due
 * days past and future, completions over the last 18 months (enrollments, lesson progress, track
 * completions), overdue and in-progress work, exemptions with reasons, self-enrolled electives,
 * certificates with the outbox rows the worker relays to render their PDFs, recorded indicators
 * and 18 monthly progression snapshots.
 *
 * Set-based and deterministic: every draw is an md5 of the seed, the day and a natural key, and
 * every date an offset from the city's today. The reporting rollup triggers are off during the
 * load and `report_rebuild()` runs once at the end, as the benchmark city does. Runs inside the
 * caller's transaction, after the people are in.
 */
export async function seedProgramme(manager: EntityManager, options: ProgrammeOptions): Promise<ProgrammeCounts | null> {
  const [catalog] = await manager.query(
    `SELECT (SELECT count(*) FROM course WHERE slug = ANY($1::text[]) AND current_version_id IS NOT NULL AND archived_at IS NULL)::int AS courses,
            (SELECT count(*) FROM track WHERE slug = ANY($2::text[]) AND archived_at IS NULL)::int AS tracks`,
    [COURSES, TRACKS],
  );
  if (catalog.courses < COURSES.length || catalog.tracks < TRACKS.length) return null;

  const q: Query = (sql, params = []) => manager.query(sql, params);
  await q(`CREATE TEMP TABLE demo_ctx ON COMMIT DROP AS SELECT $1::date AS day, $2::text AS tz, $3::text AS salt`, [
    options.day,
    options.timeZone,
    `equip-demo:${options.seed}:${options.day}:`,
  ]);
  // A uniform draw in [0, 1) from a natural key, and the instant `hours` into the city day `d` days from today.
  await q(`CREATE FUNCTION pg_temp.demo_dice(k text) RETURNS float8 LANGUAGE sql STABLE
             AS $$ SELECT ('x' || substr(md5((SELECT salt FROM demo_ctx) || k), 1, 8))::bit(32)::bigint / 4294967296.0 $$`);
  await q(`CREATE FUNCTION pg_temp.demo_at(d int, hours float8) RETURNS timestamptz LANGUAGE sql STABLE
             AS $$ SELECT (((SELECT day FROM demo_ctx) + d)::timestamp + hours * interval '1 hour') AT TIME ZONE (SELECT tz FROM demo_ctx) $$`);
  const triggers = (await q(
    `SELECT tgrelid::regclass::text AS tbl, tgname AS name FROM pg_trigger WHERE NOT tgisinternal AND left(tgname, 7) = 'report_'`,
  )) as { tbl: string; name: string }[];
  for (const t of triggers) await q(`ALTER TABLE ${t.tbl} DISABLE TRIGGER ${t.name}`);
  // A failure rolls the caller's transaction back, and with it these (PostgreSQL DDL is transactional).
  const counts = await load(q);
  for (const t of triggers) await q(`ALTER TABLE ${t.tbl} ENABLE TRIGGER ${t.name}`);
  await q(`DROP FUNCTION pg_temp.demo_dice(text)`);
  await q(`DROP FUNCTION pg_temp.demo_at(int, float8)`);
  return counts;
}

type Row = Record<string, unknown>;
type Query = (sql: string, params?: unknown[]) => Promise<Row[]>;

async function load(q: Query): Promise<ProgrammeCounts> {
  const dice = (key: string) => `pg_temp.demo_dice(${key})`;
  const at = (days: string, hours = '10') => `pg_temp.demo_at((${days})::int, ${hours})`;

  await q(
    `CREATE TEMP TABLE demo_unit ON COMMIT DROP AS
     SELECT d.id, d.code, d.name, d.path, (SELECT day FROM demo_ctx) AS day,
            (SELECT g.staff_id FROM role_grant g JOIN staff s ON s.id = g.staff_id
              WHERE g.role = 'equity_lead' AND g.department_id = d.id ORDER BY s.employee_id LIMIT 1) AS lead_id
       FROM department d WHERE d.kind = 'department'`,
  );
  const [{ admin_id: adminId }] = await q(`SELECT id AS admin_id FROM staff WHERE email = $1`, [ADMIN_EMAIL]);

  // Cohorts: every department gets an "all staff" rule cohort and a static change team.
  await q(
    `CREATE TEMP TABLE demo_cohort ON COMMIT DROP AS
     SELECT gen_random_uuid() AS id, u.id AS department_id, u.code, x.kind, x.which,
            u.name || CASE x.which WHEN 'all' THEN ': all staff' ELSE ': equity change team' END AS name,
            COALESCE(u.lead_id, $1::uuid) AS owner_id, x.created
       FROM demo_unit u CROSS JOIN (VALUES ('rule', 'all', -560), ('static', 'team', -400)) AS x (kind, which, created)`,
    [adminId],
  );
  await q(
    `INSERT INTO cohort (id, name, description, department_id, kind, rule, owner_id, evaluated_at, created_at, updated_at)
     SELECT c.id, c.name,
            CASE c.which WHEN 'all' THEN 'Everyone who works in the department or its divisions'
                         ELSE 'Staff who carry the equity work in the department, with its equity lead' END,
            c.department_id, c.kind, CASE c.which WHEN 'all' THEN jsonb_build_object('departmentIds', jsonb_build_array(c.department_id)) END,
            c.owner_id, CASE c.which WHEN 'all' THEN ${at('-1', '6')} END, ${at('c.created')}, ${at('c.created')}
       FROM demo_cohort c`,
  );
  // Members: the rule cohort holds everyone active in the subtree; the change team about one in twelve (2–6) plus the lead.
  await q(
    `CREATE TEMP TABLE demo_member ON COMMIT DROP AS
     WITH people AS (
       SELECT c.id AS cohort_id, c.which, c.created, c.department_id, s.id AS staff_id, s.employee_id, s.email, s.hire_date,
              row_number() OVER (PARTITION BY c.id ORDER BY ${dice(`'team:' || s.employee_id`)}) AS pick, count(*) OVER (PARTITION BY c.id) AS n,
              s.id = u.lead_id AS is_lead
         FROM demo_cohort c JOIN demo_unit u ON u.id = c.department_id
         JOIN department d ON left(d.path, length(u.path)) = u.path
         JOIN staff s ON s.department_id = d.id AND s.active)
     SELECT cohort_id, which, department_id, staff_id, employee_id, email,
            LEAST(GREATEST(created, hire_date - (SELECT day FROM demo_ctx) + 1), -1) AS joined
       FROM people
      WHERE which = 'all' OR is_lead OR pick <= LEAST(6, GREATEST(2, ceil(n / 12.0)))`,
  );
  const [{ n: members }] = await q(
    `WITH m AS (INSERT INTO cohort_member (cohort_id, staff_id, joined_at, join_reason)
                SELECT cohort_id, staff_id, ${at('joined', '8')}, CASE which WHEN 'all' THEN 'rule' ELSE 'added' END FROM demo_member RETURNING 1)
     SELECT count(*)::int AS n FROM m`,
  );

  // Cohort assignments: the plan above, each department drawing its own due day within the spread.
  await q(
    `CREATE TEMP TABLE demo_ca ON COMMIT DROP AS
     SELECT gen_random_uuid() AS id, c.id AS cohort_id, c.department_id, c.code, p.key, p.course_id, p.track_id, p.created, p.completes,
            CASE WHEN c.code = $2 AND p.key = 'commitment' THEN -20
                 WHEN c.code = $3 AND p.key = 'commitment' THEN 21
                 ELSE p.due + floor(${dice(`'due:' || c.code || ':' || p.key`)} * (p.spread + 1))::int END AS due,
            c.owner_id
       FROM demo_cohort c
       JOIN (SELECT x.*, co.id AS course_id, t.id AS track_id
               FROM jsonb_to_recordset($1::jsonb) AS x (key text, cohort text, course text, track text, created int, due int, spread int, completes float8)
               LEFT JOIN course co ON co.slug = x.course LEFT JOIN track t ON t.slug = x.track) p ON p.cohort = c.which`,
    [JSON.stringify(PLAN), LEAD_DEPARTMENT, LEARNER_DEPARTMENT],
  );
  await q(
    `INSERT INTO cohort_assignment (id, cohort_id, course_id, track_id, starts_on, due_kind, due_on, due_days, recurrence_months, created_by, created_at)
     SELECT id, cohort_id, course_id, track_id, (SELECT day FROM demo_ctx) + created, 'absolute', (SELECT day FROM demo_ctx) + due, NULL, NULL, owner_id, ${at('created', '11')}
       FROM demo_ca`,
  );

  // One planned row per person and subject: when it opened, whether it was completed, started, exempted or left open.
  await q(
    `CREATE TEMP TABLE demo_plan ON COMMIT DROP AS
     WITH assigned AS (
       SELECT m.staff_id, m.employee_id, m.email, ca.department_id, ca.key, ca.course_id, ca.track_id, ca.owner_id,
              jsonb_build_array(jsonb_build_object('kind', 'cohort', 'cohortId', ca.cohort_id, 'cohortAssignmentId', ca.id)) AS sources,
              GREATEST(ca.created, m.joined) AS opened, GREATEST(ca.due, m.joined + 60) AS due,
              CASE WHEN m.email = $1 THEN 0.6 ELSE ${dice(`'diligence:' || m.employee_id`)} + 0.3 * ${dice(`'department:' || ca.code`)} - 0.15 END AS diligence,
              ca.completes, ${dice(`'exempt:' || m.employee_id || ':' || ca.key`)} AS exempt_draw,
              ${dice(`'when:' || m.employee_id || ':' || ca.key`)} AS when_draw
         FROM demo_member m JOIN demo_ca ca ON ca.cohort_id = m.cohort_id)
     SELECT a.*, o.outcome,
            CASE WHEN o.outcome = 'completed' THEN a.opened + 1 + floor(a.when_draw * GREATEST(0, LEAST(a.due + 30, -1) - a.opened - 1))::int END AS done
       FROM assigned a
       CROSS JOIN LATERAL (SELECT CASE WHEN a.track_id IS NOT NULL OR a.opened >= -1 THEN 'open'
                                       WHEN a.diligence < a.completes THEN 'completed'
                                       WHEN a.diligence < a.completes + 0.12 THEN 'started'
                                       WHEN a.exempt_draw < 0.05 AND a.email <> $1 THEN 'exempt'
                                       ELSE 'open' END AS outcome) o`,
    [LEARNER_EMAIL],
  );
  // Electives, self-enrolled after the foundations: most of the change team who finished their course, and a few others.
  await q(
    `INSERT INTO demo_plan (staff_id, employee_id, email, department_id, key, course_id, track_id, owner_id, sources, opened, due, diligence, completes,
                            exempt_draw, when_draw, outcome, done)
     SELECT f.staff_id, f.employee_id, f.email, f.department_id, e.key, co.id, NULL, NULL, '[{"kind":"self"}]'::jsonb,
            w.opened, NULL, 0, 0, 1, w.draw, CASE WHEN w.leader OR w.draw < 0.6 THEN 'completed' ELSE 'started' END,
            CASE WHEN w.leader OR w.draw < 0.6 THEN w.opened + 1 + floor(w.draw * (-2 - w.opened))::int END
       FROM demo_plan f CROSS JOIN (VALUES ('toolkit', 'racial-equity-toolkit'), ('engagement', 'community-engagement-shares-power')) AS e (key, slug)
       JOIN course co ON co.slug = e.slug
       CROSS JOIN LATERAL (SELECT ${dice(`'elective:' || f.employee_id || ':' || e.key`)} AS draw, f.done + 3 + floor(${dice(`'elective-day:' || f.employee_id || ':' || e.key`)} * 40)::int AS opened,
                                  EXISTS (SELECT 1 FROM demo_plan l WHERE l.staff_id = f.staff_id AND l.key = 'leading' AND l.outcome = 'completed') AS leader) w
      WHERE f.key = 'foundations' AND f.outcome = 'completed' AND w.opened < -3 AND (w.leader OR w.draw < 0.15)`,
  );

  await q(
    `INSERT INTO assignment (staff_id, course_id, track_id, due_on, sources, exempt_reason, exempted_at, exempted_by, completed_at, created_at)
     SELECT p.staff_id, p.course_id, p.track_id, (SELECT day FROM demo_ctx) + p.due, p.sources,
            CASE WHEN p.outcome = 'exempt' THEN ($1::text[])[1 + floor(p.when_draw * cardinality($1::text[]))::int] END,
            CASE WHEN p.outcome = 'exempt' THEN ${at('LEAST(p.opened + 10, -1)', '15')} END,
            CASE WHEN p.outcome = 'exempt' THEN p.owner_id END,
            CASE WHEN p.outcome = 'completed' THEN ${at('p.done', '14 + 3 * p.when_draw')} END, ${at('p.opened', '9')}
       FROM demo_plan p WHERE p.track_id IS NULL`,
    [EXEMPT_REASONS],
  );

  // Enrollments and lesson progress agree with the assignments: every lesson when completed, the first few when in progress.
  await q(
    `CREATE TEMP TABLE demo_enrol ON COMMIT DROP AS
     SELECT gen_random_uuid() AS id, p.staff_id, p.employee_id, p.key, c.current_version_id AS version_id,
            ${at('p.opened + floor(p.when_draw * GREATEST(0, COALESCE(p.done, -1) - p.opened))::int', '9.5')} AS started_at,
            CASE WHEN p.outcome = 'completed' THEN ${at('p.done', '14 + 3 * p.when_draw')} END AS completed_at,
            p.when_draw AS frac
       FROM demo_plan p JOIN course c ON c.id = p.course_id WHERE p.outcome IN ('completed', 'started')`,
  );
  await q(
    `INSERT INTO enrollment (id, staff_id, course_version_id, started_at, completed_at, score)
     SELECT id, staff_id, version_id, started_at, completed_at, CASE WHEN completed_at IS NOT NULL THEN 70 + floor(frac * 31)::int END FROM demo_enrol`,
  );
  await q(
    `WITH lesson AS (
       SELECT v.id AS version_id, l.lesson->>'slug' AS slug, l.ord, jsonb_array_length(v.lessons) AS lessons
         FROM course_version v CROSS JOIN LATERAL jsonb_array_elements(v.lessons) WITH ORDINALITY AS l (lesson, ord))
     INSERT INTO lesson_progress (enrollment_id, lesson_slug, completed_at)
     SELECT e.id, l.slug, e.started_at + (COALESCE(e.completed_at, e.started_at + interval '2 hours') - e.started_at) * (l.ord::float8 / (l.lessons + 1))
       FROM demo_enrol e JOIN lesson l ON l.version_id = e.version_id
      WHERE e.completed_at IS NOT NULL OR l.ord <= GREATEST(1, floor(e.frac * (l.lessons - 1)))`,
  );

  // A track is complete when every required step is; its assignment (if any) completes with it.
  await q(
    `CREATE TEMP TABLE demo_track ON COMMIT DROP AS
     SELECT gen_random_uuid() AS id, e.staff_id, t.id AS track_id, max(e.completed_at) AS completed_at
       FROM track t CROSS JOIN LATERAL jsonb_array_elements(t.steps) AS st (step)
       JOIN course c ON c.slug = st.step->>'course'
       JOIN course_version v ON v.course_id = c.id
       JOIN demo_enrol e ON e.version_id = v.id AND e.completed_at IS NOT NULL
      WHERE t.slug = ANY($1::text[]) AND NOT COALESCE((st.step->>'optional')::boolean, false)
      GROUP BY e.staff_id, t.id
     HAVING count(*) = (SELECT count(*) FROM jsonb_array_elements(t.steps) s2 WHERE NOT COALESCE((s2->>'optional')::boolean, false))`,
    [TRACKS],
  );
  await q(`INSERT INTO track_completion (id, staff_id, track_id, completed_at) SELECT id, staff_id, track_id, completed_at FROM demo_track`);
  await q(
    `INSERT INTO assignment (staff_id, course_id, track_id, due_on, sources, completed_at, created_at)
     SELECT p.staff_id, NULL, p.track_id, (SELECT day FROM demo_ctx) + p.due, p.sources, t.completed_at, ${at('p.opened', '9')}
       FROM demo_plan p LEFT JOIN demo_track t ON t.staff_id = p.staff_id AND t.track_id = p.track_id WHERE p.track_id IS NOT NULL`,
  );

  // Competency levels, as completing awards them: a course's competencies, a track's award; the earliest completion wins a level.
  await q(
    `INSERT INTO competency_award (staff_id, competency_id, level, level_rank, source_kind, source_id, awarded_at)
     SELECT DISTINCT ON (a.staff_id, k.id, lv.level->>'name') a.staff_id, k.id, lv.level->>'name', lv.ord - 1, a.source_kind, a.source_id, a.completed_at
       FROM (SELECT e.staff_id, 'course' AS source_kind, v.id AS source_id, e.completed_at, c.award
               FROM demo_enrol e JOIN course_version v ON v.id = e.version_id CROSS JOIN LATERAL jsonb_array_elements(v.competencies) AS c (award)
              WHERE e.completed_at IS NOT NULL
             UNION ALL
             SELECT t.staff_id, 'track', t.track_id, t.completed_at, tr.awards FROM demo_track t JOIN track tr ON tr.id = t.track_id WHERE tr.awards IS NOT NULL) a
       JOIN competency k ON k.slug = a.award->>'competency'
       CROSS JOIN LATERAL jsonb_array_elements(k.levels) WITH ORDINALITY AS lv (level, ord)
      WHERE lv.level->>'name' = a.award->>'level'
      ORDER BY a.staff_id, k.id, lv.level->>'name', a.completed_at, a.source_kind`,
  );

  // Certificates as issuing records them, without PDFs: the outbox rows make the worker render and store each PDF after start.
  // Already mailed (at issue), so starting the demo mails nobody.
  await q(
    `CREATE TEMP TABLE demo_certificate ON COMMIT DROP AS
     SELECT row_number() OVER (ORDER BY x.issued_at, s.employee_id, x.kind) AS n, x.*
       FROM (SELECT 'course' AS kind, e.staff_id, e.id AS enrollment_id, e.version_id, NULL::uuid AS track_completion_id, NULL::uuid AS track_id,
                    e.completed_at + interval '1 minute' AS issued_at, e.key AS subject
               FROM demo_enrol e WHERE e.completed_at IS NOT NULL
             UNION ALL
             SELECT 'track', t.staff_id, NULL, NULL, t.id, t.track_id, t.completed_at + interval '2 minutes', tr.slug
               FROM demo_track t JOIN track tr ON tr.id = t.track_id) x
       JOIN staff s ON s.id = x.staff_id`,
  );
  const [{ n: certificates }] = await q(
    `WITH c AS (
       INSERT INTO certificate (staff_id, kind, enrollment_id, course_version_id, track_completion_id, track_id, serial, verification_code, issued_at, mailed_at)
       SELECT c.staff_id, c.kind, c.enrollment_id, c.version_id, c.track_completion_id, c.track_id,
              'EQ-' || to_char(c.issued_at AT TIME ZONE (SELECT tz FROM demo_ctx), 'YYYY') || '-' || lpad(c.n::text, 6, '0'),
              translate(encode(substring(decode(md5((SELECT salt FROM demo_ctx) || 'code:' || c.n) || md5((SELECT salt FROM demo_ctx) || 'code2:' || c.n), 'hex') FROM 1 FOR 18), 'base64'), '+/', '-_'),
              c.issued_at, c.issued_at
         FROM demo_certificate c RETURNING 1)
     SELECT count(*)::int AS n FROM c`,
  );
  await q(`SELECT setval('certificate_serial_seq', (SELECT max(n) FROM demo_certificate)) WHERE EXISTS (SELECT 1 FROM demo_certificate)`);
  await q(
    `INSERT INTO outbox (event, payload)
     SELECT CASE kind WHEN 'course' THEN 'course.completed' ELSE 'track.completed' END,
            CASE kind WHEN 'course' THEN jsonb_build_object('enrollmentId', enrollment_id, 'staffId', staff_id, 'courseVersionId', version_id)
                      ELSE jsonb_build_object('trackCompletionId', track_completion_id, 'staffId', staff_id, 'trackId', track_id) END
       FROM demo_certificate ORDER BY n`,
  );

  // Recorded indicators: some departments adopted an equity plan; some review decisions with the toolkit (two readings each).
  const [{ n: indicatorRecords }] = await q(
    `WITH r AS (
       INSERT INTO indicator_record (department_id, indicator, value, recorded_on, evidence_url, note, recorded_by, recorded_at)
       SELECT u.id, x.indicator, x.value, u.day + x.days, 'https://www.example.org/equity/' || lower(u.code) || '/' || x.indicator, x.note, $1::uuid, ${at('x.days', '16')}
         FROM demo_unit u
         CROSS JOIN LATERAL (VALUES
           ('equity-plan-adopted', 'true'::jsonb, -20 - floor(${dice(`'plan-day:' || u.code`)} * 400)::int, 'Adopted by the department director',
            ${dice(`'plan:' || u.code`)} < 0.45),
           ('toolkit-reviews', to_jsonb(10 + 5 * floor(${dice(`'toolkit-a:' || u.code`)} * 8)::int), -300 - floor(${dice(`'toolkit-day:' || u.code`)} * 150)::int, NULL,
            ${dice(`'toolkit:' || u.code`)} < 0.5),
           ('toolkit-reviews', to_jsonb(40 + 5 * floor(${dice(`'toolkit-b:' || u.code`)} * 11)::int), -10 - floor(${dice(`'toolkit-day2:' || u.code`)} * 100)::int, 'Reviewed at the quarterly check-in',
            ${dice(`'toolkit:' || u.code`)} < 0.5)) AS x (indicator, value, days, note, chosen)
        WHERE x.chosen RETURNING 1)
     SELECT count(*)::int AS n FROM r`,
    [adminId],
  );

  // Eighteen monthly snapshots per department, each measured as of the month's end (yesterday for this month),
  // in the city's months and days: `ends` is the city midnight after `as_of`, `since` twelve months before it.
  const [{ n: progressionSnapshots }] = await q(
    `WITH month_day AS (
       SELECT (date_trunc('month', (SELECT day FROM demo_ctx)) - k * interval '1 month')::date AS month,
              LEAST((date_trunc('month', (SELECT day FROM demo_ctx)) - (k - 1) * interval '1 month')::date - 1, (SELECT day FROM demo_ctx) - 1) AS as_of
         FROM generate_series(0, 17) k),
     month AS (
       SELECT month, as_of, (as_of + 1)::timestamp AT TIME ZONE (SELECT tz FROM demo_ctx) AS ends,
              ((as_of + 1)::timestamp - interval '12 months') AT TIME ZONE (SELECT tz FROM demo_ctx) AS since
         FROM month_day),
     done AS MATERIALIZED (
       SELECT s.id AS staff_id,
              (SELECT tc.completed_at FROM track_completion tc JOIN track t ON t.id = tc.track_id WHERE tc.staff_id = s.id AND t.slug = 'all-staff-foundations') AS trained_at,
              (SELECT tc.completed_at FROM track_completion tc JOIN track t ON t.id = tc.track_id WHERE tc.staff_id = s.id AND t.slug = 'equity-lead') AS leader_at,
              (SELECT max(e.completed_at) FROM enrollment e JOIN course_version v ON v.id = e.course_version_id JOIN course c ON c.id = v.course_id
                WHERE e.staff_id = s.id AND c.slug = 'our-citys-commitment') AS refresher_at,
              EXISTS (SELECT 1 FROM staff r WHERE r.manager_id = s.id AND r.active) AS manager
         FROM staff s WHERE s.active),
     member AS MATERIALIZED (
       SELECT u.id AS unit_id, s.hire_date, f.*
         FROM demo_unit u JOIN department d ON left(d.path, length(u.path)) = u.path JOIN staff s ON s.department_id = d.id AND s.active
         JOIN done f ON f.staff_id = s.id),
     measured AS (
       SELECT u.id AS unit_id, m.month, m.as_of,
              count(p.staff_id) AS active,
              count(p.staff_id) FILTER (WHERE p.trained_at < m.ends) AS trained,
              count(p.staff_id) FILTER (WHERE p.manager) AS managers,
              count(p.staff_id) FILTER (WHERE p.manager AND p.leader_at < m.ends) AS managers_trained,
              count(p.staff_id) FILTER (WHERE p.refresher_at < m.ends AND p.refresher_at >= m.since) AS current,
              EXISTS (SELECT 1 FROM role_grant g JOIN done f ON f.staff_id = g.staff_id AND f.leader_at < m.ends
                       WHERE g.role = 'equity_lead' AND g.department_id = u.id) AS lead_trained
         FROM demo_unit u CROSS JOIN month m LEFT JOIN member p ON p.unit_id = u.id AND p.hire_date <= m.as_of
        GROUP BY u.id, m.month, m.as_of, m.ends, m.since),
     valued AS (
       SELECT x.*,
              CASE WHEN active > 0 THEN round(1000.0 * trained / active) / 10 END AS trained_share,
              CASE WHEN managers > 0 THEN round(1000.0 * managers_trained / managers) / 10 END AS managers_share,
              CASE WHEN active > 0 THEN round(1000.0 * current / active) / 10 END AS current_share,
              plan.value AS plan, plan.recorded_on AS plan_on, plan.evidence_url AS plan_url,
              tool.value AS tool, tool.recorded_on AS tool_on, tool.evidence_url AS tool_url
         FROM measured x
         LEFT JOIN LATERAL (SELECT value, recorded_on, evidence_url FROM indicator_record r WHERE r.department_id = x.unit_id AND r.indicator = 'equity-plan-adopted'
                             AND r.recorded_on <= x.as_of ORDER BY recorded_on DESC LIMIT 1) plan ON true
         LEFT JOIN LATERAL (SELECT value, recorded_on, evidence_url FROM indicator_record r WHERE r.department_id = x.unit_id AND r.indicator = 'toolkit-reviews'
                             AND r.recorded_on <= x.as_of ORDER BY recorded_on DESC LIMIT 1) tool ON true),
     s AS (
       INSERT INTO progression_snapshot (department_id, month, stage, indicators, taken_at)
       SELECT v.unit_id, v.month,
              CASE WHEN v.trained_share >= 90 AND v.managers_share >= 80 AND v.current_share >= 75 AND (v.tool)::text::numeric >= 50 THEN 'embedded'
                   WHEN v.trained_share >= 70 AND v.managers_share >= 50 AND v.plan = 'true'::jsonb THEN 'practicing'
                   WHEN v.trained_share >= 40 AND v.lead_trained THEN 'developing'
                   WHEN v.trained_share >= 10 THEN 'emerging' END,
              jsonb_build_array(
                jsonb_build_object('indicator', 'staff-trained', 'value', v.trained_share, 'of', v.active),
                jsonb_build_object('indicator', 'trained-equity-lead', 'value', v.lead_trained),
                jsonb_build_object('indicator', 'managers-trained', 'value', v.managers_share, 'of', v.managers),
                jsonb_build_object('indicator', 'current-on-refresher', 'value', v.current_share, 'of', v.active),
                jsonb_build_object('indicator', 'equity-plan-adopted', 'value', v.plan, 'recordedOn', to_char(v.plan_on, 'YYYY-MM-DD'), 'evidenceUrl', v.plan_url),
                jsonb_build_object('indicator', 'toolkit-reviews', 'value', v.tool, 'recordedOn', to_char(v.tool_on, 'YYYY-MM-DD'), 'evidenceUrl', v.tool_url)),
              ${at('(v.as_of - (SELECT day FROM demo_ctx)) + 1', '0')}
         FROM valued v RETURNING 1)
     SELECT count(*)::int AS n FROM s`,
  );

  await q(`SELECT report_rebuild()`);
  const [counts] = await q(
    `SELECT (SELECT count(*) FROM demo_cohort)::int AS cohorts, (SELECT count(*) FROM assignment)::int AS assignments,
            (SELECT count(*) FROM enrollment)::int AS enrollments`,
  );
  for (const t of ['demo_certificate', 'demo_track', 'demo_enrol', 'demo_plan', 'demo_ca', 'demo_member', 'demo_cohort', 'demo_unit', 'demo_ctx']) await q(`DROP TABLE ${t}`);
  return {
    cohorts: Number(counts['cohorts']),
    cohortMembers: Number(members),
    assignments: Number(counts['assignments']),
    enrollments: Number(counts['enrollments']),
    certificates: Number(certificates),
    indicatorRecords: Number(indicatorRecords),
    progressionSnapshots: Number(progressionSnapshots),
  };
}
