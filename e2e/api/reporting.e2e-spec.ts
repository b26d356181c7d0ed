import {
  PEOPLE_CSV_COLUMNS, REPORT_PERSON_STATUSES, type AssignResult, type CohortDetail, type Dashboard, type DepartmentNode, type DepartmentReport, type Disaggregation,
  type MyEnrollment, type ProgressionOverview, type ReportCount, type ReportPeoplePage, type StoredLesson,
} from '@equip/shared/contracts';
import { Client } from 'pg';
import { e2e } from '../support/environment';
import { createSignIn, demoCity, DemoCity } from '../support/fixtures';
import { Session } from '../support/http';
import { republish, whenPublished } from '../support/publication';
import { currentRoster, importRoster } from '../support/roster';

/**
 * RASE reporting on the running api: after assignments, a completion, exemptions and a roster
 * import that moves people between departments, the dashboard's figures equal counts taken here,
 * independently, from the base tables, and so does a cohort's people list by status. A lead sees
 * only their departments; a viewer gets aggregates only. An administrator and a lead see exact
 * figures; a viewer, the CSVs and the PDF protected ones; a lead who is also a viewer, exact ones
 * in the departments they lead only.
 */
const EMAIL = 'reporting.journey@equip.demo';
const PASSWORD = 'a long reporting journey passphrase';

const json = async <T>(res: Response, status: number): Promise<T> => {
  const body = await res.json();
  expect({ status: res.status, body }).toEqual({ status, body: expect.anything() });
  return body as T;
};

