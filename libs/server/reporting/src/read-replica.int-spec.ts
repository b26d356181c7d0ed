import { getDataSourceToken } from '@nestjs/typeorm';
import { Test, type TestingModule } from '@nestjs/testing';
import { AuditModule } from '@equip/server/audit';
import { CatalogRepository, CatalogSyncService } from '@equip/server/catalog';
import { AuditService } from '@equip/server/audit';
import { ConfigModule } from '@equip/server/config';
import { DatabaseModule, READ_DATA_SOURCE } from '@equip/server/database';
import { createTestDatabase, startStreamingReplica, testConfig, timeBudget, type StreamingReplica, type TestDatabase } from '@equip/server/testing';
import type { StaffScope } from '@equip/shared/domain';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { ProgressionService } from './progression.service';
import { ReportingModule } from './reporting.module';
import { ReportingService } from './reporting.service';

timeBudget(120);

/**
 * Reporting on a real streaming replica: a primary and a hot standby that this suite starts with
 * PostgreSQL's own binaries (initdb, pg_basebackup -R) on spare ports. With DATABASE_READ_URL set,
 * the dashboard and progression read the standby — while its replay is paused they show the city
 * as it was, and once it has caught up they show the primary's writes — and an indicator recorded
 * by RASE is written to the primary (the standby refuses writes). Without it, reads use the
 * primary's own DataSource: no second pool.
 */
describe('reporting through a read replica', () => {
  let replica: StreamingReplica;
  let db: TestDatabase;
  let app: TestingModule;
  let primary: DataSource;
  let read: DataSource;
  let admin: StaffScope;
  let adminId: string;
  let cityId: string;

  beforeAll(async () => {
    const started = performance.now();
    replica = await startStreamingReplica();
    db = await createTestDatabase(replica.primaryUrl);
    const config = testConfig({ databaseUrl: db.url, databaseReadUrl: replica.url('standby', db.name) });
    app = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot('equip-test'), AuditModule, ReportingModule] }).compile();
    await app.init();
    primary = app.get<DataSource>(getDataSourceToken());
    read = app.get<DataSource>(READ_DATA_SOURCE);

    const audit = app.get(AuditService);
    const outcome = await new CatalogSyncService(primary, new CatalogRepository(), audit).syncFromDirectory(join(__dirname, '../../catalog/src/content/__fixtures__/valid'));
    expect(outcome.problems).toEqual([]);
    [{ id: cityId }] = await primary.query(`INSERT INTO department (code, name, kind, path) VALUES ('CITY', 'City', 'department', '') RETURNING id`);
    await primary.query(`UPDATE department SET path = '/' || id || '/' WHERE id = $1`, [cityId]);
    await primary.query(
      `INSERT INTO staff (employee_id, email, first_name, last_name, department_id, job_class, work_location, hire_date)
       SELECT 'E' || g, 'e' || g || '@x.org', 'P' || g, 'Test' || g, $1, 'Clerk', 'City Hall', current_date - g * 30 FROM generate_series(1, 40) g`,
      [cityId],
    );
    await primary.query(`INSERT INTO assignment (staff_id, course_id, due_on) SELECT s.id, c.id, city_today() + 10 FROM staff s, course c WHERE c.slug = 'equity-basics'`);
    await primary.query(`UPDATE assignment SET completed_at = now() - interval '1 day' WHERE staff_id IN (SELECT id FROM staff WHERE employee_id ~ '^E[0-9]*[02468]$')`);
    adminId = (await primary.query(`SELECT id FROM staff WHERE employee_id = 'E1'`))[0].id;
    admin = { kind: 'city', actorId: adminId, canWrite: true, personLevel: true };
    await replica.caughtUp();
    process.stdout.write(`read-replica: primary + standby started, migrated and seeded in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  });

  afterAll(async () => {
    await app?.close();
    await replica?.stop();
  });

  it('reads through a pool of its own on the standby; the primary stays the primary', async () => {
    expect(read).not.toBe(primary);
    expect(await read.query(`SELECT pg_is_in_recovery() AS standby`)).toEqual([{ standby: true }]);
    expect(await primary.query(`SELECT pg_is_in_recovery() AS standby`)).toEqual([{ standby: false }]);
  });

  it('shows the city as the standby has it: not yet a write it has not replayed, and the write once it has caught up', async () => {
    const reporting = app.get(ReportingService);
    const before = await reporting.dashboard(admin, { subject: 'course:equity-basics' });
    expect(before.overview.staff.count).toBe(40);
    expect(before.heatmap[0].cells[0]).toMatchObject({ assigned: { count: 40 }, completed: { count: 20 } });

    await replica.pauseReplay();
    try {
      await primary.query(`UPDATE assignment SET completed_at = now() - interval '1 hour' WHERE completed_at IS NULL AND staff_id IN (SELECT id FROM staff WHERE employee_id IN ('E1', 'E3', 'E5'))`);
      await primary.query(
        `INSERT INTO staff (employee_id, email, first_name, last_name, department_id, job_class, work_location, hire_date)
         SELECT 'N' || g, 'n' || g || '@x.org', 'New' || g, 'Hire', $1, 'Clerk', 'City Hall', current_date FROM generate_series(1, 5) g`,
        [cityId],
      );
      const paused = await reporting.dashboard(admin, { subject: 'course:equity-basics' });
      expect(paused.overview.staff.count).toBe(40);
      expect(paused.heatmap[0].cells[0].completed.count).toBe(20);
    } finally {
      await replica.resumeReplay();
    }
    await replica.caughtUp();
    const after = await reporting.dashboard(admin, { subject: 'course:equity-basics' });
    expect(after.overview.staff.count).toBe(45);
    expect(after.heatmap[0].cells[0].completed.count).toBe(23);
  });

  it('records an indicator on the primary (the standby refuses writes), and progression shows it once replayed', async () => {
    await expect(read.query(`INSERT INTO department (code, name, kind, path) VALUES ('X', 'X', 'department', '/x/')`)).rejects.toThrow(/read-only transaction/);
    const progression = app.get(ProgressionService);
    const view = await progression.record(adminId, { departmentId: cityId, indicator: 'equity-plan-adopted', value: true, recordedOn: '2026-01-15', evidenceUrl: 'https://city.example/equity-plan.pdf' }, null);
    expect(view).toMatchObject({ indicator: 'equity-plan-adopted', value: true });
    expect(await primary.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'indicator.recorded'`)).toEqual([{ n: 1 }]);
    await replica.caughtUp();
    expect((await progression.records(admin, cityId)).map((r) => r.indicator)).toEqual(['equity-plan-adopted']);
    const overview = await progression.overview(admin);
    expect(overview.departments.map((d) => d.department.id)).toEqual([cityId]);
  });

  it('without DATABASE_READ_URL reads through the primary’s own DataSource', async () => {
    const config = testConfig({ databaseUrl: db.url, databaseReadUrl: db.url });
    const plain = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot('equip-test')] }).compile();
    try {
      expect(plain.get(READ_DATA_SOURCE)).toBe(plain.get(getDataSourceToken()));
    } finally {
      await plain.close();
    }
  });
});
