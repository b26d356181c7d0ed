import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { e2e } from '../support/environment';
import { ARTIFACTS, axeViolations, expectText, signedInPage } from './browser';
import { ROSTER_HEADER } from '../support/roster';

/**
 * A RASE administrator's journey through the city-wide pages, one browser session throughout:
 * departments, people (grant and revoke a role), the audit log those changes wrote, and the roster
 * import's check of a file with a problem. Every page is checked with axe (WCAG 2.1 A/AA).
 *
 * Tests marked [needs POST /api/roster/imports] depend on that endpoint; when it is missing the
 * page shows "not found" and the test fails on the missing "problems found" heading.
 */
describe('RASE administrator journey', () => {
  const { baseUrl } = e2e();
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ browser, context, page } = await signedInPage('admin@equip.demo', '/rase'));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  const areaNav = () => page.getByRole('navigation', { name: 'City-wide (RASE)' });

  async function openFromAreaNav(label: string, path: string, heading: string): Promise<void> {
    await areaNav().getByRole('link', { name: label, exact: true }).click();
    await page.waitForURL((url) => url.pathname === path);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  async function expectNoAxeViolations(name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `rase-${name}.png`), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  }

  it('lists every page of the RASE area for an administrator', async () => {
    const links = (await areaNav().getByRole('link').allTextContents()).map((l) => l.trim());
    expect(links).toEqual(['Overview', 'Dashboard', 'Roster import', 'People', 'Departments', 'Certificates', 'Audit log', 'Requests for attempts']);
  });

  it('browses the department tree, expanding a department', async () => {
    await openFromAreaNav('Departments', '/rase/departments', 'Departments');
    const name = /^Transportation and Environmental Services:/;
    await page.getByRole('button', { name, expanded: false }).click();
    // Change detection runs after the click handler: wait for the state rather than read it at once.
    await page.getByRole('button', { name, expanded: true }).waitFor();
    await page.getByRole('link', { name: /^Transportation Planning/ }).waitFor();
    await expectNoAxeViolations('departments');
  });

  it("opens the people in a department from the tree", async () => {
    await page.getByRole('link', { name: /^Transportation and Environmental Services/ }).click();
    await page.waitForURL((url) => url.pathname === '/rase/people' && url.searchParams.has('departmentId'));
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    await expectText(page.getByRole('status').first(), /people found/);
  });

  it('searches people, opens someone in TES, grants and revokes an equity lead role', async () => {
    await openFromAreaNav('People', '/rase/people', 'People');
    await expectText(page.getByRole('status').first(), /people found/);

    const department = page.getByLabel('Department', { exact: true });
    await department.selectOption(await optionValue(department, '(TES)'));
    await page.getByLabel('Name, email or employee ID').fill('a');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL((url) => url.searchParams.get('search') === 'a');
    await expectText(page.getByRole('status').first(), /people found\. Showing 1 to/);
    const table = page.getByRole('table', { name: /^People, page 1 of/ });
    await table.waitFor();
    await expectNoAxeViolations('people');

    const person = table.locator('tbody tr').first().getByRole('link');
    const name = ((await person.textContent()) ?? '').trim();
    const [lastName, firstName] = name.split(', ');
    await person.click();
    await page.getByRole('heading', { level: 1, name: `${firstName} ${lastName}` }).waitFor();
    // Focus moved to the new page's h1, and stayed there when the record arrived.
    await page.waitForFunction(
      (heading) => document.activeElement?.tagName === 'H1' && document.activeElement.textContent?.trim() === heading,
      `${firstName} ${lastName}`,
    );
    expect(await page.locator('dl').textContent()).toMatch(/\(TES(-[A-Z]+)*\)/);
    await expectNoAxeViolations('person');

    await page.getByLabel('Role', { exact: true }).selectOption('equity_lead');
    const grantDepartment = page.getByLabel('Department', { exact: true });
    await grantDepartment.selectOption(await optionValue(grantDepartment, '(TES-TRAN)'));
    await page.getByRole('button', { name: 'Grant role' }).click();
    const revoke = page.getByRole('button', { name: 'Revoke Equity lead for Transportation Planning (TES-TRAN)' });
    await revoke.waitFor();
    await expectText(page.getByRole('status').filter({ hasText: 'granted' }), /Equity lead for Transportation Planning \(TES-TRAN\) granted/);
    await expectNoAxeViolations('person-granted');

    await revoke.click();
    const dialog = page.getByRole('alertdialog', { name: 'Revoke this role?' });
    await dialog.waitFor();
    // Focus starts inside the dialog, on the safe choice.
    await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Cancel', undefined, { timeout: 5_000 });
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Revoke role' }).click();
    await dialog.waitFor({ state: 'detached' });
    await revoke.waitFor({ state: 'detached' });
    await expectText(page.getByRole('status').filter({ hasText: 'revoked' }), /revoked from/);
    await expectNoAxeViolations('person-revoked');
  });

  it("ends the same person's sessions from the keyboard, after a confirmation, and says what it did", async () => {
    const end = page.getByRole('button', { name: 'End all sessions' });
    await end.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('alertdialog', { name: /^End all of .+'s sessions\?$/ });
    await dialog.waitFor();
    await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Cancel', undefined, { timeout: 5_000 });
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'End sessions' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expectText(page.getByRole('status').filter({ hasText: 'signed' }), /is signed out everywhere|was not signed in anywhere/);
    await expectNoAxeViolations('person-sessions-ended');
  });

  it('shows the grant and the revoke in the audit log in words, and exports them as CSV', async () => {
    await openFromAreaNav('Audit log', '/rase/audit', 'Audit log');
    await page.getByLabel('Kind of action').selectOption({ label: 'All: Roles' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'roles');
    const events = page.getByRole('list', { name: /^Audit events, page 1/ });
    await expectText(events, / removed .+ as an equity lead for /);
    expect(await events.textContent()).toMatch(/ made .+ an equity lead for /);
    expect(await events.textContent()).not.toContain('role.granted');
    await expectNoAxeViolations('audit');

    const href = await page.getByRole('link', { name: /^Export CSV/ }).getAttribute('href');
    expect(href).toBe('/api/audit-events?format=csv&action=roles');
    const csv = await page.request.get(`${baseUrl}${href}`);
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text).toContain('Role granted');
    expect(text).toContain('Role removed');
  });

  it('[needs POST /api/roster/imports] checks a roster file and lists its problem by line, importing nothing', async () => {
    await openFromAreaNav('Roster import', '/rase/roster', 'Roster import');
    await expectNoAxeViolations('roster');

    // A dry run only: a real import of this file would deactivate the rest of the demo city.
    const csv = [
      ROSTER_HEADER,
      'E900001,Test,Person,test.person@equip.demo,TES,Analyst,Professional,City Hall,,2020-01-01,active',
      'E900002,Bad,Email,not-an-email,TES,Analyst,Professional,City Hall,,2020-01-01,active',
    ].join('\n');
    await page.getByLabel('Roster file (CSV)').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Check file' }).click();

    const alert = page.getByRole('alert');
    await expectText(alert, /problems? found — nothing was imported/);
    const problems = page.getByRole('table', { name: 'Problems in roster.csv, in file order' });
    const emailProblem = problems.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: '3', exact: true }) });
    expect(await emailProblem.count()).toBeGreaterThan(0);
    expect(await emailProblem.first().textContent()).toContain('email');
    expect(await page.getByRole('button', { name: /^Import \d+/ }).count()).toBe(0);
    await expectNoAxeViolations('roster-problems');
  });
});

/** The value of the option whose text contains `text` (options are indented with no-break spaces). */
async function optionValue(select: Locator, text: string): Promise<string> {
  const value = await select.locator('option', { hasText: text }).first().getAttribute('value');
  if (!value) throw new Error(`No option containing ${text}`);
  return value;
}
