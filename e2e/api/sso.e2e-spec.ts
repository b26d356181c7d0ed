import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ExtraApi, startExtraApi } from '../support/api-process';
import { e2e } from '../support/environment';
import { startOpenIdProvider, TestAccount, TestOpenIdProvider } from '../support/oidc-provider';
import { freePort } from '../support/processes';

/** A browser's cookie jar per origin, following redirects one by one. */
class Browser {
  private readonly jars = new Map<string, Map<string, string>>();

  async get(url: URL): Promise<Response> {
    const jar = this.jar(url.origin);
    const res = await fetch(url, {
      redirect: 'manual',
      headers: jar.size > 0 ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {},
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair.split('=');
      if (value.join('=') === '' || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name.trim());
      else jar.set(name.trim(), value.join('='));
    }
    return res;
  }

  jar(origin: string): Map<string, string> {
    if (!this.jars.has(origin)) this.jars.set(origin, new Map());
    return this.jars.get(origin)!;
  }
}

/**
 * Single sign-on against a real OpenID provider started in this process, through an api started
 * with the OIDC_ variables: authorization code with PKCE, state and nonce, staff matched by email.
 */
describe('single sign-on with OpenID Connect', () => {
  let provider: TestOpenIdProvider;
  let api: ExtraApi;
  let sql: Client;
  const suffix = randomBytes(3).toString('hex');
  const inactiveEmail = `left.the.city.${suffix}@equip.test`;

  beforeAll(async () => {
    const port = await freePort();
    provider = await startOpenIdProvider(`http://localhost:${port}/api/auth/sso/callback`);
    api = await startExtraApi(
      {
        OIDC_ISSUER_URL: provider.issuer,
        OIDC_CLIENT_ID: provider.clientId,
        OIDC_CLIENT_SECRET: provider.clientSecret,
        OIDC_BUTTON_LABEL: 'Sign in with City SSO',
      },
      port,
    );
    sql = new Client({ connectionString: e2e().databaseUrl });
    await sql.connect();
    await sql.query(
      `INSERT INTO staff (employee_id, email, first_name, last_name, department_id, active, deactivated_at)
       VALUES ($1, $2, 'Former', 'Employee', (SELECT id FROM department WHERE code = 'HR'), false, now())`,
      [`E2E-SSO-${suffix}`, inactiveEmail],
    );
  });

  afterAll(async () => {
    await sql?.end();
    await api?.stop();
    await provider?.close();
  });

  /** Clicks the SSO button as `account` and follows every redirect until the browser is back in the app. */
  async function signInWithSso(account: TestAccount, browser = new Browser(), tamper?: (b: Browser) => void): Promise<URL> {
    provider.signInAs(account);
    let url = new URL('/api/auth/sso', api.baseUrl);
    for (let hop = 0; hop < 10; hop++) {
      if (url.pathname === '/api/auth/sso/callback') tamper?.(browser);
      const res = await browser.get(url);
      expect([302, 303]).toContain(res.status);
      url = new URL(res.headers.get('location')!, url);
      if (url.origin === api.baseUrl && !url.pathname.startsWith('/api/')) return url;
    }
    throw new Error('too many redirects');
  }

  async function sessionOf(browser: Browser): Promise<Response> {
    return browser.get(new URL('/api/auth/session', api.baseUrl));
  }

  it('tells the sign-in page which button to show', async () => {
    const res = await fetch(`${api.baseUrl}/api/auth/providers`);
    expect(await res.json()).toEqual({ password: true, sso: { label: 'Sign in with City SSO' } });
    expect(await (await fetch(`${e2e().baseUrl}/api/auth/providers`)).json()).toEqual({ password: true, sso: null });
  });

  it('sends the browser to the provider with PKCE, state and nonce', async () => {
    const browser = new Browser();
    const res = await browser.get(new URL('/api/auth/sso', api.baseUrl));
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(to.origin).toBe(provider.issuer);
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      client_id: provider.clientId,
      response_type: 'code',
      redirect_uri: `${api.baseUrl}/api/auth/sso/callback`,
      code_challenge_method: 'S256',
      scope: 'openid email',
    });
    for (const param of ['code_challenge', 'state', 'nonce']) expect(to.searchParams.get(param)).toMatch(/^[\w-]{20,}$/);
    const stateCookie = res.headers.getSetCookie().find((c) => c.startsWith('equip_sso='));
    expect(stateCookie).toMatch(/HttpOnly/i);
    expect(stateCookie).toMatch(/Path=\/api\/auth\/sso/);
  });

