import { AuditService } from '@equip/server/audit';
import { createDataSource } from '@equip/server/database';
import { ConflictError, NotFoundError } from '@equip/server/http';
import { createTestDatabase, TestDatabase, testConfig } from '@equip/server/testing';
import { RosterColumn, type RosterImportMode } from '@equip/shared/contracts';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RosterRepository } from '../roster.repository';
import { RosterService } from '../roster.service';
import { RosterImportRecordRepository, type RosterChangeLine } from './roster-import-record.repository';
import { rosterCsv, rosterFile, rosterPerson, type RosterPerson } from '../testing/roster-rows';

type Person = RosterPerson;

const person = (id: string, more: Partial<Record<RosterColumn, string>> = {}): Person => rosterPerson(id, { job_title: 'Planner', ...more });

const csv = rosterCsv;

const file = rosterFile;

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `S${String(from + i).padStart(3, '0')}`);

/**
 * A city of 100 active staff: S001 and S002 are RASE administrators, S003 leads TES, S004 and S005
 * lead RPCA together, S006 is a viewer. The threshold is the default: the larger of 50 people or 10 %.
 */
describe('Roster imports that cannot hurt the city, against PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let service: RosterService;
  let records: RosterImportRecordRepository;
  const idOf: Record<string, string> = {};
  const everyone = range(1, 100).map((id) => person(id, { department_code: id <= 'S050' ? 'TES' : 'RPCA' }));

  const query = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => dataSource.query(sql, params);
  const active = async () => (await query<{ n: number }>(`SELECT count(*)::int AS n FROM staff WHERE active`))[0].n;
  const run = (
    people: Person[],
    options: { dryRun?: boolean; actor?: string | null; mode?: RosterImportMode; confirm?: number } = {},
  ) => {
    const text = csv(people);
    return service.importRoster(file(text), {
      dryRun: options.dryRun ?? false,
      actorId: options.actor === undefined ? idOf['S001'] : options.actor,
      via: 'upload',
      fileName: 'roster.csv',
      sha256: createHash('sha256').update(text).digest('hex'),
      mode: options.mode,
      confirmDeactivate: options.confirm,
    });
  };
  const lines = async (importId: string) => {
    const all: RosterChangeLine[] = [];
    for await (const batch of records.changeLines(importId)) all.push(...batch);
    return all;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await createDataSource({ databaseUrl: db.url }).initialize();
    records = new RosterImportRecordRepository(dataSource);
    service = new RosterService(dataSource, new RosterRepository(), new AuditService(dataSource), records, testConfig());
    const departments: Record<string, string> = {};
    for (const code of ['TES', 'RPCA']) {
      const id = randomUUID();
      departments[code] = id;
      await query(`INSERT INTO department (id, code, name, path) VALUES ($1, $2, $3, $4)`, [id, code, `Department ${code}`, `/${id}/`]);
    }
    const { result } = await run(everyone, { actor: null });
    expect(result.added).toHaveLength(100);
    for (const r of await query<{ id: string; employee_id: string }>(`SELECT id, employee_id FROM staff`)) idOf[r.employee_id] = r.id;
    await query(
      `INSERT INTO role_grant (staff_id, role, department_id) VALUES
         ($1, 'rase_admin', NULL), ($2, 'rase_admin', NULL), ($3, 'equity_lead', $7), ($4, 'equity_lead', $8), ($5, 'equity_lead', $8), ($6, 'viewer', NULL)`,
      [idOf['S001'], idOf['S002'], idOf['S003'], idOf['S004'], idOf['S005'], idOf['S006'], departments['TES'], departments['RPCA']],
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('refuses a file that leaves out the administrator running it, in the dry run first, and writes nothing', async () => {
    const withoutMe = everyone.filter((p) => p.employee_id !== 'S001');
    const preview = await run(withoutMe, { dryRun: true });
    expect(preview.result.problems).toEqual([
      { line: 0, column: null, message: expect.stringMatching(/^This file leaves you out \(FirstS001 LastS001, employee S001\), so it would deactivate you/) },
    ]);
    const real = await run(withoutMe);
    expect(real.result).toMatchObject({ applied: false, problems: preview.result.problems });
    expect(await active()).toBe(100);
    // Refused, and recorded as such (not audited: nothing changed).
    const record = await records.find(real.result.importId!);
    expect(record).toMatchObject({ status: 'refused', mode: 'full', rows: 99, confirmed: false, undoable: false, problems: preview.result.problems });
  });

  it('refuses a file that lists the administrator as inactive, on their line', async () => {
    const { result } = await run(everyone.map((p) => (p.employee_id === 'S001' ? { ...p, status: 'inactive' } : p)), { dryRun: true });
    expect(result.problems).toEqual([{ line: 2, column: 'status', message: expect.stringContaining('lists you as inactive') }]);
  });

  it('refuses to leave the city without an active RASE administrator, naming each one it would deactivate', async () => {
    // Run by the cli (no actor): both administrators are missing from the file.
    const { result } = await run(
      everyone.filter((p) => !['S001', 'S002'].includes(p.employee_id)),
      { actor: null, dryRun: true },
    );
    const last = "and with them the city's last active RASE administrator; keep at least one.";
    expect(result.problems).toEqual([
      { line: 0, column: null, message: `This import would deactivate FirstS001 LastS001 (employee S001), ${last}` },
      { line: 0, column: null, message: `This import would deactivate FirstS002 LastS002 (employee S002), ${last}` },
    ]);
    // One of the two may go.
    const one = await run(everyone.filter((p) => p.employee_id !== 'S002'), { actor: null, dryRun: true });
    expect(one.result.problems).toEqual([]);
  });

  it('lists the role holders leaving and the departments that would lose their only lead', async () => {
    const { result } = await run(everyone.filter((p) => !['S002', 'S003', 'S004', 'S006'].includes(p.employee_id)), { dryRun: true });
    expect(result.problems).toEqual([]);
    expect(result.leavingRoleHolders).toEqual([
      { staffId: idOf['S002'], employeeId: 'S002', name: 'FirstS002 LastS002', roles: ['rase_admin'] },
      { staffId: idOf['S003'], employeeId: 'S003', name: 'FirstS003 LastS003', roles: ['equity_lead'] },
      { staffId: idOf['S004'], employeeId: 'S004', name: 'FirstS004 LastS004', roles: ['equity_lead'] },
      { staffId: idOf['S006'], employeeId: 'S006', name: 'FirstS006 LastS006', roles: ['viewer'] },
    ]);
    // RPCA keeps S005; TES loses S003, its only lead.
    expect(result.departmentsLosingOnlyLead).toEqual([
      { departmentId: expect.any(String), code: 'TES', name: 'Department TES', leads: [{ staffId: idOf['S003'], name: 'FirstS003 LastS003' }] },
    ]);
  });

  it('needs the number typed back to deactivate more than the threshold, and refuses any other number', async () => {
    const kept = everyone.slice(0, 40); // 60 of 100 leave: more than max(50, 10)
    const preview = await run(kept, { dryRun: true });
    expect(preview.result.confirmation).toEqual({ required: true, deactivate: 60, threshold: 50, confirmed: false });
    expect(preview.result.problems).toEqual([]);

    const unconfirmed = await run(kept);
    expect(unconfirmed.result).toMatchObject({ applied: false, confirmation: { required: true, refused: true } });
    expect(unconfirmed.result.problems).toEqual([{ line: 0, column: null, message: expect.stringContaining('would deactivate 60 people, more than 50; confirm by typing 60') }]);
    const wrong = await run(kept, { confirm: 59 });
    expect(wrong.result.problems).toEqual([{ line: 0, column: null, message: expect.stringContaining('would deactivate 60 people, not 59') }]);
    expect(await active()).toBe(100);

    const confirmed = await run(kept, { confirm: 60 });
    expect(confirmed.result).toMatchObject({ applied: true, confirmation: { required: true, confirmed: true }, problems: [] });
    expect(await active()).toBe(40);
    expect(await records.find(confirmed.result.importId!)).toMatchObject({ status: 'applied', deactivated: 60, confirmed: true, undoable: true });
    const [audit] = await query<{ subject_id: string; after: Record<string, unknown> }>(`SELECT subject_id, after FROM audit_event WHERE action = 'roster.imported' ORDER BY id DESC LIMIT 1`);
    expect(audit).toMatchObject({ subject_id: confirmed.result.importId, after: { deactivated: 60, confirmed: true, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  });

  it('undoes it: previewed first, then everyone it deactivated is back; a second undo is refused', async () => {
    const [latest] = (await records.list(1, 1)).items;
    const preview = await service.undoImport(latest.id, { dryRun: true, actorId: idOf['S001'], via: 'upload' });
    expect(preview.result).toMatchObject({ dryRun: true, applied: false, mode: 'undo', undoes: latest.id, problems: [], deactivated: [], added: [] });
    expect(preview.result.reactivated).toHaveLength(60);
    expect(await active()).toBe(40);

    const undone = await service.undoImport(latest.id, { dryRun: false, actorId: idOf['S001'], via: 'upload' });
    expect(undone.result).toMatchObject({ applied: true, undoes: latest.id });
    expect(await active()).toBe(100);
    const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM staff WHERE deactivated_at IS NOT NULL`);
    expect(n).toBe(0);
    expect(await records.find(latest.id)).toMatchObject({ undoneBy: undone.result.importId, undoable: false });
    expect(await records.find(undone.result.importId!)).toMatchObject({ mode: 'undo', undoes: latest.id, reactivated: 60, sha256: null });
    const audits = await query<{ subject_id: string; after: Record<string, unknown> }>(`SELECT subject_id, after FROM audit_event WHERE action = 'roster.import-undone'`);
    expect(audits).toEqual([{ subject_id: undone.result.importId, after: expect.objectContaining({ undoes: latest.id, reactivated: 60 }) }]);

    await expect(service.undoImport(latest.id, { dryRun: true, actorId: idOf['S001'], via: 'upload' })).rejects.toThrow(new ConflictError('This import was already undone.'));
    await expect(service.undoImport(randomUUID(), { dryRun: true, actorId: idOf['S001'], via: 'upload' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('compares emails without regard to case and surrounding spaces, and writes them lower-cased', async () => {
    const shouting = everyone.map((p) => (p.employee_id === 'S010' ? { ...p, email: ' S010@City.Example ' } : p));
    const { result } = await run(shouting, { dryRun: true });
    expect(result).toMatchObject({ changed: [], unchanged: 100 });
    // A real change writes the address normalized.
    const moved = everyone.map((p) => (p.employee_id === 'S011' ? { ...p, email: 'New.S011@City.Example' } : p));
    const applied = await run(moved);
    expect(applied.result.changed).toEqual([{ employeeId: 'S011', name: 'FirstS011 LastS011', fields: { email: ['s011@city.example', 'new.s011@city.example'] } }]);
    const [{ email }] = await query<{ email: string }>(`SELECT email FROM staff WHERE employee_id = 'S011'`);
    expect(email).toBe('new.s011@city.example');
  });

  it('changes-only: adds and updates the people listed, deactivates only those listed as inactive, and may name managers outside the file', async () => {
    const { result } = await run(
      [person('S101', { manager_employee_id: 'S001' }), person('S012', { job_title: 'Director' }), person('S013', { status: 'inactive' })],
      { mode: 'changes-only' },
    );
    expect(result).toMatchObject({
      applied: true,
      mode: 'changes-only',
      added: [{ employeeId: 'S101' }],
      changed: [{ employeeId: 'S012', fields: { job_title: ['Planner', 'Director'] } }],
      deactivated: [{ employeeId: 'S013', name: 'FirstS013 LastS013' }],
      confirmation: { required: false, deactivate: 1 },
    });
    expect(await active()).toBe(100);
    const [{ manager }] = await query<{ manager: string }>(`SELECT m.employee_id AS manager FROM staff s JOIN staff m ON m.id = s.manager_id WHERE s.employee_id = 'S101'`);
    expect(manager).toBe('S001');
    expect(await lines(result.importId!)).toEqual([
      { line: 2, employeeId: 'S101', name: 'FirstS101 LastS101', change: 'added', field: null, before: null, after: null },
      { line: 3, employeeId: 'S012', name: 'FirstS012 LastS012', change: 'changed', field: 'job_title', before: 'Planner', after: 'Director' },
      { line: 4, employeeId: 'S013', name: 'FirstS013 LastS013', change: 'deactivated', field: null, before: null, after: null },
    ]);
  });

  it('changes-only: refuses a manager chain that loops through people outside the file, and a manager nobody has', async () => {
    // S101 reports to S001 now; making S001 report to S101 closes the loop.
    const loop = await run([person('S001', { manager_employee_id: 'S101' })], { mode: 'changes-only', dryRun: true });
    expect(loop.result.problems).toEqual([
      { line: 2, column: 'manager_employee_id', message: 'the manager chain is a loop once this file is imported: S001 → S101 → S001. Someone in it must report outside it.' },
    ]);
    const nobody = await run([person('S102', { manager_employee_id: 'X999' })], { mode: 'changes-only', dryRun: true });
    expect(nobody.result.problems.map((p) => [p.line, p.column])).toEqual([[2, 'manager_employee_id']]);
  });

  it('refuses to undo an import whose people a later import changed (409), and undoes the later one', async () => {
    const [later, earlier] = (await records.list(1, 2)).items; // changes-only, then the email move
    expect(later.mode).toBe('changes-only');
    const again = await run([person('S012', { job_title: 'Chief' })], { mode: 'changes-only' });
    await expect(service.undoImport(later.id, { dryRun: true, actorId: idOf['S001'], via: 'upload' })).rejects.toThrow(/A later import changed people this one changed \(FirstS012 LastS012\)/);
    // The latest one undoes cleanly, and then the one before it can be undone too.
    await service.undoImport(again.result.importId!, { dryRun: false, actorId: idOf['S001'], via: 'upload' });
    expect((await query<{ job_title: string }>(`SELECT job_title FROM staff WHERE employee_id = 'S012'`))[0].job_title).toBe('Director');
    const preview = await service.undoImport(later.id, { dryRun: true, actorId: idOf['S001'], via: 'upload' });
    expect(preview.result).toMatchObject({
      problems: [],
      deactivated: [{ employeeId: 'S101' }],
      reactivated: [{ employeeId: 'S013' }],
      changed: [{ employeeId: 'S012', fields: { job_title: ['Director', 'Planner'] } }],
    });
    expect(earlier.mode).toBe('full');
  });

  it('refuses to undo when someone was edited since by other means (409), naming them', async () => {
    const { result } = await run([person('S014', { job_title: 'Analyst' })], { mode: 'changes-only' });
    await query(`UPDATE staff SET job_title = 'Edited by hand' WHERE employee_id = 'S014'`);
    await expect(service.undoImport(result.importId!, { dryRun: true, actorId: idOf['S001'], via: 'upload' })).rejects.toThrow(
      /People this import changed have been changed since \(FirstS014 LastS014\)/,
    );
  });

  it('an undo that would deactivate the administrator running it is refused like an import', async () => {
    // S201 is added, made an administrator, and undoing the import that added them would deactivate them.
    const { result } = await run([person('S201')], { mode: 'changes-only' });
    const [{ id }] = await query<{ id: string }>(`SELECT id FROM staff WHERE employee_id = 'S201'`);
    await query(`INSERT INTO role_grant (staff_id, role) VALUES ($1, 'rase_admin')`, [id]);
    const undo = await service.undoImport(result.importId!, { dryRun: true, actorId: id, via: 'upload' });
    expect(undo.result.problems).toEqual([
      { line: 0, column: null, message: 'Undoing this import would deactivate you (FirstS201 LastS201, employee S201); an undo never deactivates the administrator running it.' },
    ]);
  });

  it('lists imports newest first, with who ran them', async () => {
    const page = await records.list(1, 100);
    expect(page.total).toBe(page.items.length);
    expect(page.items.map((i) => i.at)).toEqual([...page.items.map((i) => i.at)].sort().reverse());
    expect(page.items[0]).toMatchObject({ actor: { id: idOf['S001'], name: 'FirstS001 LastS001' }, via: 'upload', fileName: 'roster.csv' });
    expect(page.items.at(-1)).toMatchObject({ actor: null, added: 100, status: 'applied' });
  });
});
