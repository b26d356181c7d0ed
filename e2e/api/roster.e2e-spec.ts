import type { Page, Problem, RosterFileFormatView, RosterImportRecord, RosterImportResult } from '@equip/shared/contracts';
import { encode } from 'iconv-lite';
import { createHmac } from 'node:crypto';
import { Client } from 'pg';
import { e2e } from '../support/environment';
import { Session } from '../support/http';
import { currentRosterLines, ROSTER_HEADER } from '../support/roster';

/**
 * The roster upload on the running api. Only dry runs: a real import of anything but the demo
 * city's full roster would deactivate the people the other journeys sign in as.
 */
const BAD = [
  ROSTER_HEADER,
  'E2E-1,Zoë,Nguyễn,zoe.e2e@city.example,RASE,Analyst,Professional,City Hall,,2024-02-29,active',
  'E2E-2,Marcus,O\'Brien,not-an-email,TES,,,,E2E-1,,active',
  'E2E-3,Ana,Diaz,ana.e2e@city.example,NOPE,,,,,2026-02-30,active',
  'E2E-1,Bo,Lee,bo.e2e@city.example,TES,,,,,,sometimes',
  'E2E-4,Kim,Park,kim.e2e@city.example,TES,,,,E2E-9,,active',
].join('\r\n');

const GOOD = [
  ROSTER_HEADER,
  'E2E-1,Zoë,Nguyễn,zoe.e2e@city.example,RASE,Analyst,Professional,"1 Main St, Suite 4",,2024-02-29,active',
  "E2E-2,Marcus,O'Brien,marcus.e2e@city.example,tes,,,,E2E-1,,active",
].join('\n');

type Answer = Problem & RosterImportResult;
const json = async (res: Response) => (await res.json()) as Answer;

/** The session's cookies, CSRF header included when the api hands out a token. */
async function credentials(session: Session): Promise<Record<string, string>> {
  if (!session.cookie('XSRF-TOKEN')) await session.get('/api/auth/csrf');
  const cookies = ['equip_access', 'XSRF-TOKEN'].flatMap((name) => (session.cookie(name) ? [`${name}=${session.cookie(name)}`] : []));
  const csrf = session.cookie('XSRF-TOKEN');
  return { ...(cookies.length > 0 ? { cookie: cookies.join('; ') } : {}), ...(csrf ? { 'x-xsrf-token': csrf } : {}) };
}

async function upload(session: Session, csv: string | Uint8Array | undefined, query = '?dryRun=true', type = 'text/csv'): Promise<Response> {
  const form = new FormData();
  if (csv !== undefined) form.append('file', new Blob([typeof csv === 'string' ? csv : new Uint8Array(csv)], { type }), 'roster.csv');
  return fetch(`${e2e().baseUrl}/api/roster/imports${query}`, { method: 'POST', body: form, headers: await credentials(session) });
}

/**
 * Signs in a demo login. The auth journey deliberately locks lead@equip.demo for a quarter of an
 * hour; when it has, the session is made the way the api makes it (a signed access token), since
 * what is tested here is the role, not the password.
 */
async function signedIn(email: string): Promise<Session> {
  const session = new Session();
  const res = await session.signIn(email);
  if (res.status === 429) {
    const client = new Client({ connectionString: e2e().databaseUrl });
    await client.connect();
    const { rows } = await client.query('SELECT id FROM staff WHERE email = $1', [email]).finally(() => client.end());
    session.setCookie('equip_access', accessToken(rows[0].id));
  } else {
    expect(res.status).toBe(200);
  }
  return session;
}

