import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Client } from 'pg';
import { e2e } from '../support/environment';
import { Session } from '../support/http';
import { ARTIFACTS, axeViolations, expectText, signedInPage } from './browser';

// The dashboard is the heaviest page the journeys open (every department, axe on each).
jest.setTimeout(120_000);

/**
 * Issue 16's heatmap and departments page, as a RASE administrator and a viewer see them: the
 * heatmap scrolled inside its region keeps the department names and the course headers in view,
 * orders departments by the completion the api answered and narrows them to those below a share;
 * at 375 px it reads as a list per department without scrolling sideways. The departments page
 * says who leads each unit (linked to the person) or that none does, and counts staff with the
 * units under each; a viewer sees neither names nor counts. Axe-clean (WCAG 2.1 A/AA) throughout.
 *
 * Setup through the api: a rule cohort of the Library's active staff (a department no other
 * journey assigns to), given one course so the heatmap has a column; taken away afterwards.
 */
describe('the heatmap and the departments page', () => {
  const { baseUrl, databaseUrl } = e2e();
  let cohortId: string | undefined;

  beforeAll(async () => {
    const admin = new Session();
    expect((await admin.signIn('admin@equip.demo')).status).toBe(200);
    const departments = (await (await admin.get('/api/departments')).json()) as { id: string; code: string }[];
    const library = departments.find((d) => d.code === 'LIB')!;
    const created = await admin.post('/api/cohorts', { name: `Library heatmap ${Date.now()}`, departmentId: library.id, kind: 'rule', rule: { activeOnly: true } });
    expect(created.status).toBe(201);
    cohortId = ((await created.json()) as { id: string }).id;
    const due = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    const assigned = await admin.post(`/api/cohorts/${cohortId}/assignments`, { courseSlug: 'racial-equity-toolkit', due: { kind: 'absolute', dueOn: due }, recurrenceMonths: null });
    expect(assigned.status).toBe(201);
  });

  // Leave the shared database as this journey found it: its assignments, members and cohort go.
  afterAll(async () => {
    if (!cohortId) return;
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(`DELETE FROM assignment WHERE sources @> jsonb_build_array(jsonb_build_object('kind', 'cohort', 'cohortId', $1::text))`, [cohortId]);
      await client.query(`DELETE FROM cohort_member WHERE cohort_id = $1`, [cohortId]);
      await client.query(`UPDATE cohort SET archived_at = now() WHERE id = $1`, [cohortId]);
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
  });

  async function expectClean(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    // Nothing wider than the window (named, when something is, so the failure says what).
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('main *')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('[role="region"]'))
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
    );
    expect(wide).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.locator('main').innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/);
  }

  describe('an administrator on a desktop', () => {
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      // Narrow enough that the table scrolls both ways inside its region.
      ({ browser, context, page } = await signedInPage('admin@equip.demo', '/rase', { context: { viewport: { width: 900, height: 700 } } }));
    });

    afterAll(async () => {
      await context?.close();
      await browser?.close();
    });

    const heatmap = () => page.getByRole('table', { name: /^Share of assignments completed/ });
    const region = () => page.getByRole('region', { name: /^Share of assignments completed.*scrollable$/ });

    it('keeps the department names and the column headers in view while the table scrolls', async () => {
      await page.goto(`${baseUrl}/rase/dashboard`);
      await heatmap().waitFor();
      await page.getByRole('button', { name: 'Expand all' }).click();
      const scroller = region();
      // The region takes the keyboard (its own tab stop) and scrolls with the arrow keys.
      await scroller.focus();
      await page.keyboard.press('PageDown');
      const scrolled = await scroller.evaluate((el) => {
        el.scrollTop = el.scrollHeight;
        el.scrollLeft = el.scrollWidth;
        return { top: el.scrollTop, left: el.scrollLeft };
      });
      expect(scrolled.top).toBeGreaterThan(0);
      const box = (await scroller.boundingBox())!;
      // The header row is still at the top of the region…
      const header = (await heatmap().locator('thead th').first().boundingBox())!;
      expect(Math.abs(header.y - box.y)).toBeLessThan(2);
      // …and the last department's name at its left edge, however far the figures moved.
      const lastName = heatmap().locator('tbody th').last();
      const name = (await lastName.boundingBox())!;
      expect(Math.abs(name.x - box.x)).toBeLessThan(2);
      expect(name.y + name.height).toBeLessThanOrEqual(box.y + box.height + 1);
      expect(await lastName.getByRole('link').textContent()).toMatch(/\([A-Z-]+\)$/);
      await expectClean(page, 'heatmap-scrolled');
    });

    it('orders departments by the completion the api answered, hidden figures last, and shows only those below a share', async () => {
      // This journey's course (other journeys add columns of their own to the shared database).
      const subject = page.getByLabel('Completion in');
      const index = (await subject.count()) ? (await subject.selectOption('course:racial-equity-toolkit'), await subject.evaluate((el: HTMLSelectElement) => el.selectedIndex)) : 0;
      const figures = () =>
        heatmap()
          .locator('tbody tr')
          .evaluateAll((rows, i) => rows.map((row) => (row.querySelectorAll('td')[i]?.querySelector('.heatmap__value')?.firstChild?.textContent ?? '').trim()), index);
      await page.getByLabel('Order departments').selectOption({ label: 'Lowest completion first' });
      await expectText(heatmap().locator('caption'), /lowest completion in .+ first/);
      const column = await figures();
      const percents = column.map((text) => (/^(\d+(\.\d+)?)%$/.exec(text) ? Number.parseFloat(text) : null));
      const firstHidden = percents.findIndex((p) => p === null);
      const shown = (firstHidden === -1 ? percents : percents.slice(0, firstHidden)) as number[];
      expect(shown.length).toBeGreaterThan(0);
      expect(shown).toEqual([...shown].sort((a, b) => a - b));
      if (firstHidden !== -1) expect(percents.slice(firstHidden).every((p) => p === null)).toBe(true);

      await page.getByLabel('Show only departments below').selectOption({ label: '100% completed' });
      await expectText(heatmap().locator('caption'), /only departments below 100%/);
      const below = await figures();
      expect(below.length).toBeGreaterThan(0);
      for (const text of below) expect(text).toMatch(/^\d+(\.\d+)?%$/);
      for (const text of below) expect(Number.parseFloat(text)).toBeLessThan(100);
      await expectClean(page, 'heatmap-sorted');
    });

    it('shows who leads each department, linked to the person, and staff counted with the units under each', async () => {
      await page.goto(`${baseUrl}/rase/departments`);
      await page.getByRole('heading', { level: 1, name: 'Departments' }).waitFor();
      await page.getByRole('button', { name: 'Expand all' }).click();
      const tes = page.locator('.tree__row').filter({ hasText: 'TES · department' }).first();
      await expectText(tes, /\d+ active staff here, \d+ with the units under it/);
      const [here, withUnits] = ((await tes.textContent()) ?? '').match(/(\d+) active staff here, (\d+) with/)!.slice(1).map(Number);
      expect(withUnits).toBeGreaterThan(here);
      await expectText(tes, /Led by /);
      expect(await tes.locator('.tree__leads a').first().getAttribute('href')).toMatch(/^\/rase\/people\/[0-9a-f-]{36}$/);
      expect(await page.locator('.tree__leads').filter({ hasText: /No equity lead|No lead of its own/ }).count()).toBeGreaterThan(0);
      await expectClean(page, 'departments-admin');
    });
  });

  describe('at 375 px', () => {
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      ({ browser, context, page } = await signedInPage('admin@equip.demo', '/rase', { context: { viewport: { width: 375, height: 667 } } }));
    });

    afterAll(async () => {
      await context?.close();
      await browser?.close();
    });

    it('reads the heatmap as a list per department, each figure named by its course, without scrolling sideways', async () => {
      await page.goto(`${baseUrl}/rase/dashboard`);
      const list = page.getByRole('list', { name: /^Share of assignments completed/ });
      await list.waitFor();
      expect(await page.getByRole('table', { name: /^Share of assignments completed/ }).isVisible()).toBe(false);
      const library = list.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /\(LIB\)$/ }) });
      await expectText(library, /\d+(\.\d+)?%|fewer than 5|not assigned/);
      expect(await library.locator('dt').first().textContent()).toMatch(/\S/);
      expect(await library.getByRole('link').first().getAttribute('href')).toMatch(/^\/rase\/dashboard\/departments\//);
      await expectClean(page, 'heatmap-phone');
    });

    it('shows the departments page without scrolling sideways', async () => {
      await page.goto(`${baseUrl}/rase/departments`);
      await page.getByRole('heading', { level: 1, name: 'Departments' }).waitFor();
      await expectText(page.locator('.tree__row').first(), /active staff/);
      await expectClean(page, 'departments-phone');
    });
  });

  describe('a viewer', () => {
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      ({ browser, context, page } = await signedInPage('viewer@equip.demo', '/rase'));
    });

    afterAll(async () => {
      await context?.close();
      await browser?.close();
    });

    it('sees the departments without any person’s name and without counts it may not see exactly', async () => {
      await page.goto(`${baseUrl}/rase/departments`);
      await page.getByRole('heading', { level: 1, name: 'Departments' }).waitFor();
      await page.locator('.tree__row').first().waitFor();
      const text = await page.locator('main').innerText();
      expect(text).not.toMatch(/active staff|Led by|No equity lead/);
      expect(await page.locator('.tree__leads').count()).toBe(0);
      await expectClean(page, 'departments-viewer');
    });
  });
});
