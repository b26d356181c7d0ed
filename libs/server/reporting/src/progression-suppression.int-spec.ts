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
import { progressionCsv } from './reporting-csv';

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
 * Progression shares and the suppression rule, on PostgreSQL. Departments: BIG (10 staff, 6
 * trained; 2 managers, both trained), SMALL (3 staff, 1 trained, no managers) and FIVE (5 staff,
 * 2 trained). A share of 1–4 people is withheld wherever a viewer sees it (administrators see it
 * exactly, and as published when they ask); snapshots keep true values.
 */
describe('progression shares of small groups against PostgreSQL', () => {
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

  it('withholds the share of a department of 3 and of 2 managers, shows a group of 5, and still places each on its true values', async () => {
    const { departments } = await progression.overview(viewer);
    const small = of(departments, 'SMALL');
    expect(value(small, 'staff-trained')).toEqual({ indicator: 'staff-trained', value: null, suppressed: 'fewer_than_5' });
    // Nobody to count is not a small group: unknown, not withheld.
    expect(value(small, 'managers-trained')).toEqual({ indicator: 'managers-trained', value: null, suppressed: null });
    // 1 of 3 (33.3%) reaches the first stage; what the next one needs names the share, not its value.
    expect(small.stage).toBe('emerging');
    expect(small.next?.missing).toContainEqual({ indicator: 'staff-trained', needed: 40, current: null, suppressed: 'fewer_than_5' });

    const big = of(departments, 'BIG');
    expect(value(big, 'staff-trained')).toEqual({ indicator: 'staff-trained', value: 60, suppressed: null });
    expect(value(big, 'managers-trained')).toEqual({ indicator: 'managers-trained', value: null, suppressed: 'fewer_than_5' });
    expect(big.stage).toBe('developing');
    expect(value(of(departments, 'FIVE'), 'staff-trained')).toEqual({ indicator: 'staff-trained', value: 40, suppressed: null });
    expect(JSON.stringify(departments)).not.toMatch(/"of"|33\.3/);
  });

  it('shows an administrator every share exactly, small groups included, and withholds them as published', async () => {
    const exact = await progression.overview(admin);
    expect(exact.disclosure).toBe('exact');
    expect(value(of(exact.departments, 'SMALL'), 'staff-trained')).toEqual({ indicator: 'staff-trained', value: 33.3 });
    expect(JSON.stringify(exact.departments)).not.toMatch(/"of"/);
    const published = await progression.overview(admin, { figures: 'published' });
    expect(published.disclosure).toBe('protected');
    expect(value(of(published.departments, 'SMALL'), 'staff-trained')).toEqual({ indicator: 'staff-trained', value: null, suppressed: 'fewer_than_5' });
    const small = await progression.department(admin, dept.SMALL);
    expect(small.disclosure).toBe('exact');
    expect(value(small.current, 'staff-trained')).toEqual({ indicator: 'staff-trained', value: 33.3 });
  });

  it('writes a withheld share in the CSV as words, never the number', async () => {
    const lines = progressionCsv(await progression.overview(viewer)).trim().split('\r\n');
    expect(lines.filter((l) => l.startsWith('SMALL,') && l.includes(',staff-trained,'))).toEqual(['SMALL,SMALL,emerging,developing,staff-trained; managers-trained,staff-trained,fewer than 5']);
    expect(lines.find((l) => l.startsWith('BIG,') && l.includes(',managers-trained,'))).toMatch(/,managers-trained,fewer than 5$/);
    expect(lines.find((l) => l.startsWith('FIVE,') && l.includes(',staff-trained,'))).toMatch(/,staff-trained,40$/);
    expect(lines.join('\n')).not.toContain('33.3');
  });

  it('keeps true values in the snapshot and withholds them when history is shown, one department at a time too', async () => {
    expect(await progression.snapshotMonth(new Date('2026-05-10T00:00:00Z'))).toBe(3);
    const [stored] = await q<{ indicators: { indicator: string; value: number | null; of?: number }[] }>(
      `SELECT indicators FROM progression_snapshot WHERE department_id = $1`,
      [dept.SMALL],
    );
    expect(stored.indicators).toContainEqual({ indicator: 'staff-trained', value: 33.3, of: 3 });
    const shown = await progression.department(viewer, dept.SMALL);
    expect(value(shown.current, 'staff-trained')).toEqual({ indicator: 'staff-trained', value: null, suppressed: 'fewer_than_5' });
    expect(shown.history).toEqual([
      { month: '2026-05-01', stage: 'emerging', indicators: [{ indicator: 'staff-trained', value: null, suppressed: 'fewer_than_5' }, { indicator: 'managers-trained', value: null, suppressed: null }] },
    ]);
    const big = await progression.department(viewer, dept.BIG);
    expect(value(big.history[0], 'staff-trained')).toEqual({ indicator: 'staff-trained', value: 60, suppressed: null });
  });

  it('does not show a share from a snapshot that kept no group size', async () => {
    await q(`INSERT INTO progression_snapshot (department_id, month, stage, indicators) VALUES ($1, '2026-01-01', 'developing', $2::jsonb)`, [
      dept.BIG,
      JSON.stringify([{ indicator: 'staff-trained', value: 60 }]),
    ]);
    const [january] = (await progression.department(viewer, dept.BIG)).history;
    expect(january).toEqual({ month: '2026-01-01', stage: 'developing', indicators: [{ indicator: 'staff-trained', value: null, suppressed: null }] });
  });
});
