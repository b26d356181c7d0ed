import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2e } from '../support/environment';
import { currentRosterLines, ROSTER_HEADER } from '../support/roster';
import { ARTIFACTS, axeViolations, expectText, launch } from './browser';

/**
 * The nightly files on the roster import page, as a RASE administrator, at desktop and phone width:
 * a held file (as the worker leaves one: stored, recorded, its reason in words) is previewed with
 * the warning summary and the typed number, left as it is, then discarded after being asked. It is
 * never applied here: this database is shared with the other journeys.
 */
describe('nightly roster files on the import page (browser)', () => {
  const { baseUrl, demoPassword } = e2e();
  const fileName = `hr-browser-${Date.now()}.csv`;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let sql: Client;

  async function expectNoAxeViolations(name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `roster-feed-${name}.png`), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  }

  beforeAll(async () => {
    sql = new Client({ connectionString: e2e().databaseUrl });
    await sql.connect();
    // Only the people who hold a role: as a full roster it would deactivate everyone else (a dry run only, here).
    const { rows: holders } = await sql.query<{ employee_id: string }>(`SELECT DISTINCT s.employee_id FROM staff s JOIN role_grant g ON g.staff_id = s.id`);
    const keep = new Set(holders.map((h) => h.employee_id));
    // Without managers: theirs are mostly among the people left out.
    const lines = (await currentRosterLines((row) => ({ ...row, manager_employee_id: null }))).filter((line) => keep.has(line.split(',')[0]));
    const body = Buffer.from([ROSTER_HEADER, ...lines].join('\r\n') + '\r\n');
    const sha256 = createHash('sha256').update(body).digest('hex');
    const key = `roster-feed/${sha256}.csv`;
    await sql.query(`INSERT INTO stored_file (key, content_type, body) VALUES ($1, 'text/csv', $2) ON CONFLICT (key) DO NOTHING`, [key, body]);
    await sql.query(
      `INSERT INTO roster_feed_file (sha256, file_name, storage_key, size, state, held_reason, deactivate)
       VALUES ($1, $2, $3, $4, 'held', $5, 0)`,
      [sha256, fileName, key, body.length, `The nightly roster file ${fileName} would deactivate many people; the limit for importing without a person's confirmation is 50.`],
    );
    browser = await launch();
    context = await browser.newContext();
    page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Email').fill('admin@equip.demo');
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/rase');
    await page.goto(`${baseUrl}/rase/roster`);
    await page.getByRole('heading', { level: 2, name: 'Nightly files' }).waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await sql?.end();
  });

  it('lists the held file with its reason in words and previews applying it with the typed number', async () => {
    const file = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: fileName }) });
    await expectText(file, /Waiting for you/);
    await expectText(file, /would deactivate many people/);
    await expectNoAxeViolations('held');

    await file.getByRole('button', { name: `Apply… ${fileName}` }).click();
    await page.getByRole('heading', { level: 4, name: 'Apply this file?' }).waitFor();
    await expectText(file, /Check before you go ahead/);
    await file.getByLabel(/^Type \d+ to confirm deactivating \d+ people$/).waitFor();
    await expectNoAxeViolations('preview');
    await file.getByRole('button', { name: 'Not now' }).click();
  });

  it('discards it after asking, at phone width', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    const file = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: fileName }) });
    await file.getByRole('button', { name: `Discard… ${fileName}` }).click();
    await expectText(file, /will be imported/);
    await expectNoAxeViolations('discard-asked-phone');
    await file.getByRole('button', { name: 'Discard the file' }).click();
    await expectText(page.getByRole('status').filter({ hasText: 'discarded' }), /The file was discarded\./);
    await expectText(file, /Discarded by/);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    await expectNoAxeViolations('discarded-phone');
  });
});