  it('signs in an active staff member whose email the provider vouches for', async () => {
    const browser = new Browser();
    const landed = await signInWithSso({ email: 'Learner@Equip.Demo', emailVerified: true }, browser);
    expect(landed.pathname).toBe('/');
    expect(landed.search).toBe('');

    const session = await sessionOf(browser);
    expect(session.status).toBe(200);
    const user = await session.json();
    expect(user).toMatchObject({ email: 'learner@equip.demo', roles: ['learner'] });
    expect(browser.jar(api.baseUrl).get('XSRF-TOKEN')).toMatch(/^[\w-]{43}$/);

    const { rows } = await sql.query(`SELECT action FROM audit_event WHERE subject_id = $1 AND action = 'auth.sso_sign_in'`, [user.id]);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('refuses a staff member who is no longer active', async () => {
    const browser = new Browser();
    const landed = await signInWithSso({ email: inactiveEmail, emailVerified: true }, browser);
    expect(`${landed.pathname}${landed.search}`).toBe('/sign-in?error=sso_inactive');
    expect((await sessionOf(browser)).status).toBe(401);
  });

  it('refuses an email that belongs to no staff member', async () => {
    const browser = new Browser();
    const landed = await signInWithSso({ email: `stranger.${suffix}@example.org` }, browser);
    expect(`${landed.pathname}${landed.search}`).toBe('/sign-in?error=sso_no_account');
    expect((await sessionOf(browser)).status).toBe(401);
  });

  it('refuses an email the provider says is not verified', async () => {
    const landed = await signInWithSso({ email: 'learner@equip.demo', emailVerified: false });
    expect(landed.searchParams.get('error')).toBe('sso_unverified_email');
  });

  it('refuses a callback that did not start in this browser', async () => {
    const browser = new Browser();
    const landed = await signInWithSso({ email: 'learner@equip.demo', emailVerified: true }, browser, (b) =>
      b.jar(api.baseUrl).delete('equip_sso'),
    );
    expect(landed.searchParams.get('error')).toBe('sso_failed');
    expect((await sessionOf(browser)).status).toBe(401);
  });
});

/**
 * With OIDC_EMPLOYEE_ID_CLAIM set, the provider's employee id alone decides who signs in: never the
 * person whose email rides along, and an unknown id is refused, naming it. Email is used only when
 * the claim is absent.
 */
describe('single sign-on matched by employee id', () => {
  let provider: TestOpenIdProvider;
  let api: ExtraApi;
  let sql: Client;
  let learnerEmployeeId: string;
  const suffix = randomBytes(3).toString('hex');

  beforeAll(async () => {
    const port = await freePort();
    provider = await startOpenIdProvider(`http://localhost:${port}/api/auth/sso/callback`);
    api = await startExtraApi(
      {
        OIDC_ISSUER_URL: provider.issuer,
        OIDC_CLIENT_ID: provider.clientId,
        OIDC_CLIENT_SECRET: provider.clientSecret,
        OIDC_EMPLOYEE_ID_CLAIM: 'employee_id',
      },
      port,
    );
    sql = new Client({ connectionString: e2e().databaseUrl });
    await sql.connect();
    learnerEmployeeId = (await sql.query(`SELECT employee_id FROM staff WHERE email = 'learner@equip.demo'`)).rows[0].employee_id;
  });

  afterAll(async () => {
    await sql?.end();
    await api?.stop();
    await provider?.close();
  });

  async function signInWithSso(account: TestAccount, browser = new Browser()): Promise<{ landed: URL; browser: Browser }> {
    provider.signInAs(account);
    let url = new URL('/api/auth/sso', api.baseUrl);
    for (let hop = 0; hop < 10; hop++) {
      const res = await browser.get(url);
      expect([302, 303]).toContain(res.status);
      url = new URL(res.headers.get('location')!, url);
      if (url.origin === api.baseUrl && !url.pathname.startsWith('/api/')) return { landed: url, browser };
    }
    throw new Error('too many redirects');
  }

  const sessionOf = (browser: Browser) => browser.get(new URL('/api/auth/session', api.baseUrl));

  it('refuses an employee id no staff member has, naming it, even when the email is a staff member’s', async () => {
    const unknown = `NOPE-${suffix}`;
    const { landed, browser } = await signInWithSso({ employeeId: unknown, email: 'learner@equip.demo', emailVerified: true });
    expect(landed.pathname).toBe('/sign-in');
    expect(landed.searchParams.get('error')).toBe('sso_unknown_employee_id');
    expect(landed.searchParams.get('employeeId')).toBe(unknown);
    expect((await sessionOf(browser)).status).toBe(401);
  });

  it('signs in the person the employee id names, never the one whose email came with it', async () => {
    const { landed, browser } = await signInWithSso({ employeeId: learnerEmployeeId, email: 'admin@equip.demo', emailVerified: true });
    expect(landed.pathname).toBe('/');
    const user = await (await sessionOf(browser)).json();
    expect(user).toMatchObject({ email: 'learner@equip.demo', roles: ['learner'] });
    // Their account now records single sign-on as their way in.
    const { rows } = await sql.query(
      `SELECT a.sso_subject IS NOT NULL AS sso, st.status FROM account a JOIN staff_account_status st ON st.staff_id = a.staff_id WHERE a.staff_id = $1`,
      [user.id],
    );
    expect(rows).toEqual([{ sso: true, status: 'sso' }]);
  });

  it('matches by email only when the provider sends no employee id', async () => {
    const { landed, browser } = await signInWithSso({ email: 'Learner@Equip.Demo', emailVerified: true });
    expect(landed.pathname).toBe('/');
    expect(await (await sessionOf(browser)).json()).toMatchObject({ email: 'learner@equip.demo' });
  });
});