function accessToken(staffId: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: staffId, iat: now, exp: now + 600 })}`;
  return `${unsigned}.${createHmac('sha256', e2e().jwtSecret).update(unsigned).digest('base64url')}`;
}

describe('roster import api', () => {
  let admin: Session;

  beforeAll(async () => {
    admin = await signedIn('admin@equip.demo');
  });

  const activeStaff = async () => {
    const client = new Client({ connectionString: e2e().databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT count(*)::int AS active, max(updated_at) AS touched FROM staff WHERE active`);
      return rows[0];
    } finally {
      await client.end();
    }
  };

  it('lists every problem of a bad file by line and column (422), and writes nothing', async () => {
    const before = await activeStaff();
    const res = await upload(admin, BAD);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = await json(res);
    expect(body).toMatchObject({ status: 422, dryRun: true, applied: false, rows: 5, added: [], deactivated: [] });
    expect(body.problems.map((p) => [p.line, p.column])).toEqual([
      [3, 'email'],
      [4, 'department_code'],
      [4, 'hire_date'],
      [5, 'employee_id'],
      [5, 'status'],
      [6, 'manager_employee_id'],
    ]);
    expect(body.problems[3].message).toBe('E2E-1 is already on line 2; each employee must appear once.');
    expect(body.errors![0]).toEqual({ field: 'line 3, email', message: '"not-an-email" is not an email address.' });
    expect(await activeStaff()).toEqual(before);
  });

  it('previews a valid file: as a full roster it would add two people and deactivate everyone else, the administrator too, so it is refused (422)', async () => {
    const before = await activeStaff();
    const res = await upload(admin, GOOD);
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body).toMatchObject({
      dryRun: true,
      applied: false,
      rows: 2,
      added: [
        { employeeId: 'E2E-1', name: 'Zoë Nguyễn' },
        { employeeId: 'E2E-2', name: "Marcus O'Brien" },
      ],
      changed: [],
      reactivated: [],
      unchanged: 0,
      mode: 'full',
    });
    expect(body.deactivated).toHaveLength(before.active);
    expect(body.errors).toEqual([{ field: 'file', message: expect.stringMatching(/^This file leaves you out \(.+\), so it would deactivate you/) }]);
    expect(await activeStaff()).toEqual(before);
  });

  it('names the field when the file is missing or not CSV, and dryRun when it is missing', async () => {
    const missing = await upload(admin, undefined);
    expect(missing.status).toBe(400);
    expect((await json(missing)).errors).toEqual([{ field: 'file', message: expect.stringContaining('file is required') }]);

    const image = await upload(admin, 'GIF89a', '?dryRun=true', 'image/gif');
    expect(image.status).toBe(400);
    expect((await json(image)).errors![0].field).toBe('file');

    const noDryRun = await upload(admin, GOOD, '');
    expect(noDryRun.status).toBe(400);
    expect((await json(noDryRun)).errors).toEqual([{ field: 'dryRun', message: 'dryRun must be true or false' }]);
  });

  it.each(['lead@equip.demo', 'viewer@equip.demo', 'learner@equip.demo'])('refuses %s (403)', async (email) => {
    const res = await upload(await signedIn(email), GOOD);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses an anonymous upload (401)', async () => {
    const res = await upload(new Session(), GOOD);
    expect(res.status).toBe(401);
  });

  it('documents the route as a multipart upload', async () => {
    const doc = (await (await fetch(`${e2e().baseUrl}/api/docs/openapi.json`)).json()) as any;
    const operation = doc.paths['/api/roster/imports'].post;
    expect(operation.tags).toEqual(['roster']);
    expect(Object.keys(operation.requestBody.content)).toEqual(['multipart/form-data']);
  });
});

