import type { CohortDetail } from '@equip/shared/contracts';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Page } from 'playwright-core';
import { e2e } from '../support/environment';
import { Session } from '../support/http';
import { ARTIFACTS, axeViolations, expectText, signedInPage, SignedInPage } from './browser';

const PHONE = { viewport: { width: 375, height: 812 } };

/** YYYY-MM-DD `days` from now (UTC; a day either way of the city's is far from every date used here). */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Due dates that can be changed, with people and a cohort of this journey's own (the e2e database
 * is shared): the TES lead, on a phone, extends one person's due date from their record with a
 * reason and sees it listed; then changes the cohort assignment's rule to "60 days after hire"
 * after its preview, and the members list says why someone hired long ago gets the date they do.
 * Every page is checked with axe (WCAG 2.1 A/AA).
 */
describe('due dates that can be changed', () => {
  const { baseUrl, databaseUrl } = e2e();
  const stamp = Date.now();
  const cohortName = `Due dates journey ${stamp}`;
  let veteranId = '';
  let newcomerId = '';
  let lead: SignedInPage;
  let cohort: CohortDetail;

  async function expectNoAxeViolations(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `due-date-changes-${name}.png`), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  }

  beforeAll(async () => {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const person = async (key: string, first: string, hireDate: string | null) => {
        const { rows } = await client.query(
          `INSERT INTO staff (employee_id, email, first_name, last_name, department_id, hire_date)
           VALUES ($1, $2, $3, 'Duedates', (SELECT id FROM department WHERE code = 'TES'), $4) RETURNING id`,
          [`E2E-${key}-${stamp}`, `${key}-${stamp}@e2e.equip.test`, first, hireDate],
        );
        return rows[0].id as string;
      };
      veteranId = await person('veteran', 'Vera', '2012-04-02');
      newcomerId = await person('newcomer', 'Noel', null);
    } finally {
      await client.end();
    }
    const api = new Session();
    expect((await api.signIn('lead@equip.demo')).status).toBe(200);
    const departments = (await (await api.get('/api/departments')).json()) as { id: string; code: string }[];
    const created = await api.post('/api/cohorts', { name: cohortName, departmentId: departments.find((d) => d.code === 'TES')!.id, kind: 'static' });
    expect(created.status).toBe(201);
    cohort = (await created.json()) as CohortDetail;
    expect((await api.post(`/api/cohorts/${cohort.id}/members`, { staffIds: [veteranId, newcomerId] })).status).toBe(200);
    expect((await api.post(`/api/cohorts/${cohort.id}/assignments`, { courseSlug: 'targeted-universalism', due: { kind: 'absolute', dueOn: inDays(20) } })).status).toBe(201);
    lead = await signedInPage('lead@equip.demo', '/lead', { context: PHONE });
  });

  afterAll(async () => {
    await lead?.browser.close();
  });

  it('the lead extends one person’s due date from their record, with a reason', async () => {
    const { page } = lead;
    await page.goto(`${baseUrl}/lead/people/${veteranId}`);
    await page.getByRole('heading', { level: 1, name: 'Vera Duedates' }).waitFor();
    await page.getByRole('button', { name: /^Extend due date for / }).click();
    const dialog = page.getByRole('dialog', { name: 'Extend the due date for Vera Duedates' });
    await dialog.waitFor();
    // Nothing chosen: both fields say what is missing, and nothing is sent.
    await dialog.getByRole('button', { name: 'Extend due date' }).click();
    await expectText(dialog, /Enter the new due date/);
    await expectText(dialog, /Give a reason for the extension/);
    await expectNoAxeViolations(page, 'extend-dialog-errors-phone');
    await dialog.getByLabel('New due date').fill(inDays(40));
    await dialog.getByLabel('Reason').fill('Back from leave next month');
    await dialog.getByRole('button', { name: 'Extend due date' }).click();
    await expectText(page.locator('#record-assignments ~ p[role="status"]'), /is now due .+\. Vera will be told by email\./);
    await expectText(page.locator('main'), /due date extended from .+ to .+\. Back from leave next month Granted .+ by /);
    await expectNoAxeViolations(page, 'extended-phone');
  });

  it('the lead changes the cohort assignment to 60 days after hire after previewing it; the members list says why', async () => {
    const { page } = lead;
    await page.goto(`${baseUrl}/lead/cohorts/${cohort.id}`);
    await page.getByRole('heading', { level: 1, name: cohortName }).waitFor();
    await page.getByRole('button', { name: /^Change due date of / }).click();
    const region = page.getByRole('region', { name: /^Change when .* is due$/ });
    await region.getByLabel('A number of days after the person was hired').check();
    await region.getByLabel('Days', { exact: true }).fill('60');
    await region.getByRole('button', { name: 'Preview the change' }).click();
    await expectText(region, /2 people\./);
    await expectText(region, /2 people get a new due date and will be told by email\./);
    await expectNoAxeViolations(page, 'rule-change-preview-phone');
    await region.getByRole('button', { name: 'Change for 2 people' }).click();
    await expectText(page.locator('#assign-outcome'), /The due date of .+ changed\. 2 people got a new due date; 2 were told by email\./);
    await expectText(page.locator('table.cohort-members'), /hired before the assignment started, so 60 days after it started on /);
    await expectText(page.locator('table.cohort-members'), /no hire date on file, so 60 days after it started on /);
    await expectNoAxeViolations(page, 'rule-changed-phone');
  });
});
