import { AuditService } from '@equip/server/audit';
import { CatalogRepository, CatalogSyncService } from '@equip/server/catalog';
import { createDataSource } from '@equip/server/database';
import { createTestDatabase, TestDatabase } from '@equip/server/testing';
import type { StaffScope } from '@equip/shared/domain';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DashboardRepository } from './dashboard.repository';
import type { IndicatorsConfig } from './indicators/indicators-file';
import { ProgressionRepository } from './progression.repository';
import { ProgressionService } from './progression.service';

const config: IndicatorsConfig = {
  foundationsTrack: 'all-staff-foundations',
  indicators: [
    { key: 'refresher', name: 'Refresher', description: 'd', source: 'measured', kind: 'percent', measured: { measure: 'course-completed-within', course: 'equity-basics', months: 1 } },
    { key: 'plan', name: 'Plan', description: 'd', source: 'recorded', kind: 'boolean', measured: null },
  ],
  stages: [{ stage: 'emerging', name: 'Emerging', description: 'd', requires: [{ indicator: 'refresher', min: 10 }] }],
};

/**
 * Progression months are the city's (America/New_York here), not UTC's. 23:30 on Mar 31 in the city
 * (03:30 Apr 1 UTC) is still March: its snapshot is March's, "completed within 1 month" counts from
 * the start of Feb 28 in the city, and a record dated Apr 1 is not yet in force. Half an hour after
 * midnight it is April in the city too. Department D has 10 staff; A completed the course at 7:00 on
 * Feb 28 in the city, B at 22:00 on Feb 27, C on Mar 15.
 */
describe('progression months in city time against PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let progression: ProgressionService;
  let admin: StaffScope;
  let deptId = '';
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => ds.query(sql, params);
  const lastEveningOfMarch = new Date('2026-04-01T03:30:00Z');
  const firstNightOfApril = new Date('2026-04-01T04:30:00Z');

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource({ databaseUrl: db.url }).initialize();
    expect((await q<{ zone: string }>(`SELECT city_time_zone() AS zone`))[0].zone).toBe('America/New_York');
    const audit = new AuditService(ds);
    const outcome = await new CatalogSyncService(ds, new CatalogRepository(), audit).syncFromDirectory(join(__dirname, '../../catalog/src/content/__fixtures__/valid'));
    expect(outcome.problems).toEqual([]);
    const [row] = await q<{ id: string }>(`INSERT INTO department (code, name, kind, path) VALUES ('D', 'D', 'department', '') RETURNING id`);
    deptId = row.id;
    await q(`UPDATE department SET path = '/' || id || '/' WHERE id = $1`, [deptId]);
    await q(`INSERT INTO staff (employee_id, email, first_name, last_name, department_id)
             SELECT 'D' || g, 'd' || g || '@x.org', 'P' || g, 'D', $1 FROM generate_series(1, 10) g`, [deptId]);
    for (const [who, at] of [['D1', '2026-02-28T12:00:00Z'], ['D2', '2026-02-28T03:00:00Z'], ['D3', '2026-03-15T16:00:00Z']]) {
      await q(`INSERT INTO assignment (staff_id, course_id, sources, due_on, completed_at, created_at)
               SELECT s.id, c.id, '[]'::jsonb, date '2026-03-31', $2::timestamptz, $2::timestamptz - interval '10 days'
                 FROM staff s, course c WHERE s.employee_id = $1 AND c.slug = 'equity-basics'`, [who, at]);
    }
    const adminId = (await q<{ id: string }>(`SELECT id FROM staff WHERE employee_id = 'D10'`))[0].id;
    await q(`INSERT INTO indicator_record (department_id, indicator, value, recorded_on, evidence_url, recorded_by) VALUES ($1, 'plan', 'true', date '2026-04-01', 'https://x.org/plan', $2)`, [deptId, adminId]);
    admin = { kind: 'city', actorId: adminId, canWrite: true, personLevel: true };
    progression = new ProgressionService(ds, new ProgressionRepository(), new DashboardRepository(), audit, config);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const indicator = (indicators: { indicator: string }[], key: string) => indicators.find((i) => i.indicator === key);

  it('at 23:30 on the last day of March in the city, counts and snapshots March', async () => {
    const now = await progression.overview(admin, {}, lastEveningOfMarch);
    const d = now.departments.find((x) => x.department.id === deptId);
    // Since the start of Feb 28 in the city: A and C, not B (Feb 27 in the city). UTC months would count C only.
    expect(indicator(d?.indicators ?? [], 'refresher')).toMatchObject({ value: 20 });
    // The plan is dated Apr 1: not in force on Mar 31 in the city.
    expect(indicator(d?.indicators ?? [], 'plan')).toMatchObject({ value: null });

    expect(await progression.snapshotMonth(lastEveningOfMarch)).toBe(1);
    const { history } = await progression.department(admin, deptId);
    expect(history.map((h) => h.month)).toEqual(['2026-03-01']);
    expect(indicator(history[0].indicators, 'refresher')).toMatchObject({ value: 20 });
  });

  it('half an hour after midnight on Apr 1 in the city, counts and snapshots April', async () => {
    expect(await progression.snapshotMonth(firstNightOfApril)).toBe(1);
    const { history } = await progression.department(admin, deptId);
    expect(history.map((h) => h.month)).toEqual(['2026-03-01', '2026-04-01']);
    // Since the start of Mar 1 in the city: C only. The plan is now in force.
    expect(indicator(history[1].indicators, 'refresher')).toMatchObject({ value: 10 });
    expect(indicator(history[1].indicators, 'plan')).toMatchObject({ value: true });
    // March's snapshot stays as it was taken.
    expect(indicator(history[0].indicators, 'refresher')).toMatchObject({ value: 20 });
  });
});
