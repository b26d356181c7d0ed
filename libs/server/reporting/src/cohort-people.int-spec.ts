import { AuditService } from '@equip/server/audit';
import { CatalogRepository, CatalogSyncService } from '@equip/server/catalog';
import { createDataSource } from '@equip/server/database';
import { DomainError } from '@equip/server/http';
import { createTestDatabase, TestDatabase } from '@equip/server/testing';
import { REPORT_PERSON_STATUSES } from '@equip/shared/contracts';
import { assignmentStatus, type StaffScope } from '@equip/shared/domain';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DashboardRepository } from './dashboard.repository';
import { DrilldownRepository } from './drilldown.repository';
import { DrilldownService } from './drilldown.service';
import { PublicationStore } from './protection/publication.store';
import { PublishedReports } from './published-reports';
import { ReportingService } from './reporting.service';

/**
 * A cohort's people in reporting, on PostgreSQL: current members only, in the caller's scope,
 * with what the cohort assigns them; the status filter agrees with the shared status rule; a
 * cohort outside scope is 404 and viewers get 403. Departments: CITY ⊃ TES, and APD.
 * Cohort TES-C (of TES): T1–T10 current members, T11 has left; APD-C (of APD); a city-wide one.
 */
describe('cohort people in reporting against PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let drilldown: DrilldownService;
  const dept: Record<string, string> = {};
  const cohort: Record<string, string> = {};
  let admin: StaffScope;
  let viewer: StaffScope;
  let lead: StaffScope;
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => ds.query(sql, params);
  const failure = async (p: Promise<unknown>) => {
    const e = await p.then(() => undefined, (x: unknown) => x);
    if (!(e instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(e)}`);
    return e.status;
  };
  const ids = (items: { employeeId: string }[]) => items.map((p) => p.employeeId).sort();

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource({ databaseUrl: db.url }).initialize();
    const outcome = await new CatalogSyncService(ds, new CatalogRepository(), new AuditService(ds)).syncFromDirectory(join(__dirname, '../../catalog/src/content/__fixtures__/valid'));
    expect(outcome.problems).toEqual([]);
    for (const [code, parent] of [['CITY', null], ['TES', 'CITY'], ['APD', 'CITY']] as const) {
      const [row] = await q<{ id: string }>(`INSERT INTO department (code, name, kind, parent_id, path) VALUES ($1, $1, 'department', $2, '') RETURNING id`, [code, parent ? dept[parent] : null]);
      dept[code] = row.id;
      await q(`UPDATE department SET path = COALESCE((SELECT path FROM department WHERE id = $2), '/') || $1 || '/' WHERE id = $1`, [row.id, parent ? dept[parent] : null]);
    }
    await q(`INSERT INTO staff (employee_id, email, first_name, last_name, department_id)
             SELECT code || g, lower(code) || g || '@x.org', 'P' || g, code || 'son' || lpad(g::text, 2, '0'), dep
               FROM (VALUES ('T', $1::uuid, 12), ('A', $2::uuid, 6), ('C', $3::uuid, 1)) AS x (code, dep, n), generate_series(1, x.n) g`,
      [dept.TES, dept.APD, dept.CITY]);
    const staffId = async (employeeId: string) => (await q<{ id: string }>(`SELECT id FROM staff WHERE employee_id = $1`, [employeeId]))[0].id;
    admin = { kind: 'city', actorId: await staffId('C1'), canWrite: true, personLevel: true };
    viewer = { kind: 'city', actorId: await staffId('C1'), canWrite: false, personLevel: false };
    lead = { kind: 'departments', actorId: await staffId('T12'), rootDepartmentIds: [dept.TES] };
    for (const [name, departmentId, members] of [['TES-C', dept.TES, '^T([1-9]|10|11)$'], ['APD-C', dept.APD, '^A'], ['CITY-C', null, '^(T1|A1)$']] as const) {
      const [row] = await q<{ id: string }>(`INSERT INTO cohort (name, department_id, kind) VALUES ($1, $2, 'static') RETURNING id`, [name, departmentId]);
      cohort[name] = row.id;
      await q(`INSERT INTO cohort_member (cohort_id, staff_id, join_reason) SELECT $1, id, 'added' FROM staff WHERE employee_id ~ $2`, [row.id, members]);
      // Every member gets the course from the cohort.
      await q(`INSERT INTO assignment (staff_id, course_id, sources, due_on, created_at)
               SELECT cm.staff_id, c.id, jsonb_build_array(jsonb_build_object('kind', 'cohort', 'cohortId', $1::uuid)), city_today() + 10, now() - interval '30 days'
                 FROM cohort_member cm, course c WHERE cm.cohort_id = $1 AND c.slug = 'equity-basics'
               ON CONFLICT DO NOTHING`, [row.id]);
    }
    await q(`UPDATE cohort_member SET left_at = now(), leave_reason = 'removed' WHERE staff_id = (SELECT id FROM staff WHERE employee_id = 'T11')`);
    // Statuses on TES-C's course: T1, T2 completed; T3 exempt; T4, T5 overdue; T6 started; the rest not started.
    const set = (sql: string, employees: string[]) => q(`UPDATE assignment SET ${sql} WHERE staff_id IN (SELECT id FROM staff WHERE employee_id = ANY($1))`, [employees]);
    await set(`completed_at = now() - interval '1 day'`, ['T1', 'T2']);
    await set(`exempted_at = now(), exempt_reason = 'leave'`, ['T3']);
    await set(`due_on = city_today() - 1`, ['T4', 'T5']);
    await q(`INSERT INTO enrollment (staff_id, course_version_id) SELECT s.id, c.current_version_id FROM staff s, course c WHERE s.employee_id = 'T6' AND c.slug = 'equity-basics'`);
    // T7 also has a track of their own, overdue: not the cohort's, so not on its list.
    await q(`INSERT INTO assignment (staff_id, track_id, sources, due_on) SELECT s.id, t.id, '[{"kind": "self"}]', city_today() - 2
               FROM staff s, track t WHERE s.employee_id = 'T7' AND t.slug = 'all-staff-foundations'`);
    const reporting = new ReportingService(ds, new DashboardRepository(), { foundationsTrack: 'all-staff-foundations', indicators: [], stages: [] }, new PublishedReports(new PublicationStore(ds)));
    drilldown = new DrilldownService(reporting, new DrilldownRepository(), new PublishedReports(new PublicationStore(ds)));
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('lists current members only, by name, each with what the cohort assigns', async () => {
    const page = await drilldown.cohortPeople(admin, cohort['TES-C'], {});
    expect(page).toMatchObject({ total: 10, page: 1, pageSize: 50 });
    expect(page.items.map((p) => p.employeeId)).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10']);
    const t7 = page.items.find((p) => p.employeeId === 'T7');
    expect(t7?.assignments).toEqual([expect.objectContaining({ subject: 'course:equity-basics', status: 'not_started' })]);
    const paged = await drilldown.cohortPeople(admin, cohort['TES-C'], { page: 2, pageSize: 3 });
    expect(paged).toMatchObject({ total: 10, page: 2, pageSize: 3 });
    expect(paged.items.map((p) => p.employeeId)).toEqual(['T4', 'T5', 'T6']);
    expect((await drilldown.cohortPeople(admin, cohort['TES-C'], { pageSize: 3 }, true)).items).toHaveLength(10);
    expect(ids((await drilldown.cohortPeople(admin, cohort['TES-C'], { search: 't1' })).items)).toEqual(['T1', 'T10']);
    expect(ids((await drilldown.cohortPeople(admin, cohort['CITY-C'], {})).items)).toEqual(['A1', 'T1']);
  });

  it('filters by status exactly as the shared status rule reads each assignment', async () => {
    const facts = await q<{ employeeId: string; dueOn: string | null; completedAt: Date | null; exemptedAt: Date | null; startedAt: Date | null }>(
      `SELECT s.employee_id AS "employeeId", to_char(a.due_on, 'YYYY-MM-DD') AS "dueOn", a.completed_at AS "completedAt", a.exempted_at AS "exemptedAt",
              (SELECT min(e.started_at) FROM enrollment e JOIN course_version v ON v.id = e.course_version_id WHERE e.staff_id = s.id AND v.course_id = a.course_id) AS "startedAt"
         FROM cohort_member cm JOIN staff s ON s.id = cm.staff_id JOIN assignment a ON a.staff_id = s.id AND a.course_id IS NOT NULL
        WHERE cm.cohort_id = $1 AND cm.left_at IS NULL`,
      [cohort['TES-C']],
    );
    const now = new Date();
    const seen = new Set<string>();
    for (const status of REPORT_PERSON_STATUSES) {
      const expected = facts.filter((f) => assignmentStatus(f, now, 'America/New_York') === status).map((f) => f.employeeId).sort();
      const listed = await drilldown.cohortPeople(admin, cohort['TES-C'], { status });
      expect([status, ids(listed.items)]).toEqual([status, expected]);
      expect(listed.total).toBe(expected.length);
      expected.forEach((id) => seen.add(id));
    }
    // Every status occurs and every member has exactly one: the filter partitions the cohort.
    expect(seen.size).toBe(10);
    expect(ids((await drilldown.cohortPeople(admin, cohort['TES-C'], { status: 'in_progress' })).items)).toEqual(['T6']);
  });

  it("gives a lead their departments' cohorts and answers 404 for any other", async () => {
    expect((await drilldown.cohortPeople(lead, cohort['TES-C'], {})).total).toBe(10);
    expect(await failure(drilldown.cohortPeople(lead, cohort['APD-C'], {}))).toBe(404);
    expect(await failure(drilldown.cohortPeople(lead, cohort['CITY-C'], {}))).toBe(404);
    expect(await failure(drilldown.cohortPeople(admin, '00000000-0000-0000-0000-000000000001', {}))).toBe(404);
    await q(`UPDATE cohort SET archived_at = now() WHERE id = $1`, [cohort['APD-C']]);
    expect(await failure(drilldown.cohortPeople(admin, cohort['APD-C'], {}))).toBe(404);
    expect(await failure(drilldown.cohort(admin, cohort['APD-C']))).toBe(404);
  });

  it('refuses viewers the people of any cohort, and its figures: a cohort is not part of the published figures', async () => {
    expect(await failure(drilldown.cohortPeople(viewer, cohort['TES-C'], {}))).toBe(403);
    expect(await failure(drilldown.cohortPeople(viewer, cohort['CITY-C'], {}))).toBe(403);
    expect(await failure(drilldown.cohort(viewer, cohort['TES-C']))).toBe(403);
    expect(await failure(drilldown.cohort(admin, cohort['TES-C'], { figures: 'published' }))).toBe(403);
    expect(await drilldown.cohort(admin, cohort['TES-C'])).toMatchObject({ canListPeople: true, members: { count: 10, suppressed: null } });
  });
});
