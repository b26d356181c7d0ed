import { AuditService } from '@equip/server/audit';
import { CatalogRepository, CatalogSyncService } from '@equip/server/catalog';
import { createDataSource } from '@equip/server/database';
import { DomainError } from '@equip/server/http';
import { createTestDatabase, TestDatabase, timeBudget } from '@equip/server/testing';
import type { StaffScope } from '@equip/shared/domain';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DashboardRepository } from './dashboard.repository';
import { DrilldownRepository } from './drilldown.repository';
import { DrilldownService } from './drilldown.service';
import type { IndicatorsConfig } from './indicators/indicators-file';
import { ProgressionRepository } from './progression.repository';
import { ProgressionService } from './progression.service';
import { PublicationStore } from './protection/publication.store';
import { PublishedReports } from './published-reports';
import { ReportingService } from './reporting.service';

const config: IndicatorsConfig = {
  foundationsTrack: 'all-staff-foundations',
  indicators: [
    { key: 'staff-trained', name: 'Trained', description: 'd', source: 'measured', kind: 'percent', measured: { measure: 'track-completion-share', track: 'all-staff-foundations' } },
    { key: 'plan', name: 'Plan', description: 'd', source: 'recorded', kind: 'boolean', measured: null },
  ],
  stages: [
    { stage: 'emerging', name: 'Emerging', description: 'd', requires: [{ indicator: 'staff-trained', min: 10 }] },
    { stage: 'developing', name: 'Developing', description: 'd', requires: [{ indicator: 'plan', min: true }] },
    { stage: 'practicing', name: 'Practicing', description: 'd', requires: [{ indicator: 'staff-trained', min: 90 }] },
    { stage: 'embedded', name: 'Embedded', description: 'd', requires: [{ indicator: 'staff-trained', min: 100 }] },
  ],
};

/**
 * The reporting services on PostgreSQL: the dashboard's figures equal counts taken straight from
 * the base tables; scope and the viewer's aggregates-only rule hold; administrators and leads get
 * exact figures, viewers protected ones (a viewer who leads TES: exact there only); progression is
 * recorded. Departments: CITY ⊃ TES ⊃ TES-OPS, and APD (3 people: hidden from viewers).
 */
// A viewer's first request publishes the figures in place here (no worker): seconds on a loaded machine.
timeBudget(60);