describe('roster imports that cannot hurt the city', () => {
  let admin: Session;
  const db = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: e2e().databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  };
  const activeCount = async () => (await db<{ n: number }>(`SELECT count(*)::int AS n FROM staff WHERE active`))[0].n;
  const post = async (path: string) => fetch(`${e2e().baseUrl}${path}`, { method: 'POST', headers: await credentials(admin) });
  const get = async (path: string) => fetch(`${e2e().baseUrl}${path}`, { headers: await credentials(admin) });

  beforeAll(async () => {
    admin = await signedIn('admin@equip.demo');
  });

  it('needs the number typed back to deactivate 30 % of staff, refuses any other number, and writes nothing', async () => {
    // The whole roster as it is, less 30 % of the active staff, among those who hold no role, have no account and manage nobody.
    const active = await activeCount();
    const leaving = await db<{ employee_id: string }>(
      `SELECT employee_id FROM staff s
        WHERE active AND NOT EXISTS (SELECT 1 FROM role_grant g WHERE g.staff_id = s.id) AND NOT EXISTS (SELECT 1 FROM account a WHERE a.staff_id = s.id)
          AND NOT EXISTS (SELECT 1 FROM staff r WHERE r.manager_id = s.id)
        ORDER BY employee_id LIMIT $1`,
      [Math.round(active * 0.3)],
    );
    const out = new Set(leaving.map((l) => l.employee_id));
    const roster = [ROSTER_HEADER, ...(await currentRosterLines()).filter((line) => !out.has(line.split(',')[0]))].join('\r\n');

    const preview = await json(await upload(admin, roster));
    expect(preview.problems).toEqual([]);
    expect(preview.confirmation).toMatchObject({ required: true, deactivate: out.size, confirmed: false });
    expect(preview.confirmation!.threshold).toBeLessThan(out.size);

    const unconfirmed = await upload(admin, roster, '?dryRun=false');
    expect(unconfirmed.status).toBe(422);
    const body = await json(unconfirmed);
    expect(body.errors).toEqual([{ field: 'confirmDeactivate', message: expect.stringContaining(`confirm by typing ${out.size}`) }]);
    const wrong = await upload(admin, roster, `?dryRun=false&confirmDeactivate=${out.size - 1}`);
    expect(wrong.status).toBe(422);
    expect((await json(wrong)).errors![0].message).toContain(`would deactivate ${out.size} people, not ${out.size - 1}`);
    expect(await activeCount()).toBe(active);

    // Both refusals are recorded, with the file's sha256.
    const list = (await (await get('/api/roster/imports?pageSize=2')).json()) as Page<RosterImportRecord>;
    expect(list.items.map((i) => [i.status, i.confirmed, i.deactivated])).toEqual([
      ['refused', false, out.size],
      ['refused', false, out.size],
    ]);
    expect(list.items[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('imports changes only, lists the import with its change list as CSV, and undoes it (previewed first, once)', async () => {
    const before = await activeCount();
    const file = [ROSTER_HEADER, 'E2E-SAFE-1,Amara,Okafor,Amara.Okafor.E2E@City.Example,TES,Analyst,,,,,active'].join('\n');
    const res = await upload(admin, file, '?dryRun=false&mode=changes-only');
    expect(res.status).toBe(200);
    const imported = await json(res);
    expect(imported).toMatchObject({ applied: true, mode: 'changes-only', added: [{ employeeId: 'E2E-SAFE-1' }], deactivated: [] });
    expect(await activeCount()).toBe(before + 1);
    expect((await db<{ email: string }>(`SELECT email FROM staff WHERE employee_id = 'E2E-SAFE-1'`))[0].email).toBe('amara.okafor.e2e@city.example');

    const record = (await (await get(`/api/roster/imports/${imported.importId}`)).json()) as RosterImportRecord;
    expect(record).toMatchObject({ mode: 'changes-only', status: 'applied', added: 1, actor: { name: expect.any(String) }, fileName: 'roster.csv', undoable: true });

    const csv = await get(`/api/roster/imports/${imported.importId}/changes.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toBe('line,employee_id,name,change,field,before,after\r\n2,E2E-SAFE-1,Amara Okafor,added,,,\r\n');

    const preview = await post(`/api/roster/imports/${imported.importId}/undo?dryRun=true`);
    expect(preview.status).toBe(200);
    expect(await json(preview)).toMatchObject({ dryRun: true, mode: 'undo', undoes: imported.importId, deactivated: [{ employeeId: 'E2E-SAFE-1' }] });
    expect(await activeCount()).toBe(before + 1);

    const undone = await post(`/api/roster/imports/${imported.importId}/undo?dryRun=false`);
    expect(undone.status).toBe(200);
    expect(await activeCount()).toBe(before);
    const audit = await db<{ subject_id: string }>(`SELECT subject_id FROM audit_event WHERE action = 'roster.import-undone' ORDER BY id DESC LIMIT 1`);
    expect(audit[0].subject_id).toBe((await json(undone)).importId);

    const again = await post(`/api/roster/imports/${imported.importId}/undo?dryRun=true`);
    expect(again.status).toBe(409);
    expect((await json(again)).detail).toBe('This import was already undone.');
  });

  it('names the field for a bad mode, confirmDeactivate or undo dryRun, and answers 404 for an import nobody has', async () => {
    const mode = await upload(admin, GOOD, '?dryRun=true&mode=everything');
    expect(mode.status).toBe(400);
    expect((await json(mode)).errors).toEqual([{ field: 'mode', message: 'mode must be full or changes-only' }]);
    const confirm = await upload(admin, GOOD, '?dryRun=false&confirmDeactivate=lots');
    expect(confirm.status).toBe(400);
    expect((await json(confirm)).errors).toEqual([{ field: 'confirmDeactivate', message: 'confirmDeactivate must be a whole number' }]);
    const undo = await post(`/api/roster/imports/00000000-0000-4000-8000-000000000000/undo?dryRun=maybe`);
    expect(undo.status).toBe(400);
    expect((await json(undo)).errors).toEqual([{ field: 'dryRun', message: 'dryRun must be true or false' }]);
    expect((await get('/api/roster/imports/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await get('/api/roster/imports/not-an-id/changes.csv')).status).toBe(404);
  });
});

/** The header as people write it, which the import matches without regard to case, spaces and punctuation. */
const HUMAN_HEADER = 'Employee ID,First Name,Last Name,Email,Department Code,Job Title,Job Class,Work Location,Manager Employee ID,Hire Date,Status';
/** A dry run of a few people that leaves everyone else as they are (as a full roster it would deactivate the city). */
const CHANGES_ONLY_PREVIEW = '?dryRun=true&mode=changes-only';

describe('roster files as spreadsheets and HR systems write them', () => {
  let admin: Session;

  beforeAll(async () => {
    admin = await signedIn('admin@equip.demo');
  });

  async function putFormat(session: Session, body: unknown): Promise<Response> {
    return fetch(`${e2e().baseUrl}/api/roster/format`, {
      method: 'PUT',
      body: JSON.stringify(body),
      headers: { ...(await credentials(session)), 'content-type': 'application/json' },
    });
  }

  async function getFormat(session: Session): Promise<Response> {
    return fetch(`${e2e().baseUrl}/api/roster/format`, { headers: await credentials(session) });
  }

  it('reads Excel\'s plain "CSV" (Windows-1252) with a human header and Excel serial dates, and says what it read', async () => {
    const file = encode(
      [HUMAN_HEADER, 'E2E-1,Zoë,Nguyen,zoe.e2e@city.example,RASE,Analyst,Professional,"1 Main St, Suite 4",,43528,active', 'E2E-2,José,O’Brien,jose.e2e@city.example,TES,,,,E2E-1,3/4/2019 0:00,active', ''].join('\r\n'),
      'windows-1252',
    );
    const res = await upload(admin, file, CHANGES_ONLY_PREVIEW, 'application/vnd.ms-excel');
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.added).toEqual([
      { employeeId: 'E2E-1', name: 'Zoë Nguyen' },
      { employeeId: 'E2E-2', name: 'José O’Brien' },
    ]);
    expect(body.read).toMatchObject({ encoding: 'Windows-1252', byteOrderMark: false, separator: 'comma', lineEnds: 'CRLF', dateOrder: 'month-first', ignoredColumns: [] });
    expect(body.read!.headerMatches[0]).toEqual({ column: 'employee_id', header: 'Employee ID' });
    expect(body.read!.dateSamples).toEqual([
      { line: 2, column: 'hire_date', written: '43528', read: '2019-03-04' },
      { line: 3, column: 'hire_date', written: '3/4/2019 0:00', read: '2019-03-04' },
    ]);
    expect(body.warnings).toEqual([]);
  });

  it('reads Excel\'s "Unicode text" (UTF-16LE, tabs) and lists extra columns as a warning, not a problem', async () => {
    const file = encode(`${HUMAN_HEADER.replace(/,/g, '\t')}\tBadge\r\nE2E-1\tZoë\tNguyễn\tzoe.e2e@city.example\tRASE\t\t\t\t\t\tactive\t42\r\n`, 'utf16le', { addBOM: true });
    const res = await upload(admin, file, CHANGES_ONLY_PREVIEW, 'text/plain');
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.added).toEqual([{ employeeId: 'E2E-1', name: 'Zoë Nguyễn' }]);
    expect(body.read).toMatchObject({ encoding: 'UTF-16LE', byteOrderMark: true, separator: 'tab', ignoredColumns: ['Badge'] });
    expect(body.warnings).toEqual([{ line: 1, message: '1 column is not on the roster and was ignored: Badge.' }]);
  });

  it('refuses a workbook and a PDF with a 400 naming file that says to save it as CSV', async () => {
    for (const bytes of [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), Buffer.from('%PDF-1.7\n')]) {
      const res = await upload(admin, bytes, CHANGES_ONLY_PREVIEW, 'application/octet-stream');
      expect(res.status).toBe(400);
      expect((await json(res)).errors).toEqual([{ field: 'file', message: expect.stringContaining('save it as CSV') }]);
    }
  });

  it('keeps the city\'s own column names and date order (audited), and the next dry run reads the file that way', async () => {
    const initial = await getFormat(admin);
    expect(initial.status).toBe(200);
    const before = (await initial.json()) as RosterFileFormatView;

    const bad = await putFormat(admin, { dateOrder: 'sideways', columnNames: [{ header: 'Email', column: 'employee_id' }] });
    expect(bad.status).toBe(400);
    expect((await json(bad)).errors!.map((e) => e.field)).toEqual(['dateOrder']);
    const clash = await putFormat(admin, { dateOrder: 'day-first', columnNames: [{ header: 'E-mail', column: 'employee_id' }] });
    expect(clash.status).toBe(400);
    expect((await json(clash)).errors).toEqual([{ field: 'columnNames.0.header', message: '"E-mail" is the roster\'s own name for email' }]);
    expect(await (await getFormat(admin)).json()).toEqual(before);

    const saved = await putFormat(admin, { dateOrder: 'day-first', columnNames: [{ header: 'Emp No', column: 'employee_id' }] });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ dateOrder: 'day-first', columnNames: [{ header: 'Emp No', column: 'employee_id' }], updatedAt: expect.any(String) });
    const client = new Client({ connectionString: e2e().databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT after FROM audit_event WHERE action = 'roster.format_changed' ORDER BY id DESC LIMIT 1`);
      expect(rows[0].after).toEqual({ dateOrder: 'day-first', columnNames: [{ header: 'Emp No', column: 'employee_id' }] });
    } finally {
      await client.end();
    }

    const res = await upload(admin, `${HUMAN_HEADER.replace('Employee ID', 'Emp No')}\nE2E-1,Zoë,Nguyen,zoe.e2e@city.example,RASE,,,,,3/4/2019,active\n`, CHANGES_ONLY_PREVIEW);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.read).toMatchObject({ dateOrder: 'day-first', dateSamples: [{ line: 2, column: 'hire_date', written: '3/4/2019', read: '2019-04-03' }] });
    expect(body.read!.headerMatches[0]).toEqual({ column: 'employee_id', header: 'Emp No' });

    // Back as it was, for the journeys after this one.
    expect((await putFormat(admin, { dateOrder: before.dateOrder, columnNames: before.columnNames })).status).toBe(200);
  });

  it.each(['lead@equip.demo', 'viewer@equip.demo', 'learner@equip.demo'])('refuses the format to %s (403)', async (email) => {
    const session = await signedIn(email);
    expect((await getFormat(session)).status).toBe(403);
    expect((await putFormat(session, { dateOrder: 'month-first', columnNames: [] })).status).toBe(403);
  });
});