describe('reporting: the dashboard agrees with the base tables', () => {
  const admin = new Session();
  const lead = new Session();
  const viewer = new Session();
  const learner = new Session();
  let client: Client;
  let city: DemoCity;
  let cohortId: string;

  /** The figures computed from the base tables, as of the dashboard's own instant. */
  async function independent(asOf: string) {
    const open = `a.completed_at IS NULL AND a.exempted_at IS NULL`;
    const current = `NOT EXISTS (SELECT 1 FROM assignment n WHERE n.previous_assignment_id = a.id)`;
    const one = async (sql: string) => Number((await client.query(sql, [asOf])).rows[0].n);
    const cells = await client.query(
      `SELECT top.code, CASE WHEN a.course_id IS NOT NULL THEN 'course:' || c.slug ELSE 'track:' || t.slug END AS subject,
              count(*)::int AS assigned,
              count(*) FILTER (WHERE a.exempted_at IS NULL AND a.completed_at IS NOT NULL)::int AS completed,
              count(*) FILTER (WHERE a.exempted_at IS NOT NULL)::int AS exempt,
              count(*) FILTER (WHERE ${open} AND a.due_on < city_day($1))::int AS overdue
         FROM assignment a JOIN staff s ON s.id = a.staff_id JOIN department d ON d.id = s.department_id
         JOIN department top ON top.parent_id IS NULL AND d.path LIKE top.path || '%'
         LEFT JOIN course c ON c.id = a.course_id LEFT JOIN track t ON t.id = a.track_id
        WHERE ${current} GROUP BY 1, 2`,
      [asOf],
    );
    return {
      overdueNow: await one(`SELECT count(*) AS n FROM assignment a WHERE ${open} AND ${current} AND a.due_on < city_day($1)`),
      dueNext30Days: await one(
        `SELECT count(*) AS n FROM assignment a WHERE ${open} AND ${current} AND a.due_on >= city_day($1) AND a.due_on <= city_day($1) + 30`,
      ),
      completionsThisQuarter: await one(
        `SELECT count(*) AS n FROM assignment a WHERE a.exempted_at IS NULL AND a.completed_at >= city_midnight(date_trunc('quarter', city_day($1))::date)`,
      ),
      staffTrained: await one(`SELECT count(*) AS n FROM track_completion tc JOIN track t ON t.id = tc.track_id WHERE t.slug = 'all-staff-foundations' AND $1::timestamptz IS NOT NULL`),
      staff: await one(`SELECT count(*) AS n FROM staff WHERE $1::timestamptz IS NOT NULL`),
      cells: new Map(cells.rows.map((r) => [`${r.code}|${r.subject}`, r as { assigned: number; completed: number; exempt: number; overdue: number }])),
    };
  }

  /** Every figure the administrator's dashboard shows — exact, none hidden — equals the independent count. */
  async function expectDashboardMatches(): Promise<Dashboard> {
    const board = await json<Dashboard>(await admin.get('/api/reports/dashboard'), 200);
    expect(board.disclosure).toBe('exact');
    const truth = await independent(board.overview.asOf);
    for (const key of ['overdueNow', 'dueNext30Days', 'completionsThisQuarter', 'staffTrained', 'staff'] as const) {
      expect({ key, value: board.overview[key] }).toEqual({ key, value: { count: truth[key], suppressed: null } });
    }
    let compared = 0;
    for (const row of board.heatmap.filter((r) => r.department.depth === 0)) {
      for (const cell of row.cells) {
        const expected = truth.cells.get(`${row.department.code}|${cell.subject}`) ?? { assigned: 0, completed: 0, exempt: 0, overdue: 0 };
        for (const m of ['assigned', 'completed', 'exempt', 'overdue'] as const) {
          expect({ at: `${row.department.code} ${cell.subject} ${m}`, value: cell[m] }).toEqual({ at: `${row.department.code} ${cell.subject} ${m}`, value: { count: expected[m], suppressed: null } });
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(50);
    return board;
  }

  beforeAll(async () => {
    city = await demoCity();
    await createSignIn(EMAIL, PASSWORD);
    for (const [session, email, password] of [[admin, 'admin@equip.demo'], [lead, 'lead@equip.demo'], [viewer, 'viewer@equip.demo'], [learner, EMAIL, PASSWORD]] as const) {
      expect((await session.signIn(email, password)).status).toBe(200);
    }
    client = new Client({ connectionString: e2e().databaseUrl });
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
  });

  it('starts in agreement with the base tables', async () => {
    await expectDashboardMatches();
  });

  it('agrees after a lead assigns a course to a cohort, with one due date passed', async () => {
    const cohort = await json<CohortDetail>(await lead.post('/api/cohorts', { name: 'E2E reporting cohort', departmentId: city.ownDepartmentId, kind: 'rule', rule: {} }), 201);
    expect(cohort.memberCount).toBeGreaterThan(5);
    cohortId = cohort.id;
    await json<AssignResult>(await lead.post(`/api/cohorts/${cohort.id}/assignments`, { courseSlug: 'targeted-universalism', due: { kind: 'after_joining', days: 10 } }), 201);
    // Some due dates in the past and this week, as time passing would make them.
    await client.query(
      `UPDATE assignment SET due_on = city_today() - floor(random() * 20)::int WHERE sources @> $1::jsonb AND staff_id IN (SELECT staff_id FROM assignment WHERE sources @> $1::jsonb ORDER BY staff_id LIMIT 12)`,
      [JSON.stringify([{ cohortId: cohort.id }])],
    );
    await expectDashboardMatches();
    const own = await json<DepartmentReport>(await lead.get(`/api/reports/departments/${city.ownDepartmentId}`), 200);
    expect(own.cohorts.map((c) => c.name)).toContain('E2E reporting cohort');
  });

  it('agrees after completions (one through the learner api, some set-based) and exemptions a lead grants', async () => {
    const { rows } = await client.query(`SELECT v.lessons FROM course c JOIN course_version v ON v.id = c.current_version_id WHERE c.slug = 'racial-equity-foundations'`);
    const lessons: StoredLesson[] = rows[0].lessons;
    let enrollment = await json<MyEnrollment>(await learner.post('/api/learning/courses/racial-equity-foundations/enrol'), 201);
    for (const lesson of lessons) {
      const base = `/api/learning/enrollments/${enrollment.id}/lessons/${lesson.slug}`;
      if (lesson.type === 'knowledge-check') {
        const answers = Object.fromEntries(lesson.questions.map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.id)]));
        expect((await learner.post(`${base}/attempts`, { answers })).status).toBe(201);
      } else if (lesson.type === 'reflection') {
        expect((await learner.request('PUT', `${base}/reflection`, { text: 'Office hours shape who gets served.' })).status).toBe(200);
      } else if (lesson.type === 'attestation') {
        expect((await learner.post(`${base}/attestation`)).status).toBeLessThan(300);
      } else {
        expect((await learner.post(`${base}/complete`)).status).toBe(200);
      }
    }
    enrollment = await json<MyEnrollment>(await learner.get(`/api/learning/enrollments/${enrollment.id}`), 200);
    expect(enrollment.completedAt).not.toBeNull();
    // Eight more of the cohort's people finish, in one statement as a bulk write would.
    const pattern = JSON.stringify([{ cohortId }]);
    await client.query(
      `UPDATE assignment SET completed_at = now() - interval '1 hour' WHERE id IN (SELECT id FROM assignment WHERE sources @> $1::jsonb AND completed_at IS NULL ORDER BY id LIMIT 8)`,
      [pattern],
    );
    const { rows: open } = await client.query(
      `SELECT a.id FROM assignment a WHERE a.sources @> $1::jsonb AND a.completed_at IS NULL AND a.exempted_at IS NULL AND a.staff_id <> $2 ORDER BY a.id LIMIT 6`,
      [pattern, city.leadId],
    );
    expect(open.length).toBe(6);
    for (const a of open) expect((await lead.post(`/api/assignments/${a.id}/exemption`, { reason: 'On leave' })).status).toBe(200);
    const after = await expectDashboardMatches();
    expect(after.overview.completionsThisQuarter.count).toBeGreaterThanOrEqual(9);
  });

  it("lists the cohort's people, by status, as the base tables count them", async () => {
    // Independently of the api's SQL: each current member's assignment of the cohort's course, read by the status rule.
    const { rows } = await client.query(
      `SELECT CASE WHEN a.id IS NULL THEN 'none' WHEN a.exempted_at IS NOT NULL THEN 'exempt' WHEN a.completed_at IS NOT NULL THEN 'completed'
                   WHEN a.due_on < city_today() THEN 'overdue'
                   WHEN EXISTS (SELECT 1 FROM enrollment e JOIN course_version v ON v.id = e.course_version_id WHERE e.staff_id = m.staff_id AND v.course_id = a.course_id)
                     THEN 'in_progress' ELSE 'not_started' END AS status, count(*)::int AS n
         FROM cohort_member m LEFT JOIN assignment a ON a.staff_id = m.staff_id AND a.sources @> $1::jsonb
        WHERE m.cohort_id = $2 AND m.left_at IS NULL GROUP BY 1`,
      [JSON.stringify([{ cohortId }]), cohortId],
    );
    const truth = new Map<string, number>(rows.map((r) => [r.status, r.n]));
    const members = [...truth.values()].reduce((sum, n) => sum + n, 0);
    expect(members).toBeGreaterThan(5);
    for (const session of [admin, lead]) {
      expect((await json<ReportPeoplePage>(await session.get(`/api/reports/cohorts/${cohortId}/people?pageSize=1`), 200)).total).toBe(members);
    }
    for (const status of REPORT_PERSON_STATUSES) {
      const page = await json<ReportPeoplePage>(await lead.get(`/api/reports/cohorts/${cohortId}/people?status=${status}&pageSize=200`), 200);
      expect({ status, total: page.total }).toEqual({ status, total: truth.get(status) ?? 0 });
      for (const person of page.items) expect(person.assignments.map((a) => [a.subject, a.status])).toEqual([['course:targeted-universalism', status]]);
    }
    expect(truth.get('completed')).toBeGreaterThanOrEqual(8);
    expect(truth.get('exempt')).toBe(6);
    // The CSV has every completed member (one line each: the cohort assigns one course), not a page; status is third from the end.
    const csv = await (await lead.get(`/api/reports/cohorts/${cohortId}/people.csv?status=completed&pageSize=1`)).text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe(PEOPLE_CSV_COLUMNS.join(','));
    expect(lines.slice(1).map((line) => line.split(',').at(-3))).toEqual(Array(truth.get('completed')).fill('completed'));
  });

  it('agrees after a roster import moves people between departments, their completed work with them', async () => {
    // The people who finished the cohort's course: their completed work stays with them (open work from a rule cohort they leave does not).
    const { rows: moving } = await client.query(
      `SELECT s.employee_id FROM assignment a JOIN staff s ON s.id = a.staff_id
        WHERE a.sources @> $1::jsonb AND a.completed_at IS NOT NULL AND s.email NOT LIKE '%@equip.demo' ORDER BY s.employee_id`,
      [JSON.stringify([{ cohortId }])],
    );
    expect(moving.length).toBeGreaterThanOrEqual(5);
    const cell = (r: DepartmentReport) => r.rows[0].cells.find((c) => c.subject === 'course:targeted-universalism');
    const before = await json<DepartmentReport>(await admin.get(`/api/reports/departments/${city.otherDepartmentId}`), 200);
    const imported = await importRoster(admin, await currentRoster((r) => (moving.some((m) => m.employee_id === r.employee_id) ? { ...r, department_code: 'APD' } : r)));
    expect(imported.status).toBe(200);
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM staff s JOIN department d ON d.id = s.department_id WHERE d.code = 'APD' AND s.employee_id = ANY($1)`, [moving.map((r) => r.employee_id)]);
    expect(rows[0].n).toBe(moving.length);
    await expectDashboardMatches();
    const after = await json<DepartmentReport>(await admin.get(`/api/reports/departments/${city.otherDepartmentId}`), 200);
    expect(cell(after)?.completed.count).toBe((cell(before)?.completed.count ?? 0) + moving.length);
  });

  it('a lead sees only their departments; other departments answer 404', async () => {
    const board = await json<Dashboard>(await lead.get('/api/reports/dashboard'), 200);
    const ownCode = (await client.query(`SELECT code FROM department WHERE id = $1`, [city.ownDepartmentId])).rows[0].code;
    expect(board.heatmap[0].department.code).toBe(ownCode);
    const { rows } = await client.query(`SELECT id FROM department WHERE path LIKE (SELECT path FROM department WHERE id = $1) || '%'`, [city.ownDepartmentId]);
    expect(new Set(board.heatmap.map((r) => r.department.id))).toEqual(new Set(rows.map((r) => r.id)));
    expect((await lead.get(`/api/reports/dashboard?departmentId=${city.otherDepartmentId}`)).status).toBe(404);
    expect((await lead.get(`/api/reports/departments/${city.otherDepartmentId}/people`)).status).toBe(404);
    expect((await lead.get(`/api/reports/departments/${city.ownDepartmentId}/people`)).status).toBe(200);
  });

  it('a viewer gets aggregates, never a list of people', async () => {
    // What the journeys assigned came after the worker published: publish now, as an office would.
    await republish(admin);
    expect((await viewer.get('/api/reports/dashboard')).status).toBe(200);
    expect((await viewer.get(`/api/reports/departments/${city.ownDepartmentId}`)).status).toBe(200);
    expect((await viewer.get(`/api/reports/departments/${city.ownDepartmentId}/people`)).status).toBe(403);
    expect((await viewer.get(`/api/reports/departments/${city.ownDepartmentId}/people.csv`)).status).toBe(403);
    // A cohort's figures are not published.
    expect((await viewer.get(`/api/reports/cohorts/${cohortId}`)).status).toBe(403);
    expect((await viewer.get(`/api/reports/cohorts/${cohortId}/people`)).status).toBe(403);
    expect((await viewer.get(`/api/reports/cohorts/${cohortId}/people.csv`)).status).toBe(403);
    const byClass = await json<Disaggregation>(await viewer.get('/api/reports/disaggregation?dimension=job_class&subject=course:targeted-universalism'), 200);
    for (const row of byClass.rows) expect(row.assigned.count === null || row.assigned.count === 0 || row.assigned.count >= 5).toBe(true);
    const csv = await (await viewer.get('/api/reports/dashboard/heatmap.csv')).text();
    expect(csv.split('\r\n')[0]).toBe('department_code,department,depth,subject,assigned,completed,exempt,overdue,percent_completed');
    // The count columns (assigned … overdue) never hold 1 to 4.
    const counts = csv.trim().split('\r\n').slice(1).flatMap((line) => line.split(',').slice(-5, -1));
    expect(counts.length).toBeGreaterThan(100);
    expect(counts.filter((c) => /^[1-4]$/.test(c))).toEqual([]);
    expect(counts).toContain('fewer than 5');
  }, 240_000);

  it('gives an administrator exact figures, small counts included, and as published exactly what a viewer sees; downloads default to published', async () => {
    const counts = (b: Dashboard): ReportCount[] => b.heatmap.flatMap((r) => r.cells.flatMap((c) => [c.assigned, c.completed, c.exempt, c.overdue]));
    const exact = await json<Dashboard>(await admin.get('/api/reports/dashboard'), 200);
    expect(counts(exact).filter((c) => c.suppressed !== null)).toEqual([]);
    expect(counts(exact).some((c) => c.count !== null && c.count >= 1 && c.count <= 4)).toBe(true);
    // The figures changed since the worker published them: publish now, as an office would before sharing.
    await republish(admin);
    const published = await json<Dashboard>(await admin.get('/api/reports/dashboard?figures=published'), 200);
    const viewed = await json<Dashboard>(await viewer.get('/api/reports/dashboard'), 200);
    expect([published.disclosure, viewed.disclosure]).toEqual(['protected', 'protected']);
    expect(published.heatmap).toEqual(viewed.heatmap);
    expect(counts(published).filter((c) => c.count !== null && c.count >= 1 && c.count <= 4)).toEqual([]);
    expect(counts(published).some((c) => c.suppressed === 'fewer_than_5')).toBe(true);
    // A viewer asking for exact figures still gets protected ones.
    expect((await json<Dashboard>(await viewer.get('/api/reports/dashboard?figures=exact'), 200)).heatmap).toEqual(viewed.heatmap);

    const csvCounts = async (session: Session, query = '') => {
      const csv = await (await session.get(`/api/reports/dashboard/heatmap.csv${query}`)).text();
      return csv.trim().split('\r\n').slice(1).flatMap((line) => line.split(',').slice(-5, -1));
    };
    const small = (list: string[]) => list.filter((c) => /^[1-4]$/.test(c));
    expect(small(await csvCounts(admin))).toEqual([]);
    expect(await csvCounts(admin)).toContain('fewer than 5');
    expect(small(await csvCounts(admin, '?figures=exact')).length).toBeGreaterThan(0);
    expect(small(await csvCounts(viewer, '?figures=exact'))).toEqual([]);
  }, 240_000);

  it('gives a lead who is also a viewer exact figures in their departments and protected ones elsewhere, and their people there only', async () => {
    // Their publication and the administrator's exact figures count the same assignments: nothing changes in between.
    const email = 'lead.viewer@equip.demo';
    const password = 'a long lead and viewer passphrase';
    const id = await createSignIn(email, password);
    expect((await admin.post(`/api/staff/${id}/grants`, { role: 'equity_lead', departmentId: city.ownDepartmentId })).status).toBe(201);
    expect((await admin.post(`/api/staff/${id}/grants`, { role: 'viewer' })).status).toBe(201);
    const both = new Session();
    expect((await both.signIn(email, password)).status).toBe(200);

    const { rows: led } = await client.query(`SELECT id FROM department WHERE path LIKE (SELECT path FROM department WHERE id = $1) || '%'`, [city.ownDepartmentId]);
    const ledIds = new Set(led.map((r) => r.id as string));
    // Their own publication (their departments exact) is prepared by the worker on their first request.
    const mixed = await json<Dashboard>(await whenPublished(() => both.get('/api/reports/dashboard')), 200);
    const exact = await json<Dashboard>(await admin.get('/api/reports/dashboard'), 200);
    expect(mixed.disclosure).toBe('mixed');
    // The whole city is listed (a viewer sees it), its own departments exactly as an administrator does.
    expect(mixed.heatmap.map((r) => r.department.id)).toEqual(exact.heatmap.map((r) => r.department.id));
    for (const row of mixed.heatmap) {
      const other = exact.heatmap.find((r) => r.department.id === row.department.id);
      if (ledIds.has(row.department.id)) expect(row).toEqual(other);
      else for (const c of row.cells) for (const m of [c.assigned, c.completed, c.exempt, c.overdue]) expect(m.count === null || m.count === 0 || m.count >= 5).toBe(true);
    }
    const own = await json<Dashboard>(await both.get(`/api/reports/dashboard?departmentId=${city.ownDepartmentId}`), 200);
    expect(own.disclosure).toBe('exact');
    expect(own.heatmap).toEqual((await json<Dashboard>(await lead.get(`/api/reports/dashboard?departmentId=${city.ownDepartmentId}`), 200)).heatmap);
    expect((await json<Dashboard>(await both.get(`/api/reports/dashboard?departmentId=${city.otherDepartmentId}`), 200)).disclosure).toBe('protected');

    // People: in the departments they lead, as their lead; elsewhere, as a viewer (403).
    const people = await json<ReportPeoplePage>(await both.get(`/api/reports/departments/${city.ownDepartmentId}/people?pageSize=1`), 200);
    expect(people.total).toBe((await json<ReportPeoplePage>(await lead.get(`/api/reports/departments/${city.ownDepartmentId}/people?pageSize=1`), 200)).total);
    expect((await both.get(`/api/reports/departments/${city.otherDepartmentId}/people`)).status).toBe(403);
    expect((await json<DepartmentReport>(await both.get(`/api/reports/departments/${city.ownDepartmentId}`), 200)).canListPeople).toBe(true);
    expect((await json<DepartmentReport>(await both.get(`/api/reports/departments/${city.otherDepartmentId}`), 200)).canListPeople).toBe(false);

    // The department list gives staff counts only where the caller sees them exactly.
    const list = await json<DepartmentNode[]>(await both.get('/api/departments'), 200);
    for (const d of list) expect({ code: d.code, counted: d.activeStaff !== null }).toEqual({ code: d.code, counted: ledIds.has(d.id) });
  }, 240_000);

  it('gives a viewer no staff counts in the department list, and an administrator and a lead exact ones', async () => {
    const viewed = await json<DepartmentNode[]>(await viewer.get('/api/departments'), 200);
    expect(viewed.length).toBeGreaterThan(5);
    expect(viewed.filter((d) => d.activeStaff !== null)).toEqual([]);
    const { rows } = await client.query(`SELECT d.id, count(s.id) FILTER (WHERE s.active)::int AS n FROM department d LEFT JOIN staff s ON s.department_id = d.id GROUP BY d.id`);
    const truth = new Map(rows.map((r) => [r.id as string, r.n as number]));
    const listed = await json<DepartmentNode[]>(await admin.get('/api/departments'), 200);
    expect(listed.map((d) => [d.code, d.activeStaff])).toEqual(listed.map((d) => [d.code, truth.get(d.id)]));
    expect((await json<DepartmentNode[]>(await lead.get('/api/departments'), 200)).every((d) => d.activeStaff === truth.get(d.id))).toBe(true);
  });

  it('places departments on the progression; an administrator records an indicator with evidence', async () => {
    const recorded = await admin.post('/api/reports/indicators/records', {
      departmentId: city.ownDepartmentId, indicator: 'equity-plan-adopted', value: true, recordedOn: '2026-01-15', evidenceUrl: 'https://example.org/tes-equity-plan',
    });
    expect(recorded.status).toBe(201);
    expect((await lead.post('/api/reports/indicators/records', { departmentId: city.ownDepartmentId, indicator: 'equity-plan-adopted', value: true, recordedOn: '2026-01-15', evidenceUrl: 'https://x.org' })).status).toBe(403);
    const overview = await json<ProgressionOverview>(await admin.get('/api/reports/progression'), 200);
    const own = overview.departments.find((d) => d.department.id === city.ownDepartmentId);
    expect(own?.indicators.find((i) => i.indicator === 'equity-plan-adopted')?.value).toBe(true);
  });
});



