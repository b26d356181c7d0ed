import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { pdfText } from '@equip/server/testing';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { e2e } from '../support/environment';
import { Session } from '../support/http';
import { ARTIFACTS, axeViolations, expectText, signedInPage } from './browser';

/**
 * The RASE administrator's reporting journey, one browser session throughout: open the city-wide
 * dashboard from the area navigation, drill from the city into a department (TES) and into one of
 * its cohorts (its members listed), come back and change a filter (kept in the address bar),
 * export the heatmap as CSV and check the file holds exactly the table on screen, follow the link
 * to the summary PDF (the filters carried, one page), and open the printable summary (one page
 * when printed); then a viewer opens the same cohort and gets its figures without its members,
 * and the equity lead of TES sees only TES. Every page is checked with axe (WCAG 2.1 A/AA).
 *
 * Setup through the api, as an administrator: a rule cohort of TES trades staff, assigned the
 * all-staff foundations track, so the department has a cohort and the heatmap has a column.
 */
// The dashboard pages are the heaviest the journeys open (every department, axe on each): on a
// shared two-core machine a step can take longer than the default minute.
jest.setTimeout(120_000);

describe('RASE reporting dashboard journey', () => {
  const { baseUrl, demoPassword } = e2e();
  const cohortName = `TES trades report ${Date.now()}`;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let cohortId = '';

  beforeAll(async () => {
    const admin = new Session();
    expect((await admin.signIn('admin@equip.demo')).status).toBe(200);
    const departments = (await (await admin.get('/api/departments')).json()) as { id: string; code: string }[];
    const tes = departments.find((d) => d.code === 'TES')!;
    const created = await admin.post('/api/cohorts', { name: cohortName, departmentId: tes.id, kind: 'rule', rule: { jobClasses: ['Trades'], activeOnly: true } });
    expect(created.status).toBe(201);
    const cohort = (await created.json()) as { id: string };
    cohortId = cohort.id;
    const due = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    const assigned = await admin.post(`/api/cohorts/${cohort.id}/assignments`, { courseSlug: 'racial-equity-toolkit', due: { kind: 'absolute', dueOn: due }, recurrenceMonths: null });
    expect(assigned.status).toBe(201);

    ({ browser, context, page } = await signedInPage('admin@equip.demo', '/rase', { context: { acceptDownloads: true } }));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  async function expectNoAxeViolations(name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `reporting-${name}.png`), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  }

  const heatmap = () => page.getByRole('table', { name: /^Share of assignments completed/ });
  const squash = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

  /** The heatmap as shown: each visible row's department and cell texts (a hidden figure's tooltip left out). */
  async function heatmapRows(table: Locator): Promise<string[][]> {
    return table.locator('tbody tr').evaluateAll((rows) =>
      rows.map((row) => [
        (row.querySelector('th a')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
        ...[...row.querySelectorAll('td')].map((td) => {
          const copy = td.cloneNode(true) as Element;
          copy.querySelectorAll('[role="tooltip"]').forEach((tip) => tip.remove());
          return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
        }),
      ]),
    );
  }

  it('opens the city-wide dashboard from the area navigation', async () => {
    await page.getByRole('navigation', { name: 'City-wide (RASE)' }).getByRole('link', { name: 'Dashboard', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/rase/dashboard');
    await page.getByRole('heading', { level: 1, name: 'City-wide dashboard' }).waitFor();
    await expectText(page.locator('p.equip-status[role="status"]'), /Figures as of /);
    await heatmap().waitFor();
    await expectText(heatmap().locator('thead'), /foundations/i);
    await expectText(page.locator('.figures'), /Staff trained in/);
    await page.getByRole('heading', { level: 2, name: 'Equity progression' }).waitFor();
    await expectText(page.locator('section[aria-labelledby="progression-heading"]'), /Not started|Emerging|Developing|Practicing|Embedded/);
    await expectNoAxeViolations('dashboard');
  });

  it('drills from the city into a department, seeing its cohorts and progression', async () => {
    await heatmap().getByRole('link', { name: /\(TES\)$/ }).click();
    await page.waitForURL((url) => /^\/rase\/dashboard\/departments\/[0-9a-f-]{36}$/.test(url.pathname));
    await page.getByRole('heading', { level: 1, name: 'Transportation and Environmental Services' }).waitFor();
    await page.getByRole('table', { name: /^Cohorts in / }).getByRole('link', { name: cohortName }).waitFor();
    await expectText(page.locator('main'), /Stage now:/);
    await expectNoAxeViolations('department');
  });

  it('drills into a cohort and lists its members for an administrator', async () => {
    await page.getByRole('table', { name: /^Cohorts in / }).getByRole('link', { name: cohortName }).click();
    await page.waitForURL((url) => /^\/rase\/dashboard\/cohorts\/[0-9a-f-]{36}$/.test(url.pathname));
    await page.getByRole('heading', { level: 1, name: cohortName }).waitFor();
    await expectText(page.getByRole('table', { name: /^What .* assigns$/ }).locator('tbody'), /racial equity toolkit/i);
    const members = page.getByRole('table', { name: /^Members, page 1 of/ });
    await members.waitFor();
    await expectText(members.locator('tbody tr').first(), /: Not started/);
    await expectNoAxeViolations('cohort');
  });

  it('changes a filter, which the address bar keeps', async () => {
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL((url) => url.pathname === '/rase/dashboard');
    await heatmap().waitFor();
    const jobClass = page.getByLabel('Job class', { exact: true });
    await jobClass.locator('option[value="Trades"]').waitFor({ state: 'attached' });
    await jobClass.selectOption('Trades');
    await page.getByLabel(/Active staff only/).check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((url) => url.searchParams.get('jobClass') === 'Trades' && url.searchParams.get('activeOnly') === 'true');
    await expectText(page.locator('p.equip-status[role="status"]'), /Figures as of /);
    await heatmap().waitFor();
    expect(await page.getByLabel('Job class', { exact: true }).inputValue()).toBe('Trades');
    await expectNoAxeViolations('filtered');
  });

  it('exports the heatmap as CSV holding exactly the table on screen, as published', async () => {
    // An export is made to be shared: with "Show as published" on, the screen shows what the file holds.
    await page.getByRole('switch', { name: 'Show as published' }).check();
    await page.waitForURL((url) => url.searchParams.get('figures') === 'published' && url.searchParams.get('jobClass') === 'Trades');
    await heatmap().waitFor();
    // Open one department's units: the export must follow what is shown, not the whole tree.
    const toggle = heatmap().getByRole('button', { name: 'Units under Transportation and Environmental Services', exact: true });
    await toggle.click();
    await heatmap().locator('button[aria-expanded="true"]').first().waitFor();
    await page.getByLabel('Show counts').check();
    await expectText(heatmap().locator('tbody td').first(), /assigned/);
    const shown = await heatmapRows(heatmap());
    // TES's divisions are shown; the sections under its Operations division stay folded.
    expect(shown.some(([department]) => department.endsWith('(TES-TRAN)'))).toBe(true);
    expect(shown.some(([department]) => department.endsWith('(TES-OPS-STREETS)'))).toBe(false);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export CSV.*Share of assignments completed/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const file = readFileSync((await download.path())!, 'utf8');
    const lines: string[][] = parse(file.trim(), { record_delimiter: '\r\n' });
    const headers = await heatmap().locator('thead th').allTextContents();
    expect(lines[0]).toEqual(headers.map(squash));
    expect(lines.slice(1)).toEqual(shown);
    await expectNoAxeViolations('exported');
  });

  it('links the summary PDF for leadership with the filters applied', async () => {
    await page.goto(`${baseUrl}/rase/dashboard?jobClass=Trades&activeOnly=true`);
    const link = page.getByRole('link', { name: 'Download summary (PDF, published figures)' });
    await link.waitFor();
    const href = new URL((await link.getAttribute('href'))!, baseUrl);
    expect(href.pathname).toBe('/api/reports/dashboard/summary.pdf');
    expect(Object.fromEntries(href.searchParams)).toEqual({ jobClass: 'Trades', activeOnly: 'true' });
    // Reachable from the keyboard: the link after "Print summary".
    await page.getByRole('link', { name: 'Print summary' }).focus();
    await page.keyboard.press('Tab');
    expect(await link.evaluate((el) => el === document.activeElement)).toBe(true);
    // The browser's own session fetches it: the file the link saves.
    const res = await page.request.get(href.toString());
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    expect(res.headers()['content-disposition']).toBe('attachment; filename="leadership-summary.pdf"');
    const pdf = pdfText(await res.body());
    expect(pdf.pages).toBe(1);
    expect(pdf.text).toContain('job class Trades; active staff only');
  });

  it('opens the printable summary for leadership', async () => {
    await page.goto(`${baseUrl}/rase/dashboard?jobClass=Trades&activeOnly=true`);
    await page.getByRole('link', { name: 'Print summary' }).click();
    await page.waitForURL((url) => url.pathname === '/rase/dashboard/summary' && url.searchParams.get('jobClass') === 'Trades');
    await page.getByRole('heading', { level: 1, name: /summary for leadership/ }).waitFor();
    await page.getByRole('table', { name: /by department$/ }).waitFor();
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.app-header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print summary' }).isVisible()).toBe(false);
    // What "Save as PDF" produces (print media, as the print dialog uses): one page.
    const pdf = (await page.pdf({ path: join(ARTIFACTS, 'reporting-summary.pdf'), format: 'Letter', printBackground: true })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
    await page.emulateMedia({ media: null });
    await expectNoAxeViolations('summary');
  });

  it('tells a viewer that a cohort’s figures are not published, and shows no members', async () => {
    const viewerContext = await browser.newContext();
    try {
      const viewer = await viewerContext.newPage();
      const cohortUrl = page.url().replace(/\/summary.*$/, '');
      await viewer.goto(`${baseUrl}/sign-in`);
      await viewer.getByLabel('Email').fill('viewer@equip.demo');
      await viewer.getByLabel('Password').fill(demoPassword);
      await viewer.getByRole('button', { name: 'Sign in' }).click();
      await viewer.waitForURL((url) => url.pathname === '/rase');
      await viewer.goto(`${cohortUrl}/cohorts/${cohortId}`);
      await expectText(viewer.getByTestId('not-published'), /A cohort’s figures are not part of the published figures/);
      expect(await viewer.getByRole('table').count()).toBe(0);
      expect(await viewer.getByRole('table', { name: /^Members/ }).count()).toBe(0);
      expect(await axeViolations(viewer)).toEqual([]);
    } finally {
      await viewerContext.close();
    }
  });

  it("shows an equity lead the same dashboard limited to the departments they lead", async () => {
    const leadContext = await browser.newContext();
    try {
      const lead = await leadContext.newPage();
      await lead.goto(`${baseUrl}/sign-in`);
      await lead.getByLabel('Email').fill('lead@equip.demo');
      await lead.getByLabel('Password').fill(demoPassword);
      await lead.getByRole('button', { name: 'Sign in' }).click();
      await lead.waitForURL((url) => url.pathname === '/lead');
      await lead.getByRole('navigation', { name: 'My departments' }).getByRole('link', { name: 'Dashboard', exact: true }).click();
      await lead.waitForURL((url) => url.pathname === '/lead/dashboard');
      await lead.getByRole('heading', { level: 1, name: 'Dashboard of my departments' }).waitFor();
      const table = lead.getByRole('table', { name: /^Share of assignments completed/ });
      await table.waitFor();
      const departments = await table.locator('tbody th a').allTextContents();
      expect(departments.map(squash)).toEqual(['Transportation and Environmental Services (TES)']);
      await table.getByRole('link', { name: /\(TES\)$/ }).click();
      await lead.waitForURL((url) => /^\/lead\/dashboard\/departments\/[0-9a-f-]{36}$/.test(url.pathname));
      await lead.getByRole('link', { name: 'People in Transportation and Environmental Services' }).waitFor();
      expect(await axeViolations(lead)).toEqual([]);
    } finally {
      await leadContext.close();
    }
  });
});


