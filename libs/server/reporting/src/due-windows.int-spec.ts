import { AuditService } from '@equip/server/audit';
import { CatalogRepository, CatalogSyncService } from '@equip/server/catalog';
import { createDataSource } from '@equip/server/database';
import { createTestDatabase, TestDatabase } from '@equip/server/testing';
import type { StaffScope } from '@equip/shared/domain';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DashboardRepository } from './dashboard.repository';
import type { IndicatorsConfig } from './indicators/indicators-file';
import { clockAt } from './report-filter';
import { PublicationStore } from './protection/publication.store';
import { PublishedReports } from './published-reports';
import { ReportingService, weeks } from './reporting.service';

const config: IndicatorsConfig = { foundationsTrack: 'all-staff-foundations', indicators: [], stages: [] };

/**
 * "Overdue now" (due before the city's today) and "due in the next 30 days" (today to the 30th day
 * after) come from report_week ('due' weeks, 'due_day' days), in the city's days and weeks (New
 * York here). At instants chosen for their edges in the city — Monday midnight (today is the
 * week's first day), Sunday just before midnight (tomorrow is next week; in UTC it is already
 * Monday), the 25-hour day of the autumn change, a Friday that begins a quarter (and the minute
 * before it, still the old quarter in the city though not in UTC), an ordinary Wednesday — the
 * figures before suppression equal counts taken straight from the assignments, per department and
 * subject, for the city, a lead's subtree and a job-class filter. Due days fall on every day from
 * mid-October 2026 to mid-February 2027, several a day.
 */
