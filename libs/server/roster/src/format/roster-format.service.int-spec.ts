import { AuditService } from '@equip/server/audit';
import { createDataSource } from '@equip/server/database';
import { FieldValidationException } from '@equip/server/http';
import { migrations } from '@equip/migrations';
import { createTestDatabase, TestDatabase, testConfig } from '@equip/server/testing';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RosterImportRecordRepository } from '../imports/roster-import-record.repository';
import { RosterRepository } from '../roster.repository';
import { RosterService } from '../roster.service';
import { RosterFormatRepository } from './roster-format.repository';
import { RosterFormatService } from './roster-format.service';

const HEADER = 'Emp No,First Name,Last Name,Work Email,Department Code,Job Title,Job Class,Work Location,Manager Employee ID,Hire Date,Status';

describe('RosterFormatService against PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let formats: RosterFormatService;
  let roster: RosterService;
  let adminId: string;

  const audits = () =>
    dataSource.query<{ actor_id: string; before: unknown; after: unknown; ip: string }[]>(`SELECT actor_id, before, after, ip FROM audit_event WHERE action = 'roster.format_changed' ORDER BY id`);
  const dryRun = (text: string) =>
    roster.importRoster(
      (async function* () {
        yield Buffer.from(text);
      })(),
      // Changes only: as a full roster, one row would deactivate the administrator running it.
      { dryRun: true, actorId: adminId, via: 'upload', fileName: 'hr.csv', sha256: createHash('sha256').update(text).digest('hex'), mode: 'changes-only' },
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await createDataSource({ databaseUrl: db.url }).initialize();
    const audit = new AuditService(dataSource);
    formats = new RosterFormatService(dataSource, new RosterFormatRepository(), audit);
    roster = new RosterService(dataSource, new RosterRepository(), audit, new RosterImportRecordRepository(dataSource), testConfig());
    const department = randomUUID();
    await dataSource.query(`INSERT INTO department (id, code, name, path) VALUES ($1, 'TES', 'Transportation', $2)`, [department, `/${department}/`]);
    [{ id: adminId }] = await dataSource.query(
      `INSERT INTO staff (employee_id, email, first_name, last_name, department_id) VALUES ('ADM', 'adm@city.example', 'Ada', 'Min', $1) RETURNING id`,
      [department],
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('refuses names that are empty of letters, repeated, or another column’s own name, and writes nothing', async () => {
    const attempt = formats.save(
      {
        dateOrder: 'day-first',
        columnNames: [
          { header: '--', column: 'employee_id' },
          { header: 'Email', column: 'employee_id' },
          { header: 'Emp No', column: 'employee_id' },
          { header: 'EMP-NO', column: 'manager_employee_id' },
        ],
      },
      adminId,
      '203.0.113.9',
    );
    await expect(attempt).rejects.toBeInstanceOf(FieldValidationException);
    const error = (await attempt.catch((e: FieldValidationException) => e)) as FieldValidationException;
    expect(error.fieldErrors.map((e) => e.field)).toEqual(['columnNames.0.header', 'columnNames.1.header', 'columnNames.3.header']);
    expect(await formats.current()).toEqual({ dateOrder: 'month-first', columnNames: [], updatedAt: null });
    expect(await audits()).toEqual([]);
  });

  it('without a saved format, an export with its own names is missing columns', async () => {
    const { result } = await dryRun(`${HEADER}\r\nE1,Ana,Diaz,ana@city.example,TES,,,,,3/4/2019,active\r\n`);
    expect(result.problems).toEqual([{ line: 1, column: null, message: expect.stringContaining('the header is missing 2 columns: employee_id, email.') }]);
    expect(result.read).toMatchObject({ encoding: 'UTF-8', dateOrder: 'month-first' });
  });

  it('saves the names and the date order, audited with before and after, and the next import reads the file that way', async () => {
    const saved = await formats.save(
      { dateOrder: 'day-first', columnNames: [{ header: ' Emp No ', column: 'employee_id' }, { header: 'Work Email', column: 'email' }] },
      adminId,
      '203.0.113.9',
    );
    expect(saved).toEqual({ dateOrder: 'day-first', columnNames: [{ header: 'Emp No', column: 'employee_id' }, { header: 'Work Email', column: 'email' }], updatedAt: expect.any(String) });
    expect(await formats.current()).toEqual(saved);
    expect(await audits()).toEqual([
      {
        actor_id: adminId,
        before: { dateOrder: 'month-first', columnNames: [] },
        after: { dateOrder: 'day-first', columnNames: saved.columnNames },
        ip: '203.0.113.9',
      },
    ]);

    const { result } = await dryRun(`${HEADER}\r\nE1,Ana,Diaz,ana@city.example,TES,,,,,3/4/2019,active\r\n`);
    expect(result.problems).toEqual([]);
    expect(result.added).toEqual([{ employeeId: 'E1', name: expect.stringContaining('Ana') }]);
    expect(result.read).toMatchObject({
      dateOrder: 'day-first',
      headerMatches: expect.arrayContaining([
        { column: 'employee_id', header: 'Emp No' },
        { column: 'email', header: 'Work Email' },
      ]),
      dateSamples: [{ line: 2, column: 'hire_date', written: '3/4/2019', read: '2019-04-03' }],
    });
  });

  it('saving again replaces the one row and audits the change from what was saved', async () => {
    await formats.save({ dateOrder: 'month-first', columnNames: [] }, adminId, '203.0.113.9');
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM roster_format`)).toEqual([{ n: 1 }]);
    expect((await audits()).at(-1)).toMatchObject({ before: { dateOrder: 'day-first' }, after: { dateOrder: 'month-first', columnNames: [] } });
  });

  it('its migration goes down, up and down again (and is left up)', async () => {
    const Migration = migrations.find((m) => m.name === 'CreateRosterFormat1797015000000');
    if (!Migration) throw new Error('CreateRosterFormat is not in migrations/index.ts');
    const migration = new Migration();
    const runner = dataSource.createQueryRunner();
    const exists = async () => (await runner.query(`SELECT to_regclass('roster_format') IS NOT NULL AS present`))[0].present;
    try {
      await migration.down(runner);
      expect(await exists()).toBe(false);
      await migration.up(runner);
      expect(await exists()).toBe(true);
      await migration.down(runner);
      await migration.up(runner);
      expect(await exists()).toBe(true);
      expect(await formats.current()).toEqual({ dateOrder: 'month-first', columnNames: [], updatedAt: null });
    } finally {
      await runner.release();
    }
  });
});
