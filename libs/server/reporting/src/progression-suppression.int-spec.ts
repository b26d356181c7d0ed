import { AuditService } from '@equip/server/audit';
import { CatalogRepository, CatalogSyncService } from '@equip/server/catalog';
import { createDataSource } from '@equip/server/database';
import { createTestDatabase, TestDatabase } from '@equip/server/testing';
import type { DepartmentStage } from '@equip/shared/contracts';
import type { StaffScope } from '@equip/shared/domain';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DashboardRepository } from './dashboard.repository';
import type { IndicatorsConfig } from './indicators/indicators-file';
import { ProgressionRepository } from './progression.repository';
import { ProgressionService } from './progression.service';

const measured = (key: string, measure: 'track-completion-share' | 'manager-track-completion-share') =>
  ({ key, name: key, description: 'd', source: 'measured', kind: 'percent', measured: { measure, track: 'all-staff-foundations' } }) as const;

const config: IndicatorsConfig = {
  foundationsTrack: 'all-staff-foundations',
  indicators: [measured('staff-trained', 'track-completion-share'), measured('managers-trained', 'manager-track-completion-share')],
  stages: [
    { stage: 'emerging', name: 'Emerging', description: 'd', requires: [{ indicator: 'staff-trained', min: 10 }] },
    { stage: 'developing', name: 'Developing', description: 'd', requires: [{ indicator: 'staff-trained', min: 40 }, { indicator: 'managers-trained', min: 50 }] },
  ],
};

/**
 * Progression and protection, on PostgreSQL. Departments: BIG (10 staff, 6 trained; 2 managers,
 * both trained), SMALL (3 staff, 1 trained, no managers) and FIVE (5 staff, 2 trained). Stages and
 * shares are not part of the published figures — a stage bounds a share, and beside a published
 * count that can pin a hidden one — so a protected caller sees the progression only of departments
 * they see exactly (a viewer: none; the route answers 403); administrators see every share exactly;
 * snapshots keep true values with the size of the group each share counts.
 */
describe('progression and protected callers against PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let progression: ProgressionService;
  let admin: StaffScope;
  let viewer: StaffScope;
  const dept: Record<string, string> = {};
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => ds.query(sql, params);
  const of = (departments: DepartmentStage[], code: string) => departments.find((d) => d.department.code === code) as DepartmentStage;
  const value = (d: DepartmentStage | { indicators: DepartmentStage['indicators'] }, key: string) => d.indicators.find((i) => i.indicator === key);

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource({ databaseUrl: db.url }).initialize();
    const audit = new AuditService(ds);
    const outcome = await new CatalogSyncService(ds, new CatalogRepository(), audit).syncFromDirectory(join(__dirname, '../../catalog/src/content/__fixtures__/valid'));
    expect(outcome.problems).toEqual([]);
    for (const [code, size] of [['BIG', 10], ['SMALL', 3], ['FIVE', 5]] as const) {
      const [row] = await q<{ id: string }>(`INSERT INTO department (code, name, kind, path) VALUES ($1, $1, 'department', '') RETURNING id`, [code]);
      dept[code] = row.id;
      await q(`UPDATE department SET path = '/' || id || '/' WHERE id = $1`, [row.id]);
      await q(`INSERT INTO staff (employee_id, email, first_name, last_name, department_id)
               SELECT $1 || g, lower($1) || g || '@x.org', 'P' || g, $1, $2 FROM generate_series(1, $3::int) g`, [code[0], row.id, size]);
    }
    const manage = (manager: string, reports: string[]) => q(`UPDATE staff SET manager_id = (SELECT id FROM staff WHERE employee_id = $1) WHERE employee_id = ANY($2)`, [manager, reports]);
    await manage('B1', ['B2', 'B3', 'B4', 'B5']);
    await manage('B6', ['B7']);
    await q(`INSERT INTO track_completion (staff_id, track_id) SELECT s.id, t.id FROM staff s, track t
              WHERE t.slug = 'all-staff-foundations' AND s.employee_id = ANY($1)`, [['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'S1', 'F1', 'F2']]);
    admin = { kind: 'city', actorId: (await q<{ id: string }>(`SELECT id FROM staff WHERE employee_id = 'B1'`))[0].id, canWrite: true, personLevel: true };
    viewer = { ...admin, canWrite: false, personLevel: false };
    progression = new ProgressionService(ds, new ProgressionRepository(), new DashboardRepository(), audit, config);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const failure = (p: Promise<unknown>) => p.then(() => 200, (e: { status?: number }) => e.status ?? 500);

  it('gives a viewer no department’s stage, and refuses one department’s progression with 403', async () => {
    const overview = await progression.overview(viewer);
    expect(overview.disclosure).toBe('protected');
    expect(overview.departments).toEqual([]);
    expect(await failure(progression.department(viewer, dept.SMALL))).toBe(403);
    expect(await failure(progression.department(viewer, dept.BIG))).toBe(403);
  });

  it('shows an administrator every share exactly, small groups included, and places each on its true values; as published, none', async () => {
    const exact = await progression.overview(admin);
    expect(exact.disclosure).toBe('exact');
    const small = of(exact.departments, 'SMALL');
    expect(value(small, 'staff-trained')).toEqual({ indicator: 'staff-trained', value: 33.3 });
    // Nobody to count is unknown.
    expect(value(small, 'managers-trained')).toEqual({ indicator: 'managers-trained', value: null });
    expect(small.stage).toBe('emerging');
    const big = of(exact.departments, 'BIG');
    expect(value(big, 'staff-trained')).toEqual({ indicator: 'staff-trained', value: 60 });
    expect(big.stage).toBe('developing');
    expect(JSON.stringify(exact.departments)).not.toMatch(/"of"/);
    expect((await progression.overview(admin, { figures: 'published' })).departments).toEqual([]);
    const one = await progression.department(admin, dept.SMALL);
    expect(one.disclosure).toBe('exact');
    expect(value(one.current, 'staff-trained')).toEqual({ indicator: 'staff-trained', value: 33.3 });
  });

  it('keeps true values in the snapshot, with the size of each group, and shows them exactly to an administrator', async () => {
    expect(await progression.snapshotMonth(new Date('2026-05-10T00:00:00Z'))).toBe(3);
    const [stored] = await q<{ indicators: { indicator: string; value: number | null; of?: number }[] }>(
      `SELECT indicators FROM progression_snapshot WHERE department_id = $1`,
      [dept.SMALL],
    );
    expect(stored.indicators).toContainEqual({ indicator: 'staff-trained', value: 33.3, of: 3 });
    const shown = await progression.department(admin, dept.SMALL);
    expect(shown.history).toEqual([{ month: '2026-05-01', stage: 'emerging', indicators: [{ indicator: 'staff-trained', value: 33.3 }, { indicator: 'managers-trained', value: null }] }]);
  });
});