describe('the time-dependent dashboard figures at any instant', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let reporting: ReportingService;
  let foundationsId: string;
  const dept: Record<string, string> = {};
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => ds.query(sql, params);

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource({ databaseUrl: db.url }).initialize();
    const outcome = await new CatalogSyncService(ds, new CatalogRepository(), new AuditService(ds)).syncFromDirectory(join(__dirname, '../../catalog/src/content/__fixtures__/valid'));
    expect(outcome.problems).toEqual([]);
    for (const [code, parent] of [['CITY', null], ['TES', 'CITY'], ['APD', null]] as const) {
      const [row] = await q<{ id: string }>(`INSERT INTO department (code, name, kind, parent_id, path) VALUES ($1, $1, 'department', $2, '') RETURNING id`, [code, parent ? dept[parent] : null]);
      dept[code] = row.id;
      await q(`UPDATE department SET path = COALESCE((SELECT path FROM department WHERE id = $2), '/') || $1 || '/' WHERE id = $1`, [row.id, parent ? dept[parent] : null]);
    }
    await q(
      `INSERT INTO staff (employee_id, email, first_name, last_name, department_id, job_class, active)
       SELECT 'E' || g, 'e' || g || '@x.org', 'P' || g, 'T' || g, (ARRAY[$1, $2, $3]::uuid[])[1 + g % 3], CASE WHEN g % 2 = 0 THEN 'Clerk' ELSE 'Engineer' END, g % 17 <> 0
         FROM generate_series(1, 720) g`,
      [dept.CITY, dept.TES, dept.APD],
    );
    await q(`INSERT INTO assignment (staff_id, course_id, due_on)
             SELECT s.id, c.id, date '2026-10-15' + substr(s.employee_id, 2)::int / 6 FROM staff s, course c WHERE c.slug = 'equity-basics'`);
    await q(`INSERT INTO assignment (staff_id, course_id, due_on)
             SELECT s.id, c.id, date '2026-10-15' + substr(s.employee_id, 2)::int * 187 / 1440 FROM staff s, course c WHERE c.slug = 'community-engagement'`);
    await q(`UPDATE assignment SET completed_at = timestamptz '2026-10-01 00:00:00+00' WHERE staff_id IN (SELECT id FROM staff WHERE substr(employee_id, 2)::int % 5 = 0)`);
    await q(`UPDATE assignment SET exempted_at = timestamptz '2026-10-01 00:00:00+00', exempt_reason = 'leave' WHERE completed_at IS NULL AND staff_id IN (SELECT id FROM staff WHERE substr(employee_id, 2)::int % 7 = 0)`);
    foundationsId = (await q<{ id: string }>(`SELECT id FROM track WHERE slug = 'all-staff-foundations'`))[0].id;
    reporting = new ReportingService(ds, new DashboardRepository(), config, new PublishedReports(new PublicationStore(ds)));
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const city: StaffScope = { kind: 'city', actorId: '00000000-0000-0000-0000-000000000001', canWrite: true, personLevel: true };
  const leadOf = (departmentId: string): StaffScope => ({ kind: 'departments', actorId: '00000000-0000-0000-0000-000000000001', rootDepartmentIds: [departmentId] });
  const OPEN = `a.completed_at IS NULL AND a.exempted_at IS NULL`;

  it.each([
    ['Monday at midnight', '2026-11-30T05:00:00Z'],
    ['Monday just after midnight', '2026-11-30T05:00:01Z'],
    ['Sunday just before midnight', '2026-12-07T04:59:59Z'],
    ['the autumn change, 00:30 EDT', '2026-11-01T04:30:00Z'],
    ['the autumn change, 23:59 EST', '2026-11-02T04:59:00Z'],
    ['the minute before a quarter begins', '2027-01-01T04:59:00Z'],
    ['a Friday that begins a quarter', '2027-01-01T10:00:00Z'],
    ['an ordinary Wednesday', '2026-12-09T12:34:56Z'],
  ])('%s (%s)', async (_, instant) => {
    const now = new Date(instant);
    const clock = clockAt(now, 'America/New_York');
    for (const [scope, query, staffWhere] of [
      [city, {}, 'TRUE'],
      [leadOf(dept.CITY), {}, `s.department_id IN ('${dept.CITY}', '${dept.TES}')`],
      [city, { jobClass: 'Clerk', activeOnly: true }, `s.job_class = 'Clerk' AND s.active`],
    ] as const) {
      const figures = await reporting.read(async (m) => reporting.figures(m, (await reporting.resolve(m, scope, query)).filter, clock, weeks({}, clock.today), foundationsId));
      const cells = await q<{ department_id: string; subject_id: string; overdue: number }>(
        `SELECT s.department_id, a.course_id AS subject_id, count(*)::int AS overdue FROM assignment a JOIN staff s ON s.id = a.staff_id
          WHERE ${OPEN} AND a.due_on < city_day($1) AND ${staffWhere} GROUP BY 1, 2`,
        [now],
      );
      const [{ soon }] = await q<{ soon: number }>(
        `SELECT count(*)::int AS soon FROM assignment a JOIN staff s ON s.id = a.staff_id WHERE ${OPEN} AND a.due_on >= city_day($1) AND a.due_on <= city_day($1) + 30 AND ${staffWhere}`,
        [now],
      );
      // Completions this quarter: the city's quarter (completions at 00:00 UTC on Oct 1 were on Sep 30 in the city).
      const [{ quarter }] = await q<{ quarter: number }>(
        `SELECT count(*)::int AS quarter FROM assignment a JOIN staff s ON s.id = a.staff_id
          WHERE a.exempted_at IS NULL AND a.completed_at >= city_midnight(date_trunc('quarter', city_day($1))::date) AND ${staffWhere}`,
        [now],
      );
      expect({ instant, query, quarter: figures.quarter }).toEqual({ instant, query, quarter });
      expect(clock.quarterStart).toBe(instant < '2027-01-01T05:00:00Z' ? '2026-10-01' : '2027-01-01');
      const overdueByCell = [...figures.own.entries()].flatMap(([departmentId, bySubject]) =>
        [...bySubject.entries()].filter(([, c]) => c.overdue !== 0).map(([subjectId, c]) => `${departmentId}|${subjectId}|${c.overdue}`),
      );
      expect({ instant, query, cells: overdueByCell.sort() }).toEqual({ instant, query, cells: cells.map((c) => `${c.department_id}|${c.subject_id}|${c.overdue}`).sort() });
      expect({ instant, query, overdue: figures.overdueTotal, dueSoon: figures.dueSoon }).toEqual({
        instant,
        query,
        overdue: cells.reduce((sum, c) => sum + c.overdue, 0),
        dueSoon: soon,
      });
    }
  });
});
