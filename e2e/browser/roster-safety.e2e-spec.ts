import { join } from 'node:path';
import { Client } from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2e } from '../support/environment';
import { currentRosterLines, ROSTER_HEADER } from '../support/roster';
import { ARTIFACTS, axeViolations, expectText, signedInPage } from './browser';

/**
 * Imports that cannot hurt the city, in the browser, as a RASE administrator: a file that leaves
 * the administrator out is refused; one that would deactivate 30 % of staff needs the number typed
 * back; the import history lists it with its change list, and undoing it (after its preview)
 * brings everyone back. Every page is checked with axe (WCAG 2.1 A/AA), the history at phone width too.
 */
describe('roster imports that cannot hurt the city (browser)', () => {
  const { baseUrl } = e2e();
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  const query = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: e2e().databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  };
  const activeCount = async () => (await query<{ n: number }>(`SELECT count(*)::int AS n FROM staff WHERE active`))[0].n;

  async function expectNoAxeViolations(name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `roster-safety-${name}.png`), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  }

  async function check(name: string, csv: string): Promise<void> {
    await page.getByLabel('Roster file (CSV)').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Check file' }).click();
  }

  beforeAll(async () => {
    ({ browser, context, page } = await signedInPage('admin@equip.demo', '/rase'));
    await page.goto(`${baseUrl}/rase/roster`);
    await page.getByRole('heading', { level: 1, name: 'Roster import' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Import history' }).waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('refuses a file that leaves the administrator out, and offers no import', async () => {
    await expectNoAxeViolations('page');
    const [{ employee_id: me }] = await query<{ employee_id: string }>(`SELECT employee_id FROM staff WHERE email = 'admin@equip.demo'`);
    const lines = (await currentRosterLines()).filter((line) => line.split(',')[0] !== me);
    await check('without-me.csv', [ROSTER_HEADER, ...lines].join('\n'));

    await expectText(page.getByRole('alert'), /1 problem found — nothing was imported/);
    await expectText(page.getByRole('table', { name: 'Problems in without-me.csv, in file order' }), /This file leaves you out .* so it would deactivate you/);
    expect(await page.getByRole('button', { name: /^Import \d+/ }).count()).toBe(0);
    await expectNoAxeViolations('left-out');
  });

  it('needs the number typed back to deactivate 30 % of staff, then imports', async () => {
    const before = await activeCount();
    // 30 % of the active staff, among those who hold no role, have no account, are in no cohort and manage nobody.
    const leaving = await query<{ employee_id: string }>(
      `SELECT employee_id FROM staff s
        WHERE active AND NOT EXISTS (SELECT 1 FROM role_grant g WHERE g.staff_id = s.id)
          AND NOT EXISTS (SELECT 1 FROM account a WHERE a.staff_id = s.id)
          AND NOT EXISTS (SELECT 1 FROM cohort_member m WHERE m.staff_id = s.id AND m.left_at IS NULL)
          AND NOT EXISTS (SELECT 1 FROM staff r WHERE r.manager_id = s.id)
        ORDER BY employee_id LIMIT $1`,
      [Math.round(before * 0.3)],
    );
    expect(leaving.length).toBe(Math.round(before * 0.3));
    const out = new Set(leaving.map((l) => l.employee_id));
    const n = out.size;
    await page.getByRole('button', { name: 'Import another file' }).or(page.getByRole('button', { name: 'Check file' })).first().waitFor();
    await check('thirty-percent.csv', [ROSTER_HEADER, ...(await currentRosterLines()).filter((line) => !out.has(line.split(',')[0]))].join('\n'));

    const warning = page.getByRole('region', { name: 'Check before you go ahead' });
    await expectText(warning, new RegExp(`this would deactivate ${n} people, more than the \\d+`));
    await expectNoAxeViolations('confirm');

    // Without the number, the page asks for it; with it, the import goes through.
    const importButton = page.getByRole('button', { name: new RegExp(`^Import ${n} changes$`) });
    await importButton.click();
    await expectText(page.getByRole('alert'), new RegExp(`Type ${n} to confirm`));
    expect(await activeCount()).toBe(before);
    await page.getByLabel(`Type ${n} to confirm deactivating ${n} people`).fill(String(n));
    await importButton.click();
    await page.getByRole('heading', { level: 2, name: 'Roster imported' }).waitFor();
    expect(await activeCount()).toBe(before - n);
    await expectNoAxeViolations('imported');
  });

  it('lists the import in the history with its change list, and undoes it after a preview', async () => {
    const history = page.getByRole('region', { name: 'Import history' });
    const latest = history.getByRole('row').nth(1);
    await expectText(latest, /thirty-percent\.csv.*deactivated.*confirmed by typing the number/s);
    const csvHref = await latest.getByRole('link', { name: /^Changes \(CSV\)/ }).getAttribute('href');
    const csv = await page.request.get(`${baseUrl}${csvHref}`);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split('\r\n')[0]).toBe('line,employee_id,name,change,field,before,after');

    // At phone width the history scrolls inside its own region, never the page.
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectNoAxeViolations('history-phone');
    await page.setViewportSize({ width: 1280, height: 800 });

    const deactivated = await activeCount();
    await latest.getByRole('button', { name: /^Undo…/ }).click();
    const undo = page.getByRole('region', { name: 'Undo this import?' });
    await expectText(undo, /Undoing it would:\s+reactivate \d+/);
    expect(await activeCount()).toBe(deactivated);
    await expectNoAxeViolations('undo-preview');

    await undo.getByRole('button', { name: 'Undo the import' }).click();
    await page.getByRole('heading', { level: 3, name: 'Import undone' }).waitFor();
    const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM staff WHERE active AND deactivated_at IS NULL`);
    expect(await activeCount()).toBeGreaterThan(deactivated);
    expect(n).toBe(await activeCount());
    await expectText(history.getByRole('row').nth(1), /Undo of an earlier import/);
    await expectNoAxeViolations('undone');
  });
});
