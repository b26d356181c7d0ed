import type { Problem, RosterImportResult } from '@equip/shared/contracts';
import { createHmac } from 'node:crypto';
import { Client } from 'pg';
import { e2e } from '../support/environment';
import { Session } from '../support/http';
import { ROSTER_HEADER } from '../support/roster';

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

async function upload(session: Session, csv: string | undefined, query = '?dryRun=true', type = 'text/csv'): Promise<Response> {
  const form = new FormData();
  if (csv !== undefined) form.append('file', new Blob([csv], { type }), 'roster.csv');
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

  it('previews a valid file (200): as a full roster it would add two people and deactivate everyone else', async () => {
    const before = await activeStaff();
    const res = await upload(admin, GOOD);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      dryRun: true,
      applied: false,
      rows: 2,
      problems: [],
      added: [
        { employeeId: 'E2E-1', name: 'Zoë Nguyễn' },
        { employeeId: 'E2E-2', name: "Marcus O'Brien" },
      ],
      changed: [],
      reactivated: [],
      unchanged: 0,
    });
    expect(body.deactivated).toHaveLength(before.active);
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
