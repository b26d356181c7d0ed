import { AuditService } from '@equip/server/audit';
import { CatalogRepository, CatalogSyncService } from '@equip/server/catalog';
import { createDataSource } from '@equip/server/database';
import { createTestDatabase, TestDatabase } from '@equip/server/testing';
import * as argon2 from 'argon2';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { DEMO_LOGINS, DEMO_PASSWORD } from './demo-logins';
import { seedDemoCity } from './seed-demo';

async function counts(ds: DataSource) {
  const [row] = await ds.query(`
    SELECT (SELECT count(*) FROM department)::int AS departments,
           (SELECT count(*) FROM staff)::int AS staff,
           (SELECT count(*) FROM account)::int AS accounts,
           (SELECT count(*) FROM role_grant)::int AS grants,
           (SELECT count(*) FROM audit_event)::int AS audit_events`);
  return row as Record<string, number>;
}

describe('seedDemoCity', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ databaseUrl: db.url, applicationName: 'equip-test-demo' });
    await ds.initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  describe('on an empty database', () => {
    let result: Awaited<ReturnType<typeof seedDemoCity>>;
    let elapsedMs: number;

    beforeAll(async () => {
      const started = performance.now();
      result = await seedDemoCity(ds);
      elapsedMs = performance.now() - started;
    });

    it('seeds about thirty departments with divisions and a few hundred staff', async () => {
      expect(result).toMatchObject({ seeded: true, logins: 4 });
      const c = await counts(ds);
      // No catalog is published here, so there is no programme to seed.
      expect(result).toEqual({ seeded: true, departments: c.departments, staff: c.staff, logins: 4, programme: null });
      const kinds = await ds.query(`SELECT kind, count(*)::int AS n FROM department GROUP BY kind`);
      const byKind = Object.fromEntries(kinds.map((k: { kind: string; n: number }) => [k.kind, k.n]));
      expect(byKind.department).toBeGreaterThanOrEqual(28);
      expect(byKind.department).toBeLessThanOrEqual(32);
      expect(byKind.division).toBeGreaterThanOrEqual(20);
      expect(c.staff).toBeGreaterThanOrEqual(300);
      expect(c.staff).toBeLessThanOrEqual(600);
      // Speed is the benchmark's to measure, not a test's to assert (a loaded machine is slow, not broken).
      process.stdout.write(`demo city (people only) seeded in ${elapsedMs.toFixed(0)} ms\n`);
    });

    it('writes each path as the ids from the root down', async () => {
      const [bad] = await ds.query(`
        WITH RECURSIVE tree AS (
          SELECT id, '/' || id || '/' AS expected FROM department WHERE parent_id IS NULL
          UNION ALL
          SELECT d.id, t.expected || d.id || '/' FROM department d JOIN tree t ON d.parent_id = t.id)
        SELECT (SELECT count(*) FROM department)::int AS total,
               count(*)::int AS reached,
               count(*) FILTER (WHERE d.path <> t.expected)::int AS wrong
        FROM tree t JOIN department d USING (id)`);
      expect(bad.reached).toBe(bad.total);
      expect(bad.wrong).toBe(0);
    });

    it('gives every staff member a department, unique email, and a manager chain without cycles', async () => {
      const [row] = await ds.query(`
        WITH RECURSIVE chain AS (
          SELECT id AS start, manager_id AS current, 1 AS depth, ARRAY[id] AS seen FROM staff
          UNION ALL
          SELECT c.start, s.manager_id, c.depth + 1, c.seen || s.id
          FROM chain c JOIN staff s ON s.id = c.current
          WHERE NOT s.id = ANY (c.seen))
        SELECT
          (SELECT count(*) FROM staff s LEFT JOIN department d ON d.id = s.department_id WHERE d.id IS NULL)::int AS without_department,
          (SELECT count(*) - count(DISTINCT lower(email)) FROM staff)::int AS duplicate_emails,
          (SELECT count(*) FROM chain c WHERE c.current = ANY (c.seen))::int AS cycles,
          (SELECT max(depth) FROM chain)::int AS deepest`);
      expect(row).toMatchObject({ without_department: 0, duplicate_emails: 0, cycles: 0 });
      expect(row.deepest).toBeGreaterThanOrEqual(4);
      const [inactive] = await ds.query(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE deactivated_at IS NULL)::int AS missing_date FROM staff WHERE NOT active`,
      );
      expect(inactive.n).toBeGreaterThan(0);
      expect(inactive.missing_date).toBe(0);
    });

    it('creates each demo login with its grant and a password hash that verifies', async () => {
      const rows: { email: string; password_hash: string; grants: { role: string; code: string | null }[] }[] = await ds.query(
        `SELECT s.email, a.password_hash,
                coalesce(json_agg(json_build_object('role', g.role, 'code', d.code)) FILTER (WHERE g.id IS NOT NULL), '[]') AS grants
         FROM staff s JOIN account a ON a.staff_id = s.id
         LEFT JOIN role_grant g ON g.staff_id = s.id
         LEFT JOIN department d ON d.id = g.department_id
         GROUP BY s.email, a.password_hash`,
      );
      expect(rows.map((r) => r.email).sort()).toEqual(DEMO_LOGINS.map((l) => l.email).sort());
      for (const login of DEMO_LOGINS) {
        const row = rows.find((r) => r.email === login.email)!;
        expect(row.grants).toEqual(login.grant ? [{ role: login.grant.role, code: login.grant.departmentCode }] : []);
        expect(row.password_hash).toMatch(/^\$argon2id\$/);
        expect(await argon2.verify(row.password_hash, DEMO_PASSWORD)).toBe(true);
        expect(await argon2.verify(row.password_hash, 'not-the-demo-password')).toBe(false);
      }
    }, 30_000); // argon2 verifies each demo password: seconds when the machine is busy

    it('grants the lead login a department with divisions, and a few other departments their own equity leads', async () => {
      const [row] = await ds.query(`
        SELECT count(*)::int AS leads,
               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM department c WHERE c.parent_id = g.department_id))::int AS with_divisions
        FROM role_grant g WHERE g.role = 'equity_lead'`);
      expect(row.leads).toBeGreaterThanOrEqual(4);
      expect(row.with_divisions).toBe(row.leads);
    });

    it('records one audit event for the seeding', async () => {
      const events = await ds.query(`SELECT actor_id, action, subject_type, after FROM audit_event`);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actor_id: null, action: 'demo.seeded', subject_type: 'system' });
      expect(events[0].after).toMatchObject({ staff: (await counts(ds)).staff, departments: 30 });
    });

    it('does nothing when called again', async () => {
      const before = await counts(ds);
      const again = await seedDemoCity(ds);
      expect(again).toEqual({ seeded: false, reason: expect.stringContaining('already has staff') });
      expect(await counts(ds)).toEqual(before);
    });
  });

  // A database of its own (created and migrated here): more than Jest's 5 s default on a loaded machine.
  it('seeds nothing into a database that already has one staff member', async () => {
    const other = await createTestDatabase();
    const otherDs = createDataSource({ databaseUrl: other.url, applicationName: 'equip-test-demo' });
    await otherDs.initialize();
    try {
      await otherDs.query(`
        WITH d AS (
          INSERT INTO department (id, code, name, path)
          VALUES ('00000000-0000-4000-8000-000000000001', 'HQ', 'Headquarters', '/00000000-0000-4000-8000-000000000001/')
          RETURNING id)
        INSERT INTO staff (employee_id, email, first_name, last_name, department_id)
        SELECT 'X1', 'someone@example.org', 'Some', 'One', id FROM d`);
      const before = await counts(otherDs);
      const result = await seedDemoCity(otherDs);
      expect(result.seeded).toBe(false);
      expect(await counts(otherDs)).toEqual(before);
    } finally {
      await otherDs.destroy();
      await other.drop();
    }
  }, 60_000);

  it('refuses a demo password the policy would refuse', async () => {
    await expect(seedDemoCity(ds, { password: 'short' })).rejects.toThrow(/at least 12 characters/);
  });

  describe('with the catalog published first (as npm start does): a living programme', () => {
    // A Monday in June, 11:00 in the city: every date of the programme is an offset from 2026-06-15.
    const today = new Date('2026-06-15T15:00:00Z');
    const dbs: TestDatabase[] = [];
    const sources: DataSource[] = [];
    let result: Awaited<ReturnType<typeof seedDemoCity>>;
    let elapsedMs: number;
    let live: DataSource;

    async function publishedCity(): Promise<DataSource> {
      const made = await createTestDatabase();
      dbs.push(made);
      const source = await createDataSource({ databaseUrl: made.url, applicationName: 'equip-test-demo' }).initialize();
      sources.push(source);
      const synced = await new CatalogSyncService(source, new CatalogRepository(), new AuditService(source)).syncFromDirectory(join(__dirname, '../../../../content'));
      if (synced.result === null) throw new Error(`content/ has problems: ${JSON.stringify(synced.problems)}`);
      return source;
    }

    beforeAll(async () => {
      live = await publishedCity();
      const started = performance.now();
      result = await seedDemoCity(live, { today, timeZone: 'America/New_York' });
      elapsedMs = performance.now() - started;
    }, 60_000);

    afterAll(async () => {
      for (const source of sources) await source.destroy();
      for (const made of dbs) await made.drop();
    });

    const one = async (sql: string, params: unknown[] = []) => (await live.query(sql, params))[0];

    it('seeds the programme with the people', () => {
      expect(result).toMatchObject({ seeded: true, programme: expect.objectContaining({ cohorts: 60 }) });
      process.stdout.write(`demo city with its programme seeded in ${elapsedMs.toFixed(0)} ms\n`);
    });

    it('gives every department an "all staff" rule cohort and a static change team, with members', async () => {
      const row = await one(`
        SELECT count(*)::int AS departments,
               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM cohort c WHERE c.department_id = d.id AND c.kind = 'rule'
                                               AND EXISTS (SELECT 1 FROM cohort_member m WHERE m.cohort_id = c.id)))::int AS with_rule,
               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM cohort c WHERE c.department_id = d.id AND c.kind = 'static'
                                               AND EXISTS (SELECT 1 FROM cohort_member m WHERE m.cohort_id = c.id)))::int AS with_static
          FROM department d WHERE d.kind = 'department'`);
      expect(row.departments).toBe(30);
      expect(row).toMatchObject({ with_rule: 30, with_static: 30 });
      const members = await one(`SELECT count(*) FILTER (WHERE NOT s.active)::int AS inactive, count(*) FILTER (WHERE m.joined_at > $1)::int AS future
                                   FROM cohort_member m JOIN staff s ON s.id = m.staff_id`, [today]);
      expect(members).toEqual({ inactive: 0, future: 0 });
      const snapshots = await one(`SELECT count(*) FILTER (WHERE taken_at > $1)::int AS future FROM progression_snapshot`, [today]);
      expect(snapshots.future).toBe(0);
    });

    it('assigns every course and track of the catalog it uses, due before and after today, some overdue and some exempt with a reason', async () => {
      const row = await one(`
        SELECT count(DISTINCT course_id)::int AS courses, count(DISTINCT track_id)::int AS tracks,
               count(*) FILTER (WHERE due_on < city_day($1) AND completed_at IS NULL AND exempted_at IS NULL)::int AS overdue,
               count(*) FILTER (WHERE due_on >= city_day($1) AND completed_at IS NULL AND exempted_at IS NULL)::int AS due_later,
               count(*) FILTER (WHERE exempted_at IS NOT NULL)::int AS exempt,
               count(*) FILTER (WHERE exempted_at IS NOT NULL AND length(exempt_reason) > 10 AND exempted_by IS NOT NULL)::int AS exempt_with_reason,
               count(*) FILTER (WHERE completed_at > $1 OR created_at > $1 OR exempted_at > $1)::int AS in_the_future
          FROM assignment`, [today]);
      expect(row.courses).toBe(6);
      expect(row.tracks).toBe(1);
      expect(row.overdue).toBeGreaterThan(20);
      expect(row.due_later).toBeGreaterThan(20);
      expect(row.exempt).toBeGreaterThan(5);
      expect(row.exempt_with_reason).toBe(row.exempt);
      expect(row.in_the_future).toBe(0);
    });

    it('spreads completions over the last 18 months, with enrollments, lessons and certificates that agree', async () => {
      const months = await one(`
        SELECT count(DISTINCT date_trunc('month', completed_at))::int AS months, min(completed_at) AS first
          FROM assignment WHERE completed_at IS NOT NULL`);
      expect(months.months).toBeGreaterThanOrEqual(15);
      expect(new Date(months.first).getTime()).toBeGreaterThan(today.getTime() - 550 * 86_400_000);
      const row = await one(`
        SELECT (SELECT count(*) FROM assignment a WHERE a.course_id IS NOT NULL AND a.completed_at IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM enrollment e JOIN course_version v ON v.id = e.course_version_id
                                   WHERE e.staff_id = a.staff_id AND v.course_id = a.course_id AND e.completed_at = a.completed_at))::int AS completed_without_enrollment,
               (SELECT count(*) FROM enrollment e JOIN course_version v ON v.id = e.course_version_id
                 WHERE e.completed_at IS NOT NULL
                   AND (SELECT count(*) FROM lesson_progress p WHERE p.enrollment_id = e.id) <> jsonb_array_length(v.lessons))::int AS completed_missing_lessons,
               (SELECT count(*) FROM enrollment e WHERE e.completed_at IS NULL)::int AS in_progress,
               (SELECT count(*) FROM enrollment e WHERE e.completed_at IS NOT NULL)::int AS completed,
               (SELECT count(*) FROM track_completion)::int AS tracks_completed,
               (SELECT count(*) FROM certificate)::int AS certificates,
               (SELECT count(*) FROM certificate WHERE pdf_key IS NULL AND mailed_at IS NOT NULL)::int AS to_render,
               (SELECT count(*) FROM competency_award)::int AS awards,
               (SELECT count(*) FROM competency_award w WHERE NOT EXISTS (SELECT 1 FROM enrollment e WHERE e.staff_id = w.staff_id AND e.course_version_id = w.source_id AND e.completed_at = w.awarded_at)
                                                          AND NOT EXISTS (SELECT 1 FROM track_completion t WHERE t.staff_id = w.staff_id AND t.track_id = w.source_id AND t.completed_at = w.awarded_at))::int AS awards_without_completion`);
      expect(row.completed_without_enrollment).toBe(0);
      expect(row.completed_missing_lessons).toBe(0);
      expect(row.in_progress).toBeGreaterThan(10);
      expect(row.tracks_completed).toBeGreaterThan(5);
      expect(row.certificates).toBe(row.completed + row.tracks_completed);
      expect(row.to_render).toBe(row.certificates);
      expect(row.awards).toBeGreaterThan(row.completed / 2);
      expect(row.awards_without_completion).toBe(0);
    });

    it('writes one outbox row per certificate in the payload the certificate worker reads, and keeps the serial sequence ahead', async () => {
      const rows: { event: string; payload: Record<string, string>; matches: boolean }[] = await live.query(`
        SELECT o.event, o.payload,
               EXISTS (SELECT 1 FROM certificate c WHERE c.staff_id = (o.payload->>'staffId')::uuid
                          AND (c.enrollment_id = (o.payload->>'enrollmentId')::uuid AND c.course_version_id = (o.payload->>'courseVersionId')::uuid
                               OR c.track_completion_id = (o.payload->>'trackCompletionId')::uuid AND c.track_id = (o.payload->>'trackId')::uuid)) AS matches
          FROM outbox o WHERE o.done_at IS NULL`);
      const certificates = await one(`SELECT count(*)::int AS n, max(substring(serial FROM 9)::int) AS top FROM certificate`);
      expect(rows).toHaveLength(certificates.n);
      expect(new Set(rows.map((r) => r.event))).toEqual(new Set(['course.completed', 'track.completed']));
      expect(rows.filter((r) => !r.matches)).toEqual([]);
      const next = await one(`SELECT nextval('certificate_serial_seq')::int AS n`);
      expect(next.n).toBe(certificates.top + 1);
      const codes = await one(`SELECT count(*)::int AS bad FROM certificate WHERE verification_code !~ '^[A-Za-z0-9_-]{24}$' OR serial !~ '^EQ-20[0-9]{2}-[0-9]{6}$'`);
      expect(codes.bad).toBe(0);
    });

    it('records indicators and takes 18 monthly progression snapshots per department', async () => {
      const records = await one(`SELECT count(*)::int AS n, count(DISTINCT indicator)::int AS kinds, count(*) FILTER (WHERE recorded_on > $1::date)::int AS future FROM indicator_record`, ['2026-06-15']);
      expect(records.n).toBeGreaterThan(10);
      expect(records.kinds).toBe(2);
      expect(records.future).toBe(0);
      const snapshots = await one(`
        SELECT count(*)::int AS n, count(DISTINCT month)::int AS months, max(month)::text AS latest, count(*) FILTER (WHERE stage IS NOT NULL)::int AS placed,
               count(*) FILTER (WHERE jsonb_array_length(indicators) <> 6)::int AS incomplete
          FROM progression_snapshot`);
      expect(snapshots).toMatchObject({ n: 30 * 18, months: 18, latest: '2026-06-01', incomplete: 0 });
      expect(snapshots.placed).toBeGreaterThan(0);
    });

    it('gives the demo learner assigned work, one course in progress and a certificate', async () => {
      const row = await one(`
        SELECT (SELECT count(*) FROM assignment a WHERE a.staff_id = s.id AND a.completed_at IS NULL AND a.exempted_at IS NULL)::int AS open,
               (SELECT count(*) FROM enrollment e WHERE e.staff_id = s.id AND e.completed_at IS NULL)::int AS in_progress,
               (SELECT count(*) FROM enrollment e JOIN course_version v ON v.id = e.course_version_id
                  JOIN assignment a ON a.staff_id = e.staff_id AND a.course_id = v.course_id AND a.completed_at IS NULL
                 WHERE e.staff_id = s.id AND e.completed_at IS NULL AND a.due_on >= city_day($1))::int AS in_progress_due_later,
               (SELECT count(*) FROM certificate c WHERE c.staff_id = s.id)::int AS certificates
          FROM staff s WHERE s.email = 'learner@equip.demo'`, [today]);
      expect(row.open).toBeGreaterThanOrEqual(2);
      expect(row.in_progress).toBe(1);
      expect(row.in_progress_due_later).toBe(1);
      expect(row.certificates).toBeGreaterThanOrEqual(1);
    });

    it('gives the demo lead cohorts and overdue people in the departments they lead', async () => {
      const row = await one(`
        WITH led AS (SELECT d.id FROM role_grant g JOIN staff s ON s.id = g.staff_id JOIN department top ON top.id = g.department_id
                       JOIN department d ON left(d.path, length(top.path)) = top.path
                      WHERE s.email = 'lead@equip.demo' AND g.role = 'equity_lead')
        SELECT (SELECT count(*) FROM cohort c WHERE c.department_id IN (SELECT id FROM led))::int AS cohorts,
               (SELECT count(DISTINCT a.staff_id) FROM assignment a JOIN staff p ON p.id = a.staff_id
                 WHERE p.department_id IN (SELECT id FROM led) AND a.due_on < city_day($1) AND a.completed_at IS NULL AND a.exempted_at IS NULL)::int AS overdue_people`,
        [today]);
      expect(row.cohorts).toBe(2);
      expect(row.overdue_people).toBeGreaterThan(3);
    });

    it('leaves the reporting rollups exactly as report_rebuild() makes them', async () => {
      const tables = ['report_status', 'report_tenure', 'report_week', 'report_staff', 'report_competency'];
      const snapshot = async () => Promise.all(tables.map((t) => live.query(`SELECT to_jsonb(r)::text AS row FROM ${t} r ORDER BY 1`)));
      // Whatever the seed wrote after its rebuild went to the rollups' deltas: folded in first (migration RollupDeltas).
      await live.query(`SELECT report_fold()`);
      const seeded = await snapshot();
      expect(seeded[0].length).toBeGreaterThan(0);
      await live.query(`SELECT report_rebuild()`);
      expect(await snapshot()).toEqual(seeded);
    });

    it('makes exactly the same programme from the same seed day', async () => {
      const other = await publishedCity();
      await seedDemoCity(other, { today, timeZone: 'America/New_York' });
      // Ids are random; everything else is compared by natural keys.
      const rows = (source: DataSource) =>
        Promise.all([
          source.query(`SELECT c.name, c.kind, c.rule IS NOT NULL AS rule, c.created_at, count(m.id)::int AS members,
                               string_agg(s.employee_id || '@' || m.joined_at, ',' ORDER BY s.employee_id) AS who
                          FROM cohort c LEFT JOIN cohort_member m ON m.cohort_id = c.id LEFT JOIN staff s ON s.id = m.staff_id
                         GROUP BY c.id ORDER BY c.name`),
          source.query(`SELECT s.employee_id, co.slug AS course, t.slug AS track, a.due_on::text, a.created_at, a.completed_at, a.exempt_reason, a.exempted_at, jsonb_array_length(a.sources) AS sources
                          FROM assignment a JOIN staff s ON s.id = a.staff_id LEFT JOIN course co ON co.id = a.course_id LEFT JOIN track t ON t.id = a.track_id
                         ORDER BY 1, 2, 3`),
          source.query(`SELECT s.employee_id, c.slug, e.started_at, e.completed_at, e.score, (SELECT count(*)::int FROM lesson_progress p WHERE p.enrollment_id = e.id) AS lessons
                          FROM enrollment e JOIN staff s ON s.id = e.staff_id JOIN course_version v ON v.id = e.course_version_id JOIN course c ON c.id = v.course_id
                         ORDER BY 1, 2`),
          source.query(`SELECT serial, verification_code, kind, issued_at, s.employee_id FROM certificate c JOIN staff s ON s.id = c.staff_id ORDER BY serial`),
          source.query(`SELECT d.code, r.indicator, r.value, r.recorded_on::text, r.evidence_url FROM indicator_record r JOIN department d ON d.id = r.department_id ORDER BY 1, 2, 4`),
          source.query(`SELECT d.code, p.month::text, p.stage, p.indicators, p.taken_at FROM progression_snapshot p JOIN department d ON d.id = p.department_id ORDER BY 1, 2`),
          source.query(`SELECT event, count(*)::int AS n FROM outbox GROUP BY event ORDER BY event`),
          source.query(`SELECT s.employee_id, k.slug, w.level, w.source_kind, w.awarded_at FROM competency_award w JOIN staff s ON s.id = w.staff_id
                          JOIN competency k ON k.id = w.competency_id ORDER BY 1, 2, 3`),
        ]);
      expect(await rows(other)).toEqual(await rows(live));
    }, 60_000);
  });
});
