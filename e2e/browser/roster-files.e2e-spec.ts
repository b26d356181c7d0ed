import { encode } from 'iconv-lite';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2e } from '../support/environment';
import { Session } from '../support/http';
import { currentRoster, currentRosterLines, importRoster, type RosterRow } from '../support/roster';
import { ARTIFACTS, axeViolations, expectText, signedInPage } from './browser';

/** The roster header as people write it. */
const HUMAN_HEADER = 'Employee ID,First Name,Last Name,Email,Department Code,Job Title,Job Class,Work Location,Manager Employee ID,Hire Date,Status';
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** A day after 1 March 1900 as Excel stores it: days since its epoch. */
const excelSerial = (day: string) => String((Date.parse(`${day}T00:00:00Z`) - EXCEL_EPOCH) / 86_400_000);
const longDay = (day: string) => new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', dateStyle: 'long' }).format(new Date(`${day}T00:00:00Z`));

/**
 * Issue 15, roster files as HR writes them: an administrator uploads the city's full roster as
 * Excel's plain "CSV" writes it (Windows-1252, a header like "Employee ID", hire dates as Excel's
 * date numbers, one person's job title changed), sees the encoding and the dates it read, imports
 * it, and opens the roster file format page. Axe (WCAG 2.1 A/AA) on each page. The city's roster
 * is put back as it was afterwards.
 */
describe('roster files as HR writes them (browser)', () => {
  const { baseUrl } = e2e();
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let original: string;

  beforeAll(async () => {
    original = await currentRoster();
    ({ browser, context, page } = await signedInPage('admin@equip.demo', '/rase'));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    if (original) {
      const admin = new Session();
      await admin.signIn('admin@equip.demo');
      const res = await importRoster(admin, original);
      if (res.status !== 200) throw new Error(`could not put the roster back: ${res.status} ${await res.text()}`);
    }
  });

  /** At a 375 px phone width the page does not scroll sideways (wide tables scroll inside their own box). */
  async function expectPhoneWidth(name: string): Promise<void> {
    const desktop = page.viewportSize();
    await page.setViewportSize({ width: 375, height: 800 });
    try {
      await page.screenshot({ path: join(ARTIFACTS, `roster-files-${name}-375.png`), fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    } finally {
      if (desktop) await page.setViewportSize(desktop);
    }
  }

  async function expectNoAxeViolations(name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `roster-files-${name}.png`), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  }

  it('checks a Windows-1252 file with Excel dates and a human header, shows what it read, and imports it', async () => {
    let changed: RosterRow | undefined;
    let firstDated: RosterRow | undefined;
    const lines = await currentRosterLines((row) => {
      firstDated ??= row.hire_date ? row : undefined;
      if (!changed && row.status === 'active') {
        changed = { ...row, job_title: 'Équipe Lead – Night' };
        return { ...changed, hire_date: row.hire_date && excelSerial(row.hire_date) };
      }
      return { ...row, hire_date: row.hire_date && excelSerial(row.hire_date) };
    });
    expect(changed && firstDated).toBeTruthy();
    const file = encode([HUMAN_HEADER, ...lines].join('\r\n') + '\r\n', 'windows-1252');

    await page.goto(`${baseUrl}/rase/roster`);
    await page.getByRole('heading', { level: 1, name: 'Roster import' }).waitFor();
    await page.getByLabel('Roster file (CSV)').setInputFiles({ name: 'hr-export.csv', mimeType: 'text/csv', buffer: file });
    await page.getByRole('button', { name: 'Check file' }).click();

    const read = page.getByRole('region', { name: 'How the file was read' });
    await read.waitFor();
    await expectText(read.locator('dd').first(), /^Windows-1252, as Excel saves plain “CSV”/);
    const columnsRead = read.getByRole('table', { name: 'Columns read from the header' });
    const firstColumn = columnsRead.locator('tbody tr').first();
    expect([(await firstColumn.locator('th').textContent())?.trim(), (await firstColumn.locator('td').textContent())?.trim()]).toEqual(['employee_id', 'Employee ID']);
    const dates = read.getByRole('table', { name: 'How the first dates were read' });
    const firstDate = dates.locator('tbody tr').first();
    expect((await firstDate.locator('td').nth(1).textContent())?.trim()).toMatch(/^\d+$/);
    expect((await firstDate.locator('td').nth(2).textContent())?.trim()).toBe(longDay(firstDated!.hire_date!));

    const toChange = page.getByRole('table', { name: 'People to change' });
    await toChange.waitFor();
    expect(await toChange.textContent()).toContain('Équipe Lead – Night');
    await expectNoAxeViolations('checked');
    await expectPhoneWidth('checked');

    await page.getByRole('button', { name: /^Import \d+ changes?$/ }).click();
    await page.getByRole('heading', { name: 'Roster imported' }).waitFor();
    await expectNoAxeViolations('imported');
  });

  it('opens the roster file format from the import page, saves a column name and a date order, and puts them back', async () => {
    await page.goto(`${baseUrl}/rase/roster`);
    await page.getByText('What the roster file must contain').click();
    await page.getByRole('link', { name: 'set the roster file format' }).click();
    await page.waitForURL((url) => url.pathname === '/rase/roster/format');
    await page.getByRole('heading', { level: 1, name: 'Roster file format' }).waitFor();
    await page.getByText('No names of your own yet.').waitFor();
    await expectNoAxeViolations('format');

    await page.getByRole('button', { name: 'Add a column name' }).click();
    await page.getByLabel('Header in your export (1)').fill('Emp No');
    await page.getByLabel('Roster column (1)').selectOption('employee_id');
    await page.getByLabel('Day first: 3/4/2019 is April 3, 2019').check();
    await page.getByRole('button', { name: 'Save format' }).click();
    await expectText(page.locator('.equip-status'), /^Saved\. The next roster check reads files this way\.$/);
    await expectNoAxeViolations('format-saved');
    await expectPhoneWidth('format-saved');

    await page.getByRole('button', { name: 'Remove name 1' }).click();
    await page.getByLabel('Month first: 3/4/2019 is March 4, 2019 (the US way)').check();
    await page.getByRole('button', { name: 'Save format' }).click();
    await page.getByText('No names of your own yet.').waitFor();
    await expectText(page.locator('.equip-status'), /^Saved\./);
  });
});
