import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2e } from '../support/environment';
import { ARTIFACTS, axeViolations, expectText, launch } from './browser';

/**
 * The equity lead's cohort journey, one browser session throughout: create a rule cohort for TES
 * (job class Trades), preview who matches, save, assign the all-staff foundations track due in 30
 * days, see the members "Not started", exempt one with a reason (in the dialog) and export the CSV
 * of exactly what is shown. Every page, and the open dialog, is checked with axe (WCAG 2.1 A/AA).
 */
describe('equity lead cohorts journey', () => {
  const { baseUrl, demoPassword } = e2e();
  const cohortName = `TES trades ${Date.now()}`;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let previewCount = 0;

  beforeAll(async () => {
    browser = await launch();
    context = await browser.newContext();
    page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Email').fill('lead@equip.demo');
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/lead');
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  async function expectNoAxeViolations(name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `lead-cohorts-${name}.png`), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  }

  it('opens the cohort list from the area navigation', async () => {
    await page.getByRole('navigation', { name: 'My departments' }).getByRole('link', { name: 'Cohorts', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/lead/cohorts');
    await page.getByRole('heading', { level: 1, name: 'Cohorts' }).waitFor();
    await expectText(page.locator('p.equip-status'), /cohort/);
    await expectNoAxeViolations('list');
  });

  it('creates a rule cohort for TES trades, previewing who matches before saving', async () => {
    await page.getByRole('link', { name: 'New cohort' }).click();
    await page.waitForURL((url) => url.pathname === '/lead/cohorts/new');
    await page.getByRole('heading', { level: 1, name: 'New cohort' }).waitFor();

    await page.getByLabel('Name', { exact: true }).fill(cohortName);
    const department = page.getByLabel('Owning department');
    await department.locator('option', { hasText: '(TES)' }).first().waitFor({ state: 'attached' });
    const value = await department.locator('option', { hasText: '(TES)' }).first().getAttribute('value');
    await department.selectOption(value!);
    await page.getByLabel('By rule').check();
    await page.getByLabel('Job classes').fill('Trades');
    await expectNoAxeViolations('new');

    await page.getByRole('button', { name: 'Preview' }).click();
    await expectText(page.locator('#cohort-preview [role="status"]'), /\d+ (people match|person matches) this rule\./);
    previewCount = Number(/(\d+)/.exec((await page.locator('#cohort-preview [role="status"]').textContent()) ?? '')![1]);
    expect(previewCount).toBeGreaterThan(0);
    await page.getByRole('table', { name: /people who match/ }).waitFor();
    await expectNoAxeViolations('preview');

    await page.getByRole('button', { name: 'Create cohort' }).click();
    await page.waitForURL((url) => /^\/lead\/cohorts\/[0-9a-f-]{36}$/.test(url.pathname));
    await page.getByRole('heading', { level: 1, name: cohortName }).waitFor();
    await expectText(page.locator('main'), /Job class is Trades/);
  });

  it('assigns the foundations track due in 30 days and lists the members as not started', async () => {
    const item = page.getByLabel('Course or track', { exact: true });
    await item.locator('option[value="track:all-staff-foundations"]').waitFor({ state: 'attached' });
    await item.selectOption('track:all-staff-foundations');
    await page.getByLabel('On a date').check();
    const due = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    await page.getByLabel('Due date').fill(due);
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await expectText(page.locator('#assign-outcome'), /Assigned to \d+ (person|people)\./);
    const assigned = Number(/Assigned to (\d+)/.exec((await page.locator('#assign-outcome').textContent()) ?? '')![1]);
    expect(assigned).toBe(previewCount);

    const members = page.getByRole('table', { name: /^Members, page 1 of/ });
    await members.waitFor();
    await expectText(members.locator('tbody tr').first(), /Not started/);
    await expectText(page.locator('p.equip-status'), new RegExp(`^${previewCount} members? found`));
    await expectNoAxeViolations('cohort');
  });

  let exemptName = '';

  it('exempts one member with a reason given in the dialog', async () => {
    const firstRow = page.getByRole('table', { name: /^Members, page 1 of/ }).locator('tbody tr').first();
    exemptName = ((await firstRow.locator('th').textContent()) ?? '').trim().split(/\s+/).slice(0, 2).join(' ');
    const opener = firstRow.getByRole('button', { name: /^Exempt / });
    await opener.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: /^Exempt / }).waitFor();
    // Focus starts in the reason; a reason is required.
    await page.waitForFunction(() => document.activeElement?.id === 'exemption-reason', undefined, { timeout: 5_000 });
    await expectNoAxeViolations('exemption-dialog');
    await dialog.getByRole('button', { name: 'Exempt', exact: true }).click();
    await expectText(dialog.locator('mat-error'), /Give a reason/);

    // Escape closes without exempting; focus returns to the button.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.textContent?.trim().startsWith('Exempt'), undefined, { timeout: 5_000 });
    await opener.click();
    await page.getByRole('dialog').getByLabel('Reason').fill('Completed the same training elsewhere');
    await page.getByRole('dialog').getByRole('button', { name: 'Exempt', exact: true }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await expectText(page.locator('#members-outcome'), /is exempt from/);
    await expectText(firstRow, /Exempt/);
    await expectText(firstRow, /Reason: Completed the same training elsewhere/);
    await expectNoAxeViolations('exempted');
  });

  it('exports exactly the shown list as CSV', async () => {
    await page.getByLabel('Status', { exact: true }).selectOption('exempt');
    await page.getByRole('button', { name: 'Show members' }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'exempt');
    await expectText(page.locator('p.equip-status'), /^1 member found/);

    const href = await page.getByRole('link', { name: /Export CSV/ }).getAttribute('href');
    expect(href).toMatch(/\/members\.csv\?status=exempt&sort=name&direction=asc$/);
    const response = await page.request.get(`${baseUrl}${href}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^text\/csv/);
    const lines = (await response.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      'employee_id,last_name,first_name,email,department,job_title,joined_at,last_activity_at,assignment_kind,assignment,status,due_on,completed_at,exempt_reason',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('exempt');
    expect(lines[1]).toContain('Completed the same training elsewhere');
    const [lastName] = exemptName.replace(',', '').split(' ');
    expect(lines[1]).toContain(lastName);
    await expectNoAxeViolations('filtered');
  });
});
