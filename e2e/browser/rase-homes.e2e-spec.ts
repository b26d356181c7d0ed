import { JobName, QueueName } from '@equip/shared/contracts';
import { Queue, QueueEvents } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { e2e } from '../support/environment';
import { Session } from '../support/http';
import { currentRoster, importRoster } from '../support/roster';
import { ARTIFACTS, axeViolations, expectText, signedInPage } from './browser';
import { Client } from 'pg';

/**
 * The RASE area's home (issue 16). An administrator's shows four panels, each with links to the
 * pages behind it: departments without a lead, the lowest completion, recent roster imports with
 * their problems (a refused import made here) and failed background jobs (a job failed here); the
 * foundations track is assigned to a TES cohort so that completion has a department to show. A
 * viewer's shows the city summary and the way to the dashboard, and none of the four. Axe-clean on
 * the desktop and at 375 px, without scrolling sideways.
 */
describe('RASE homes', () => {
  const { redisUrl, queuePrefix, databaseUrl } = e2e();
  /** The cohort this journey assigns the foundations track to; taken away again after it, assignments and all. */
  let cohortId: string | undefined;

  beforeAll(async () => {
    // A real import refused for a problem: the roster as it stands, one email broken.
    const admin = new Session();
    expect((await admin.signIn('admin@equip.demo')).status).toBe(200);
    let broken = false;
    const roster = await currentRoster((row) => {
      if (broken || row.status !== 'active') return row;
      broken = true;
      return { ...row, email: 'not-an-email-address' };
    });
    expect((await importRoster(admin, roster)).status).toBe(422);

    // The demo city assigns nothing yet: a cohort of TES trades staff given the foundations track.
    const departments = (await (await admin.get('/api/departments')).json()) as { id: string; code: string }[];
    const tes = departments.find((d) => d.code === 'TES')!;
    const created = await admin.post('/api/cohorts', { name: `TES trades home ${Date.now()}`, departmentId: tes.id, kind: 'rule', rule: { jobClasses: ['Trades'], activeOnly: true } });
    expect(created.status).toBe(201);
    const cohort = (await created.json()) as { id: string };
    cohortId = cohort.id;
    const due = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    const assigned = await admin.post(`/api/cohorts/${cohort.id}/assignments`, { trackSlug: 'all-staff-foundations', due: { kind: 'absolute', dueOn: due }, recurrenceMonths: null });
    expect(assigned.status).toBe(201);

    // A job the worker rejects (its payload names no staff member), left failed.
    const connection = { url: redisUrl, maxRetriesPerRequest: null };
    const invitations = new Queue(QueueName.Invitations, { connection, prefix: `{${queuePrefix}}` });
    const events = new QueueEvents(QueueName.Invitations, { connection, prefix: `{${queuePrefix}}` });
    try {
      await events.waitUntilReady();
      const job = await invitations.add(JobName.SendInvitation, { outboxId: randomUUID(), staffId: 'not-a-uuid' }, { jobId: `home-${randomUUID()}`, attempts: 1 });
      await expect(job.waitUntilFinished(events, 20_000)).rejects.toThrow(/staffId/);
    } finally {
      await events.close();
      await invitations.close();
    }
  });

  // Other journeys (the lead's cohorts) assign the same track to the same TES trades staff and count
  // what they assigned: leave the shared database as this journey found it.
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

  const section = (page: Page, heading: string): Locator => page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: heading, exact: true }) });

  async function expectClean(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `rase-home-${name}.png`), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    // No ids or codes in words: a uuid anywhere in the page's text is a bug.
    expect(await page.locator('main').innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/);
  }

  describe.each([
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 375, height: 667 }],
  ])('an administrator (%s)', (name, viewport) => {
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      ({ browser, context, page } = await signedInPage('admin@equip.demo', '/rase', { context: { viewport } }));
    });

    afterAll(async () => {
      await context?.close();
      await browser?.close();
    });

    it('shows the four panels, each with links to the pages behind it', async () => {
      await page.getByRole('heading', { level: 1, name: 'City-wide progress' }).waitFor();

      const withoutLead = section(page, 'Departments without a lead');
      await expectText(withoutLead, /no equity lead|Every department has a lead/);
      const people = withoutLead.getByRole('link');
      if ((await people.count()) > 0) expect(await people.first().getAttribute('href')).toMatch(/^\/rase\/people\?departmentId=/);

      const lowest = section(page, 'Lowest completion');
      await lowest.getByRole('table', { name: /lowest completion/ }).waitFor();
      expect(await lowest.getByRole('link').first().getAttribute('href')).toMatch(/^\/rase\/dashboard\/departments\//);

      const imports = section(page, 'Recent roster imports');
      await expectText(imports, /refused, nothing changed; \d+ problems?/);
      expect(await imports.getByRole('link', { name: 'Roster import and its full history' }).getAttribute('href')).toBe('/rase/roster');
      expect(await imports.getByRole('link', { name: /^\S+ \S+/ }).first().getAttribute('href')).toMatch(/^\/rase\/people\//);

      const jobs = section(page, 'Failed background jobs');
      await expectText(jobs, /An invitation could not be sent: the person’s record was not found\. Retrying it will not help\.\s*Failed [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M E[SD]T, after 1 attempt\./);
      expect(await jobs.textContent()).not.toMatch(/staffId|Invalid payload|UUID/);
      expect(await jobs.getByRole('link', { name: 'Open the queue dashboard' }).getAttribute('href')).toBe('/api/admin/queues');

      await expectClean(page, `admin-${name}`);
    });

    it('opens the department with the lowest completion from its panel', async () => {
      const link = section(page, 'Lowest completion').getByRole('link').first();
      const department = ((await link.textContent()) ?? '').trim();
      await link.click();
      await page.waitForURL((url) => url.pathname.startsWith('/rase/dashboard/departments/'));
      await page.getByRole('heading', { level: 1, name: department }).waitFor();
    });
  });

  describe.each([
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 375, height: 667 }],
  ])('a viewer (%s)', (name, viewport) => {
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      ({ browser, context, page } = await signedInPage('viewer@equip.demo', '/rase', { context: { viewport } }));
    });

    afterAll(async () => {
      await context?.close();
      await browser?.close();
    });

    it('shows the city summary and a link to the dashboard, and none of the administrator’s panels', async () => {
      const summary = section(page, 'City summary');
      await expectText(summary, /Staff who completed .+/);
      await expectText(summary, /Completions this quarter/);
      expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual(['City summary']);
      await expectClean(page, `viewer-${name}`);

      await summary.getByRole('link', { name: 'Open the dashboard' }).click();
      await page.waitForURL((url) => url.pathname === '/rase/dashboard');
      await page.getByRole('heading', { level: 1, name: 'City-wide dashboard' }).waitFor();
    });
  });
});
