import { AuditService } from '@equip/server/audit';
import { createDataSource } from '@equip/server/database';
import { ConflictError } from '@equip/server/http';
import { createTestDatabase, TestDatabase, testConfig } from '@equip/server/testing';
import { ROSTER_COLUMNS, RosterColumn } from '@equip/shared/contracts';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { RosterImportRecordRepository } from './imports/roster-import-record.repository';
import { RosterRepository } from './roster.repository';
import { RosterService } from './roster.service';
import { rosterCsv, rosterFile, rosterPerson, type RosterPerson } from './testing/roster-rows';

type Person = RosterPerson;

const person = (id: string, more: Partial<Record<RosterColumn, string>> = {}): Person => rosterPerson(id, { job_title: 'Planner', job_class: 'Professional', work_location: 'City Hall', manager_employee_id: '', hire_date: '2020-01-15', ...more });

const csv = rosterCsv;

const file = rosterFile;

describe('RosterService against PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let service: RosterService;

  const query = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => dataSource.query(sql, params);
  const snapshot = () =>
    query<{ employee_id: string; active: boolean; updated_at: Date; email: string; manager: string | null; department: string }>(
      `SELECT s.employee_id, s.active, s.updated_at, s.email, m.employee_id AS manager, d.code AS department
         FROM staff s JOIN department d ON d.id = s.department_id LEFT JOIN staff m ON m.id = s.manager_id
        ORDER BY s.employee_id`,
    );
  const audits = () => query<{ actor_id: string | null; after: Record<string, unknown> }>(`SELECT actor_id, after FROM audit_event WHERE action = 'roster.imported' ORDER BY id`);
  const run = (people: Person[] | string, dryRun = false, actorId: string | null = null) =>
    service.importRoster(file(typeof people === 'string' ? people : csv(people)), { dryRun, actorId, via: 'cli', fileName: 'roster.csv', sha256: 'ab'.repeat(32) });

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await createDataSource({ databaseUrl: db.url }).initialize();
    service = new RosterService(dataSource, new RosterRepository(), new AuditService(dataSource), new RosterImportRecordRepository(dataSource), testConfig());
    for (const code of ['TES', 'RPCA', 'CMO']) {
      const id = randomUUID();
      await query(`INSERT INTO department (id, code, name, path) VALUES ($1, $2, $3, $4)`, [id, code, `Department ${code}`, `/${id}/`]);
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  // The tests build on each other, like successive nightly feeds of one city.
  const first = [person('A1'), person('A2', { manager_employee_id: 'A1' }), person('A3', { manager_employee_id: 'A2' }), person('A4', { manager_employee_id: 'A1' }), person('A5', { status: 'inactive' })];

  it('adds everyone on a first import, links managers in the same merge, and audits it', async () => {
    const { result, staffToReevaluate } = await run(first);
    expect(result).toMatchObject({ dryRun: false, applied: true, rows: 5, problems: [], changed: [], deactivated: [], reactivated: [], unchanged: 0 });
    expect(result.added).toEqual(first.map((p) => ({ employeeId: p.employee_id, name: `${p.first_name} ${p.last_name}` })));
    expect(staffToReevaluate).toHaveLength(5);

    const staff = await snapshot();
    expect(staff.map((s) => [s.employee_id, s.manager, s.active])).toEqual([
      ['A1', null, true],
      ['A2', 'A1', true],
      ['A3', 'A2', true],
      ['A4', 'A1', true],
      ['A5', null, false],
    ]);
    const [{ deactivated_at }] = await query<{ deactivated_at: Date | null }>(`SELECT deactivated_at FROM staff WHERE employee_id = 'A5'`);
    expect(deactivated_at).toBeInstanceOf(Date);
    expect(await audits()).toEqual([
      {
        actor_id: null,
        after: { via: 'cli', mode: 'full', file: 'roster.csv', sha256: 'ab'.repeat(32), rows: 5, added: 5, changed: 0, deactivated: 0, reactivated: 0, unchanged: 0, confirmed: false },
      },
    ]);
  });

  it('invites the active staff it added in the same transaction: one outbox row each, no token', async () => {
    const invited = await query<{ employee_id: string; payload: Record<string, unknown> }>(
      `SELECT s.employee_id, o.payload FROM outbox o JOIN staff s ON s.id = (o.payload->>'staffId')::uuid WHERE o.event = 'staff.invited' ORDER BY o.id`,
    );
    expect(invited.map((r) => r.employee_id)).toEqual(['A1', 'A2', 'A3', 'A4']);
    expect(Object.keys(invited[0].payload)).toEqual(['staffId']);
    const [audit] = await query<{ after: Record<string, unknown> }>(`SELECT after FROM audit_event WHERE action = 'staff.invited'`);
    expect(audit.after).toMatchObject({ invited: 4, via: 'roster' });
  });

  it('changes nothing when the same file is imported again, not even updated_at', async () => {
    const before = await snapshot();
    const { result, staffToReevaluate } = await run(first);
    expect(result).toMatchObject({ applied: true, added: [], changed: [], deactivated: [], reactivated: [], unchanged: 5 });
    expect(staffToReevaluate).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  const second = [
    person('A1', { job_title: 'Director', department_code: 'CMO' }),
    person('A2', { manager_employee_id: 'A1', last_name: 'Nguyễn', hire_date: '2021-03-01' }),
    // A3 is missing: deactivated
    person('A4', { manager_employee_id: 'A2', status: 'inactive' }),
    person('A5', { manager_employee_id: 'A1' }),
    person('A6', { manager_employee_id: 'A1', first_name: 'Zoë', last_name: "O'Brien" }),
  ];
  const expectedSecond = {
    rows: 5,
    problems: [],
    added: [{ employeeId: 'A6', name: "Zoë O'Brien" }],
    changed: [
      { employeeId: 'A1', name: 'FirstA1 LastA1', fields: { department_code: ['TES', 'CMO'], job_title: ['Planner', 'Director'] } },
      { employeeId: 'A2', name: 'FirstA2 Nguyễn', fields: { last_name: ['LastA2', 'Nguyễn'], hire_date: ['2020-01-15', '2021-03-01'] } },
      { employeeId: 'A4', name: 'FirstA4 LastA4', fields: { manager_employee_id: ['A1', 'A2'] } },
      { employeeId: 'A5', name: 'FirstA5 LastA5', fields: { manager_employee_id: [null, 'A1'] } },
    ],
    deactivated: [
      { employeeId: 'A4', name: 'FirstA4 LastA4' },
      { employeeId: 'A3', name: 'FirstA3 LastA3' },
    ],
    reactivated: [{ employeeId: 'A5', name: 'FirstA5 LastA5' }],
    unchanged: 0,
    mode: 'full',
    leavingRoleHolders: [],
    departmentsLosingOnlyLead: [],
    confirmation: { required: false, deactivate: 2, threshold: 50, confirmed: false },
  };

  // What the reader assumed about these files (file/roster-fixtures.spec.ts checks it in full).
  const readPlainCsv = { read: expect.objectContaining({ encoding: 'UTF-8', separator: 'comma', lineEnds: 'CRLF' }), warnings: [] };

  it('shows exactly what would change in a dry run, and writes nothing', async () => {
    const before = await snapshot();
    const { result } = await run(second, true);
    expect(result).toEqual({ dryRun: true, applied: false, ...expectedSecond, ...readPlainCsv });
    expect(await snapshot()).toEqual(before);
    expect(await audits()).toHaveLength(2);
  });

  it('then does exactly that: adds, changes field by field, deactivates, reactivates; nobody is deleted', async () => {
    const before = new Map((await snapshot()).map((s) => [s.employee_id, s]));
    const { result, staffToReevaluate } = await run(second, false, null);
    expect(result).toEqual({ dryRun: false, applied: true, ...expectedSecond, importId: expect.any(String), invitations: { invited: 1, notSent: 0 }, ...readPlainCsv });

    const after = await snapshot();
    expect(after.map((s) => [s.employee_id, s.active, s.manager, s.department])).toEqual([
      ['A1', true, null, 'CMO'],
      ['A2', true, 'A1', 'TES'],
      ['A3', false, 'A2', 'TES'],
      ['A4', false, 'A2', 'TES'],
      ['A5', true, 'A1', 'TES'],
      ['A6', true, 'A1', 'TES'],
    ]);
    const rows = await query<{ employee_id: string; deactivated_at: Date | null; updated_at: Date }>(`SELECT employee_id, deactivated_at, updated_at FROM staff ORDER BY employee_id`);
    const at = Object.fromEntries(rows.map((r) => [r.employee_id, r]));
    expect(at['A3'].deactivated_at).toBeInstanceOf(Date);
    expect(at['A4'].deactivated_at).toBeInstanceOf(Date);
    expect(at['A5'].deactivated_at).toBeNull();
    // every row that changed was touched; A2 changed too (name, hire date)
    for (const id of ['A1', 'A2', 'A3', 'A4', 'A5']) expect(at[id].updated_at.getTime()).toBeGreaterThan(before.get(id)!.updated_at.getTime());

    const ids = await query<{ id: string; employee_id: string }>(`SELECT id, employee_id FROM staff`);
    const idOf = Object.fromEntries(ids.map((r) => [r.employee_id, r.id]));
    // Moved or re-classed (A1), status changed (A3, A4, A5), new (A6); A2's name and hire date do not matter to cohorts.
    expect(new Set(staffToReevaluate)).toEqual(new Set(['A1', 'A3', 'A4', 'A5', 'A6'].map((e) => idOf[e])));
    expect((await audits()).at(-1)).toEqual({
      actor_id: null,
      after: { via: 'cli', mode: 'full', file: 'roster.csv', sha256: 'ab'.repeat(32), rows: 5, added: 1, changed: 4, deactivated: 2, reactivated: 1, unchanged: 0, confirmed: false },
    });
  });

  it('reactivates someone who comes back, and records the admin who imported', async () => {
    const [{ id: adminId }] = await query<{ id: string }>(`SELECT id FROM staff WHERE employee_id = 'A1'`);
    const { result } = await run([...second, person('A3', { manager_employee_id: 'A2' })], false, adminId);
    expect(result).toMatchObject({ added: [], changed: [], deactivated: [], reactivated: [{ employeeId: 'A3', name: 'FirstA3 LastA3' }], unchanged: 5 });
    const [row] = await query<{ active: boolean; deactivated_at: Date | null }>(`SELECT active, deactivated_at FROM staff WHERE employee_id = 'A3'`);
    expect(row).toEqual({ active: true, deactivated_at: null });
    expect((await audits()).at(-1)!.actor_id).toBe(adminId);
  });

  it('writes nothing when the file has any problem, and lists each one', async () => {
    const before = await snapshot();
    const auditCount = (await audits()).length;
    const bad = [...second, person('A3', { manager_employee_id: 'A2' }), person('A7', { department_code: 'NOPE', hire_date: '2026-02-30' }), person('A8', { email: 'A1@CITY.example' })];
    const { result } = await run(bad);
    expect(result).toMatchObject({ dryRun: false, applied: false, rows: 8, added: [], changed: [], deactivated: [], reactivated: [], unchanged: 0 });
    expect(result.problems.map((p) => [p.line, p.column])).toEqual([
      [8, 'department_code'],
      [8, 'hire_date'],
      [9, 'email'],
    ]);
    expect(await snapshot()).toEqual(before);
    expect(await audits()).toHaveLength(auditCount);
  });

  it('reports an email that belongs to someone missing from the file, instead of failing on the unique index', async () => {
    const before = await snapshot();
    // A3 is missing from this file (so would be deactivated) but keeps a3@city.example; A7 may not take it.
    const { result } = await run([...second, person('A7', { email: 'A3@City.Example' })]);
    expect(result.applied).toBe(false);
    expect(result.problems).toEqual([
      {
        line: 7,
        column: 'email',
        message: 'A3@City.Example belongs to FirstA3 LastA3 (employee A3), who is not in this roster and would be deactivated; they keep their address, so it cannot go to someone else.',
      },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('lets addresses move and swap between people in the same file', async () => {
    const roster = [...second, person('A3', { manager_employee_id: 'A2' })];
    const swapped = roster.map((p) =>
      p.employee_id === 'A5' ? { ...p, email: 'a6@city.example' } : p.employee_id === 'A6' ? { ...p, email: 'a5@city.example' } : p,
    );
    const { result } = await run(swapped);
    expect(result.changed).toEqual([
      { employeeId: 'A5', name: 'FirstA5 LastA5', fields: { email: ['a5@city.example', 'a6@city.example'] } },
      { employeeId: 'A6', name: "Zoë O'Brien", fields: { email: ['a6@city.example', 'a5@city.example'] } },
    ]);
    const emails = Object.fromEntries((await snapshot()).map((s) => [s.employee_id, s.email]));
    expect([emails['A5'], emails['A6']]).toEqual(['a6@city.example', 'a5@city.example']);
  });

  it('refuses a second import while one is running, but lets a dry run through', async () => {
    const other = new Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query(`SELECT pg_advisory_lock(hashtext('equip.roster-import'))`);
      await expect(run(first)).rejects.toBeInstanceOf(ConflictError);
      await expect(run(first, true)).resolves.toMatchObject({ result: { dryRun: true, applied: false } });
    } finally {
      await other.end();
    }
  });

  it('reports a structural problem without running the database checks', async () => {
    const { result } = await run(`${ROSTER_COLUMNS.join(',')}\nA1,"Ana,Diaz,a1@city.example,TES,,,,,,active\n`);
    expect(result.problems).toEqual([{ line: 2, column: null, message: expect.stringContaining('never closed') }]);
  });
});