describe('reporting services against PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let reporting: ReportingService;
  let drilldown: DrilldownService;
  let progression: ProgressionService;
  const dept: Record<string, string> = {};
  let admin: StaffScope;
  let viewer: StaffScope;
  let lead: StaffScope;
  let leadViewer: StaffScope;
  let adminId: string;
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => ds.query(sql, params);
  const failure = async (p: Promise<unknown>) => {
    const e = await p.then(() => undefined, (x: unknown) => x);
    if (!(e instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(e)}`);
    return e.status;
  };
  const one = async (sql: string, params: unknown[] = []) => Number((await q<{ n: string }>(sql, params))[0].n);

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource({ databaseUrl: db.url }).initialize();
    const audit = new AuditService(ds);
    const outcome = await new CatalogSyncService(ds, new CatalogRepository(), audit).syncFromDirectory(join(__dirname, '../../catalog/src/content/__fixtures__/valid'));
    expect(outcome.problems).toEqual([]);
    for (const [code, parent] of [['CITY', null], ['TES', 'CITY'], ['TES-OPS', 'TES'], ['APD', 'CITY']] as const) {
      const [row] = await q<{ id: string }>(`INSERT INTO department (code, name, kind, parent_id, path) VALUES ($1, $1, $2, $3, '') RETURNING id`, [code, code === 'CITY' || code === 'APD' ? 'department' : 'division', parent ? dept[parent] : null]);
      dept[code] = row.id;
      await q(`UPDATE department SET path = COALESCE((SELECT path FROM department WHERE id = $2), '/') || $1 || '/' WHERE id = $1`, [row.id, parent ? dept[parent] : null]);
    }
    await q(`INSERT INTO staff (employee_id, email, first_name, last_name, department_id, job_class, work_location, hire_date)
             SELECT 'E' || g, 'e' || g || '@x.org', 'P' || g, 'Test' || g,
                    CASE WHEN g <= 25 THEN $1::uuid WHEN g <= 50 THEN $2::uuid WHEN g <= 53 THEN $3::uuid ELSE $4::uuid END,
                    CASE WHEN g % 2 = 0 THEN 'Clerk' ELSE 'Engineer' END, 'City Hall', current_date - g * 100
               FROM generate_series(1, 60) g`, [dept.TES, dept['TES-OPS'], dept.APD, dept.CITY]);
    adminId = (await q<{ id: string }>(`SELECT id FROM staff WHERE employee_id = 'E60'`))[0].id;
    const leadId = (await q<{ id: string }>(`SELECT id FROM staff WHERE employee_id = 'E1'`))[0].id;
    admin = { kind: 'city', actorId: adminId, canWrite: true, personLevel: true };
    viewer = { kind: 'city', actorId: adminId, canWrite: false, personLevel: false };
    lead = { kind: 'departments', actorId: leadId, rootDepartmentIds: [dept.TES] };
    leadViewer = { kind: 'city', actorId: leadId, canWrite: false, personLevel: false, leadRootDepartmentIds: [dept.TES] };
    // Everyone gets the course and the track; due days spread from 20 days ago to 40 days ahead, some today.
    await q(`INSERT INTO assignment (staff_id, course_id, due_on)
             SELECT s.id, c.id, city_today() + (row_number() OVER (ORDER BY s.employee_id) - 20)::int
               FROM staff s, course c WHERE c.slug = 'equity-basics'`);
    await q(`INSERT INTO assignment (staff_id, track_id, due_on) SELECT s.id, t.id, city_today() FROM staff s, track t WHERE t.slug = 'all-staff-foundations'`);
    await q(`UPDATE assignment SET completed_at = now() - interval '2 days' WHERE course_id IS NOT NULL AND staff_id IN (SELECT id FROM staff WHERE employee_id ~ '^E[0-9]*[02468]$')`);
    await q(`UPDATE assignment SET exempted_at = now(), exempt_reason = 'leave' WHERE track_id IS NOT NULL AND staff_id IN (SELECT id FROM staff WHERE employee_id IN ('E3', 'E27', 'E28'))`);
    await q(`UPDATE assignment SET completed_at = now() - interval '1 day' WHERE track_id IS NOT NULL AND exempted_at IS NULL AND staff_id IN (SELECT id FROM staff WHERE employee_id ~ '^E[0-9]*[05]$')`);
    await q(`INSERT INTO track_completion (staff_id, track_id, completed_at) SELECT a.staff_id, a.track_id, a.completed_at FROM assignment a WHERE a.track_id IS NOT NULL AND a.completed_at IS NOT NULL`);
    const repo = new DashboardRepository();
    reporting = new ReportingService(ds, repo, config, new PublishedReports(new PublicationStore(ds)));
    drilldown = new DrilldownService(reporting, new DrilldownRepository(), new PublishedReports(new PublicationStore(ds)));
    progression = new ProgressionService(ds, new ProgressionRepository(), repo, audit, config);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('the overall figures equal counts from the base tables', async () => {
    const board = await reporting.dashboard(admin, {});
    const open = `a.completed_at IS NULL AND a.exempted_at IS NULL AND NOT EXISTS (SELECT 1 FROM assignment n WHERE n.previous_assignment_id = a.id)`;
    expect(board.overview.overdueNow.count).toBe(await one(`SELECT count(*) AS n FROM assignment a WHERE ${open} AND a.due_on < city_day($1)`, [new Date(board.overview.asOf)]));
    expect(board.overview.dueNext30Days.count).toBe(
      await one(`SELECT count(*) AS n FROM assignment a WHERE ${open} AND a.due_on >= city_day($1) AND a.due_on <= city_day($1) + 30`, [new Date(board.overview.asOf)]),
    );
    expect(board.overview.completionsThisQuarter.count).toBe(
      await one(`SELECT count(*) AS n FROM assignment a WHERE a.exempted_at IS NULL AND a.completed_at >= city_midnight(date_trunc('quarter', city_today())::date)`),
    );
    expect(board.overview.staffTrained.count).toBe(await one(`SELECT count(*) AS n FROM track_completion`));
    expect(board.overview.staff.count).toBe(60);
    expect(board.overview.overdueNow.count).toBeGreaterThan(5);
  });

  it('the heatmap follows the tree and sums subtrees; an administrator sees the three-person department exactly, a viewer does not', async () => {
    const board = await reporting.dashboard(admin, { subject: 'course:equity-basics' });
    expect(board.disclosure).toBe('exact');
    expect(board.heatmap.map((r) => [r.department.code, r.department.depth])).toEqual([['CITY', 0], ['APD', 1], ['TES', 1], ['TES-OPS', 2]]);
    const tes = board.heatmap.find((r) => r.department.code === 'TES')?.cells[0];
    expect(tes?.assigned.count).toBe(50);
    expect(tes?.completed.count).toBe(await one(`SELECT count(*) AS n FROM assignment a JOIN staff s ON s.id = a.staff_id WHERE a.course_id IS NOT NULL AND a.completed_at IS NOT NULL AND s.department_id = ANY($1)`, [[dept.TES, dept['TES-OPS']]]));
    const code = (b: typeof board, c: string) => b.heatmap.find((r) => r.department.code === c)?.cells[0];
    expect(code(board, 'APD')?.assigned).toEqual({ count: 3, suppressed: null });

    for (const protectedBoard of [await reporting.dashboard(viewer, { subject: 'course:equity-basics' }), await reporting.dashboard(admin, { subject: 'course:equity-basics', figures: 'published' })]) {
      expect(protectedBoard.disclosure).toBe('protected');
      expect(code(protectedBoard, 'APD')?.assigned).toEqual({ count: null, suppressed: 'fewer_than_5' });
      // CITY = its own 7 + APD 3 + TES 50: with APD hidden, CITY's own row is hidden in the relation, so CITY's total stays.
      expect(protectedBoard.heatmap[0].cells[0].assigned.count).toBe(60);
    }
  });

  it('a viewer who leads TES sees TES and TES-OPS exactly, small counts included, and the rest protected', async () => {
    const exact = await reporting.dashboard(admin, { subject: 'track:all-staff-foundations' });
    const mixed = await reporting.dashboard(leadViewer, { subject: 'track:all-staff-foundations' });
    const viewed = await reporting.dashboard(viewer, { subject: 'track:all-staff-foundations' });
    expect(mixed.disclosure).toBe('mixed');
    const row = (b: typeof exact, c: string) => b.heatmap.find((r) => r.department.code === c)?.cells[0];
    // Exempt from the track: E3 in TES, E27 and E28 in TES-OPS.
    expect(row(exact, 'TES')?.exempt).toEqual({ count: 3, suppressed: null });
    expect(row(viewed, 'TES')?.exempt).toEqual({ count: null, suppressed: 'fewer_than_5' });
    for (const c of ['TES', 'TES-OPS']) expect(row(mixed, c)).toEqual(row(exact, c));
    expect(row(mixed, 'APD')?.assigned).toEqual({ count: null, suppressed: 'fewer_than_5' });
    const own = await reporting.dashboard(leadViewer, { subject: 'track:all-staff-foundations', departmentId: dept.TES });
    expect(own.disclosure).toBe('exact');
    const led = await reporting.dashboard(lead, { subject: 'track:all-staff-foundations' });
    expect({ ...own.overview, asOf: '' }).toEqual({ ...led.overview, asOf: '' });
    // One publication only for a viewer who leads (theirs), so "published" changes nothing: their departments stay exact.
    expect((await reporting.dashboard(leadViewer, { subject: 'track:all-staff-foundations', departmentId: dept.TES, figures: 'published' })).disclosure).toBe('exact');
    expect((await reporting.dashboard(leadViewer, { subject: 'track:all-staff-foundations', figures: 'published' })).disclosure).toBe('mixed');
  });

  it('follows filters: job class, active only, and a roster move between departments', async () => {
    const clerks = await reporting.dashboard(admin, { jobClass: 'Clerk', subject: 'course:equity-basics' });
    expect(clerks.heatmap[0].cells[0].assigned.count).toBe(30);
    await q(`UPDATE staff SET department_id = $1 WHERE employee_id IN ('E30', 'E31', 'E32', 'E33', 'E34', 'E35')`, [dept.APD]);
    await q(`UPDATE staff SET active = false WHERE employee_id IN ('E36', 'E37')`);
    const moved = await reporting.dashboard(admin, { subject: 'course:equity-basics', activeOnly: true });
    expect(moved.heatmap.find((r) => r.department.code === 'APD')?.cells[0].assigned.count).toBe(9);
    expect(moved.heatmap.find((r) => r.department.code === 'TES-OPS')?.cells[0].assigned.count).toBe(17);
    expect(moved.overview.staff.count).toBe(58);
  });

  it('a lead sees only their subtree; other departments answer 404', async () => {
    const board = await reporting.dashboard(lead, {});
    expect(board.heatmap.map((r) => r.department.code)).toEqual(['TES', 'TES-OPS']);
    expect(await failure(reporting.dashboard(lead, { departmentId: dept.APD }))).toBe(404);
    expect(await failure(drilldown.people(lead, dept.APD, {}))).toBe(404);
    const people = await drilldown.people(lead, dept.TES, { pageSize: 5 });
    expect(people.total).toBe(44);
    expect(people.items).toHaveLength(5);
  });

  it('a lead sees exact figures in their departments', async () => {
    const board = await reporting.dashboard(lead, { subject: 'track:all-staff-foundations' });
    expect(board.disclosure).toBe('exact');
    expect(board.heatmap.find((r) => r.department.code === 'TES-OPS')?.cells[0].exempt).toEqual({ count: 2, suppressed: null });
    const cohorts = await drilldown.department(lead, dept.TES, { figures: 'published' });
    expect(cohorts.disclosure).toBe('protected');
  });

  it('a viewer who leads TES lists the people of TES as its lead does, and nobody elsewhere', async () => {
    const asLead = await drilldown.people(lead, dept.TES, { pageSize: 5 });
    const asLeadViewer = await drilldown.people(leadViewer, dept.TES, { pageSize: 5 });
    expect(asLeadViewer.total).toBe(asLead.total);
    expect(asLeadViewer.items.map((p) => p.id)).toEqual(asLead.items.map((p) => p.id));
    expect(await failure(drilldown.people(leadViewer, dept.APD, {}))).toBe(403);
    expect(await failure(drilldown.people(leadViewer, dept.CITY, {}))).toBe(403);
    expect((await drilldown.department(leadViewer, dept['TES-OPS'], {})).canListPeople).toBe(true);
    expect((await drilldown.department(leadViewer, dept.APD, {})).canListPeople).toBe(false);
  });

  it('viewers get aggregates, never people', async () => {
    expect((await reporting.dashboard(viewer, {})).heatmap.length).toBe(4);
    expect(await failure(drilldown.people(viewer, dept.TES, {}))).toBe(403);
    expect((await drilldown.department(viewer, dept.TES, {})).canListPeople).toBe(false);
  });

  it('disaggregates by job class and tenure with totals that add up', async () => {
    const byClass = await drilldown.disaggregation(admin, { dimension: 'job_class', subject: 'course:equity-basics' });
    expect(byClass.disclosure).toBe('exact');
    expect(byClass.rows.map((r) => r.group)).toEqual(['Clerk', 'Engineer']);
    expect((await drilldown.disaggregation(viewer, { dimension: 'job_class', subject: 'course:equity-basics' })).disclosure).toBe('protected');
    expect(byClass.total.assigned.count).toBe(60);
    const byTenure = await drilldown.disaggregation(admin, { dimension: 'tenure_band', subject: 'course:equity-basics' });
    expect(byTenure.rows.reduce((s, r) => s + (r.assigned.count ?? 0), 0)).toBeLessThanOrEqual(60);
    expect(await failure(drilldown.disaggregation(admin, { dimension: 'job_class', subject: 'course:nothing' }))).toBe(400);
  });

  it('records an indicator with evidence (audited), places departments and keeps a monthly snapshot', async () => {
    expect(await failure(progression.record(adminId, { departmentId: dept.CITY, indicator: 'staff-trained', value: 50, recordedOn: '2026-01-01', evidenceUrl: 'https://x.org' }, null))).toBe(400);
    expect(await failure(progression.record(adminId, { departmentId: dept.CITY, indicator: 'plan', value: 50, recordedOn: '2026-01-01', evidenceUrl: 'https://x.org' }, null))).toBe(400);
    const view = await progression.record(adminId, { departmentId: dept.CITY, indicator: 'plan', value: true, recordedOn: '2026-01-01', evidenceUrl: 'https://x.org/plan' }, '127.0.0.1');
    expect(view.recordedBy?.id).toBe(adminId);
    expect(await one(`SELECT count(*) AS n FROM audit_event WHERE action = 'indicator.recorded'`)).toBe(1);
    const overview = await progression.overview(admin);
    const city = overview.departments.find((d) => d.department.code === 'CITY');
    expect(city?.stage).toBe('developing');
    expect(city?.next?.stage).toBe('practicing');
    expect(await progression.snapshotMonth(new Date('2026-03-15T12:00:00Z'))).toBe(2);
    expect(await progression.snapshotMonth(new Date('2026-03-31T12:00:00Z'))).toBe(2);
    const history = await progression.department(admin, dept.CITY);
    expect(history.history.map((h) => h.month)).toEqual(['2026-03-01']);
    expect(await failure(progression.department(lead, dept.APD))).toBe(404);
  });
});
