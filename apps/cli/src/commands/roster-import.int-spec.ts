import { createTestDatabase, TestDatabase, testConfig } from '@equip/server/testing';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { rosterImport } from './roster-import';

const HEADER = 'employee_id,first_name,last_name,email,department_code,job_title,job_class,work_location,manager_employee_id,hire_date,status';

describe('roster-import against PostgreSQL', () => {
  let db: TestDatabase;
  let client: Client;
  const dir = mkdtempSync(join(tmpdir(), 'equip-roster-cli-'));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
    const id = randomUUID();
    await client.query(`INSERT INTO department (id, code, name, path) VALUES ($1, 'TES', 'Transportation', $2)`, [id, `/${id}/`]);
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  beforeEach(() => {
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => jest.restoreAllMocks());

  const staffCount = async () => Number((await client.query('SELECT count(*) FROM staff')).rows[0].count);

  it('previews with --dry-run, then imports; the audit event has no actor', async () => {
    const file = write('roster.csv', `${HEADER}\nE1,Ana,Diaz,ana@city.example,TES,,,,,2020-01-01,active\nE2,Zoë,O'Brien,zoe@city.example,TES,,,,E1,,active\n`);
    const config = testConfig({ databaseUrl: db.url });

    expect(await rosterImport(config, [file, '--dry-run'])).toBe(0);
    expect(await staffCount()).toBe(0);

    expect(await rosterImport(config, [file])).toBe(0);
    expect(await staffCount()).toBe(2);
    const audit = await client.query(`SELECT actor_id, after FROM audit_event WHERE action = 'roster.imported'`);
    expect(audit.rows).toEqual([{ actor_id: null, after: expect.objectContaining({ via: 'cli', file: 'roster.csv', added: 2 }) }]);
    // The people it added are invited through the outbox (the worker mails them), as from the upload page.
    const invited = await client.query(`SELECT s.email FROM outbox o JOIN staff s ON s.id = (o.payload->>'staffId')::uuid WHERE o.event = 'staff.invited' ORDER BY o.id`);
    expect(invited.rows.map((r) => r.email)).toEqual(['ana@city.example', 'zoe@city.example']);
    expect((process.stdout.write as jest.Mock).mock.calls.join('')).toContain('Invited 2 people to set a password');
  });

  it('changes-only adds without deactivating; a large deactivation needs --confirm-deactivate with its number', async () => {
    const base = testConfig({ databaseUrl: db.url });
    const config = { ...base, roster: { ...base.roster, confirmAbove: 1, confirmAbovePercent: 0 } };
    const added = write('added.csv', `${HEADER}\nE3,Kim,Park,KIM@City.Example,TES,,,,E1,,active\n`);
    expect(await rosterImport(config, [added, '--changes-only'])).toBe(0);
    expect((await client.query(`SELECT count(*)::int AS n FROM staff WHERE active`)).rows[0].n).toBe(3);
    expect((await client.query(`SELECT email FROM staff WHERE employee_id = 'E3'`)).rows[0].email).toBe('kim@city.example');

    // As a full roster, this one deactivates E1 and E2: more than the threshold of 1.
    const full = write('full.csv', `${HEADER}\nE3,Kim,Park,kim@city.example,TES,,,,,,active\n`);
    expect(await rosterImport(config, [full])).toBe(1);
    expect(await rosterImport(config, [full, '--confirm-deactivate', '3'])).toBe(1);
    expect((await client.query(`SELECT count(*)::int AS n FROM staff WHERE active`)).rows[0].n).toBe(3);
    expect(await rosterImport(config, [full, '--confirm-deactivate=2'])).toBe(0);
    expect((await client.query(`SELECT count(*)::int AS n FROM staff WHERE active`)).rows[0].n).toBe(1);
    const records = await client.query(`SELECT mode, status, confirmed, file_sha256 FROM roster_import ORDER BY at`);
    expect(records.rows.map((r) => [r.mode, r.status, r.confirmed])).toEqual([
      ['full', 'applied', false],
      ['changes-only', 'applied', false],
      ['full', 'refused', false],
      ['full', 'refused', false],
      ['full', 'applied', true],
    ]);
    expect(records.rows[4].file_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('exits 1 and writes nothing when the file has problems', async () => {
    const file = write('bad.csv', `${HEADER}\nE1,Ana,Diaz,ana@city.example,NOPE,,,,,,active\n`);
    const err = jest.spyOn(process.stderr, 'write');
    expect(await rosterImport(testConfig({ databaseUrl: db.url }), [file])).toBe(1);
    expect(err.mock.calls.join('')).toContain('line 2, department_code: NOPE is not a department');
    expect(await staffCount()).toBe(3);
  });
});
