import { join } from 'node:path';
import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { startExtraApi, ExtraApi } from '../support/api-process';
import { e2e } from '../support/environment';
import { freePort } from '../support/processes';
import { startOpenIdProvider, TestOpenIdProvider } from '../support/oidc-provider';
import { csvField, currentRosterLines, ROSTER_HEADER } from '../support/roster';
import { ARTIFACTS, axeViolations, expectText, launch } from './browser';

const NEWCOMER = { employeeId: 'E777001', first: 'Mariana', last: "D'Souza-Nguyễn", email: 'mariana.dsouza@alexandriava.example' };

/**
 * The identity journey of the issue's "done when": sign in by single sign-on and by password,
 * import a roster that has an error, fix it, import it, and make the newcomer an equity lead.
 * The roster is the city's real one (read from the database) plus one newcomer, so a full import
 * deactivates nobody the other journeys sign in as.
 */
describe('identity journey in the browser', () => {
  const { baseUrl, demoPassword, databaseUrl } = e2e();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
  });

  describe('single sign-on', () => {
    let provider: TestOpenIdProvider;
    let api: ExtraApi;

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
    });

    afterAll(async () => {
      await api?.stop();
      await provider?.close();
    });

    it('signs an administrator in through the city provider', async () => {
      provider.signInAs({ email: 'admin@equip.demo', emailVerified: true });
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${api.baseUrl}/sign-in`);
      const sso = page.getByRole('link', { name: 'Sign in with City SSO' });
      await sso.waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await sso.click();
      await page.waitForURL((url) => url.origin === api.baseUrl && url.pathname === '/rase');
      await page.getByRole('heading', { level: 1, name: 'City-wide progress' }).waitFor();
      await page.screenshot({ path: join(ARTIFACTS, 'sso-home.png'), fullPage: true });
      await context.close();
    });
  });

  describe('roster and roles', () => {
    let page: Page;

    beforeAll(async () => {
      const context = await browser.newContext();
      page = await context.newPage();
      await page.goto(`${baseUrl}/sign-in`);
      await page.getByLabel('Email').fill('admin@equip.demo');
      await page.getByLabel('Password').fill(demoPassword);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname === '/rase');
    });

    afterAll(async () => {
      await page?.context().close();
    });

    it('reports the newcomer’s bad email by line, then imports the fixed roster', async () => {
      const roster = await currentRosterLines();
      const line = (email: string) =>
        [NEWCOMER.employeeId, NEWCOMER.first, NEWCOMER.last, email, 'TES-TRAN', 'Transportation Planner', 'Professional', 'City Hall', '', '2026-11-02', 'active']
          .map(csvField)
          .join(',');
      const broken = [ROSTER_HEADER, ...roster, line('mariana.dsouza(at)alexandriava.example')].join('\r\n');
      const badLine = roster.length + 2;

      await page.goto(`${baseUrl}/rase/roster`);
      await page.getByRole('heading', { level: 1, name: 'Roster import' }).waitFor();
      const file = page.getByLabel('Roster file (CSV)');
      await file.setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
      await page.getByRole('button', { name: 'Check file' }).click();
      await expectText(page.getByRole('alert'), /1 problem found — nothing was imported/);
      const problems = page.getByRole('table', { name: 'Problems in roster.csv, in file order' });
      const row = problems.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: String(badLine), exact: true }) });
      expect(await row.first().textContent()).toContain('email');
      expect(await axeViolations(page)).toEqual([]);

      const fixed = [ROSTER_HEADER, ...roster, line(NEWCOMER.email)].join('\r\n');
      await file.setInputFiles({ name: 'roster-fixed.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed) });
      await page.getByRole('button', { name: 'Check file' }).click();
      await page.getByRole('heading', { level: 2, name: 'What this import will change' }).waitFor();
      const counts = page.locator('.roster-counts');
      await expectText(counts, /1 to add/);
      expect(await counts.textContent()).toMatch(/0 to change.*0 to deactivate/s);
      expect(await page.getByRole('table', { name: 'People to add' }).textContent()).toContain(NEWCOMER.employeeId);
      expect(await axeViolations(page)).toEqual([]);

      await page.getByRole('button', { name: 'Import 1 change' }).click();
      await page.getByRole('heading', { level: 2, name: 'Roster imported' }).waitFor();
      await expectText(page.locator('.roster-counts'), /1 added/);
      await expectText(page.getByText(/sent an invitation to set a password/), /1 person was sent an invitation/);
      await page.screenshot({ path: join(ARTIFACTS, 'roster-imported.png'), fullPage: true });
      expect(await axeViolations(page)).toEqual([]);
    });

    it('makes the newcomer an equity lead for their division', async () => {
      await page.goto(`${baseUrl}/rase/people?search=${NEWCOMER.employeeId}`);
      const table = page.getByRole('table', { name: /^People, page 1 of/ });
      await table.waitFor();
      await table.getByRole('link', { name: `${NEWCOMER.last}, ${NEWCOMER.first}` }).click();
      await page.getByRole('heading', { level: 1, name: `${NEWCOMER.first} ${NEWCOMER.last}` }).waitFor();

      await page.getByLabel('Role', { exact: true }).selectOption('equity_lead');
      const department = page.getByLabel('Department', { exact: true });
      const value = await department.locator('option', { hasText: '(TES-TRAN)' }).first().getAttribute('value');
      await department.selectOption(value!);
      await page.getByRole('button', { name: 'Grant role' }).click();
      await page.getByRole('button', { name: 'Revoke Equity lead for Transportation Planning (TES-TRAN)' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);

      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query(
          `SELECT g.role, d.code, a.action FROM role_grant g
             JOIN staff s ON s.id = g.staff_id JOIN department d ON d.id = g.department_id
             JOIN audit_event a ON a.subject_id = s.id::text AND a.action = 'role.granted'
            WHERE s.employee_id = $1`,
          [NEWCOMER.employeeId],
        );
        expect(rows).toEqual([{ role: 'equity_lead', code: 'TES-TRAN', action: 'role.granted' }]);
      } finally {
        await client.end();
      }
    });
  });
});


