import { join } from 'node:path';
import { Client } from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { issueCourseCertificate } from '../support/certificates';
import { e2e } from '../support/environment';
import { createSignIn } from '../support/fixtures';
import { ARTIFACTS, axeViolations, expectText, launch } from './browser';

const ASSIGNED = 'racial-equity-foundations';
const COMPLETED = 'targeted-universalism';
const PHONE = { width: 375, height: 812 };

/**
 * A person's record of learning, nudges and the learner's task list, in the browser, at desktop
 * width and at 375 px, each page and the nudge dialog checked with axe (WCAG 2.1 A/AA). The journey
 * works on a person of its own in TES (the demo lead's department), in a static cohort of its own:
 *
 * - the equity lead opens the person from the cohort's member list and reads their record (the
 *   cohort's assignment, who assigned it, the certificate), then nudges them with a personal note
 *   after reading the email in the dialog; the cohort page says "1 reminder sent" and "Nudged … by";
 * - the lead's home lists the cohort's soon-due unstarted work as a link, and the nudge just sent;
 * - the learner's home lists the assigned course first as a task list ("in 10 days", its lessons,
 *   who assigned it), Start opens its first lesson, and the completed course's card links to its
 *   certificate.
 */
describe('record of learning, nudges and the learner’s task list', () => {
  const { baseUrl, databaseUrl } = e2e();
  const stamp = Date.now();
  const email = `record-journey-${stamp}@equip.demo`;
  const password = `Record-journey-${stamp}!`;
  const lastName = `Recordson${stamp % 100000}`;
  const cohortName = `Record journey ${stamp}`;
  let staffId = '';
  let cohortId = '';
  let certificateId = '';
  let leadName = '';
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
    staffId = await createSignIn(email, password);
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(`UPDATE staff SET first_name = 'Rowan', last_name = $2, department_id = (SELECT id FROM department WHERE code = 'TES') WHERE id = $1`, [staffId, lastName]);
      const { rows: [lead] } = await client.query(`SELECT first_name || ' ' || last_name AS name FROM staff WHERE email = 'lead@equip.demo'`);
      leadName = lead.name;
      const { rows: [cohort] } = await client.query(
        `INSERT INTO cohort (name, department_id, kind) VALUES ($1, (SELECT id FROM department WHERE code = 'TES'), 'static') RETURNING id`,
        [cohortName],
      );
      cohortId = cohort.id;
      await client.query(`INSERT INTO cohort_member (cohort_id, staff_id, join_reason) VALUES ($1, $2, 'added')`, [cohortId, staffId]);
      const sources = JSON.stringify([{ kind: 'cohort', cohortId }]);
      await client.query(
        // Due in 10 city days.
        `INSERT INTO assignment (staff_id, course_id, sources, due_on)
         SELECT $1, c.id, $2::jsonb, city_today() + 10 FROM course c WHERE c.slug = $3`,
        [staffId, sources, ASSIGNED],
      );
      await client.query(
        `INSERT INTO assignment (staff_id, course_id, sources, due_on, completed_at)
         SELECT $1, c.id, $2::jsonb, city_today() + 5, now() FROM course c WHERE c.slug = $3`,
        [staffId, sources, COMPLETED],
      );
    } finally {
      await client.end();
    }
    certificateId = (await issueCourseCertificate(staffId, COMPLETED)).id;
  });

  afterAll(async () => {
    // The cohort is this journey's own; archive it so no other journey's list of TES cohorts grows for good.
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(`UPDATE cohort SET archived_at = now() WHERE id = $1`, [cohortId]);
    } finally {
      await client.end();
    }
    await browser?.close();
  });

  async function signIn(userEmail: string, userPassword: string, landing: string, viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext(viewport ? { viewport } : {});
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Email').fill(userEmail);
    await page.getByLabel('Password').fill(userPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === landing);
    return { context, page };
  }

  async function expectNoAxeViolations(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `record-${name}.png`), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  }

  for (const [width, viewport] of [['desktop', undefined], ['phone', PHONE]] as const) {
    it(`lets the lead open a person from a cohort and read their record (${width})`, async () => {
      const { context, page } = await signIn('lead@equip.demo', e2e().demoPassword, '/lead', viewport);
      try {
        await page.goto(`${baseUrl}/lead/cohorts/${cohortId}`);
        await page.getByRole('heading', { level: 1, name: cohortName }).waitFor();
        await page.getByRole('link', { name: `${lastName}, Rowan` }).first().click();
        await page.waitForURL((url) => url.pathname === `/lead/people/${staffId}`);
        await page.getByRole('heading', { level: 1, name: `Rowan ${lastName}` }).waitFor();
        await page.getByRole('heading', { level: 2, name: 'Record of learning' }).waitFor();
        const assignments = page.getByRole('table', { name: /Current assignments first/ });
        await expectText(assignments.locator('tbody tr').first(), new RegExp(`Not started.*Cohort ${cohortName}`));
        await expectText(page.locator('section[aria-labelledby="record-certificates"]'), /issued/);
        await expectText(page.locator('section[aria-labelledby="record-cohorts"]'), new RegExp(`${cohortName}: joined .* \\(added by hand\\)`));
        expect(await page.locator('main').textContent()).not.toMatch(/not_started|rule_no_longer_matches/);
        // The CSV export answers for this lead.
        const csv = await page.request.get(`${baseUrl}/api/staff/${staffId}/record.csv`);
        expect(csv.status()).toBe(200);
        expect(await csv.text()).toContain(`Cohort: ${cohortName}`);
        await expectNoAxeViolations(page, `lead-person-${width}`);
      } finally {
        await context.close();
      }
    });
  }

  it('nudges the person with a personal note after showing the email, and records it', async () => {
    const { context, page } = await signIn('lead@equip.demo', e2e().demoPassword, '/lead');
    try {
      await page.goto(`${baseUrl}/lead/cohorts/${cohortId}`);
      const members = page.getByRole('table', { name: /^Members, page 1 of/ });
      await members.waitFor();
      await page.getByLabel(`Select Rowan ${lastName}`).check();
      await page.getByRole('button', { name: /Nudge selected \(1\)/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('heading', { name: 'Nudge 1 person' }).waitFor();
      await expectText(dialog, new RegExp(`Subject: A reminder from ${leadName}`));
      await page.waitForFunction(() => document.activeElement?.id === 'nudge-note', undefined, { timeout: 5_000 });
      await dialog.getByLabel('Personal note (optional)').fill('Monday 9 am is set aside for it.');
      await expectText(dialog, /wrote: “Monday 9 am is set aside for it\.”/);
      await expectNoAxeViolations(page, 'nudge-dialog');
      await dialog.getByRole('button', { name: 'Send reminders' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expectText(page.locator('#members-outcome'), /^\s*1 reminder sent\.\s*$/);
      await expectText(members.locator('tbody tr').first(), new RegExp(`Nudged [A-Z][a-z]{2} \\d{1,2}, \\d{4} by ${leadName}`));
      await expectNoAxeViolations(page, 'cohort-nudged');
    } finally {
      await context.close();
    }
  });

  for (const [width, viewport] of [['desktop', undefined], ['phone', PHONE]] as const) {
    it(`shows the lead what needs attention, per cohort, and the nudge just sent (${width})`, async () => {
      const { context, page } = await signIn('lead@equip.demo', e2e().demoPassword, '/lead', viewport);
      try {
        const attention = page.locator('section[aria-labelledby="lead-attention"]');
        await attention.getByRole('heading', { name: 'Needs attention' }).waitFor();
        const item = attention.locator('li', { hasText: cohortName });
        await expectText(item, /1 assignment due in the next 14 days and not started/);
        expect(await item.getByRole('link', { name: /not started/ }).getAttribute('href')).toBe(`/lead/cohorts/${cohortId}?status=not_started`);
        const nudges = page.locator('section[aria-labelledby="lead-nudges"]');
        await expectText(nudges, new RegExp(`Rowan ${lastName}`));
        await nudges.getByRole('link', { name: `Rowan ${lastName}` }).first().waitFor();
        await expectNoAxeViolations(page, `lead-home-${width}`);
      } finally {
        await context.close();
      }
    });
  }

  for (const [width, viewport] of [['desktop', undefined], ['phone', PHONE]] as const) {
    it(`shows the learner assigned work first as a task list and the certificate from the completed card (${width})`, async () => {
      const { context, page } = await signIn(email, password, '/learn', viewport);
      try {
        await page.getByRole('heading', { level: 2, name: 'Your assigned work' }).waitFor();
        const task = page.locator('.task').first();
        await expectText(task, /\(in 10 days\)/);
        await expectText(task, /\d+ lessons/);
        await expectText(task, new RegExp(`Assigned by the ${cohortName} cohort`));
        expect(await task.textContent()).not.toMatch(/0 of 0/);
        const completed = page.locator('section[aria-labelledby="learn-completed"] .task').first();
        await expectText(completed, /Completed [A-Z][a-z]{2} \d{1,2}/);
        const certificate = completed.getByRole('link', { name: /Download certificate/ });
        expect(await certificate.getAttribute('href')).toBe(`/api/certificates/${certificateId}/pdf`);
        const pdf = await page.request.get(`${baseUrl}/api/certificates/${certificateId}/pdf`);
        expect(pdf.headers()['content-type']).toContain('application/pdf');
        await expectNoAxeViolations(page, `learner-home-${width}`);
      } finally {
        await context.close();
      }
    });
  }

  it('opens the first lesson from Start, with no separate enroll step', async () => {
    const { context, page } = await signIn(email, password, '/learn');
    try {
      const task = page.locator('.task').first();
      await task.getByRole('link', { name: /^Start/ }).click();
      await page.waitForURL((url) => url.pathname.startsWith(`/learn/courses/${ASSIGNED}/lessons/`));
      await page.locator('h1').waitFor();
      await expectText(page.locator('main'), /lessons done/);
      expect(await page.locator('main').textContent()).not.toMatch(/not enrolled/i);
      await expectNoAxeViolations(page, 'learner-started');
      // The learner's own record shows the course in progress.
      await page.goto(`${baseUrl}/learn/record`);
      await page.getByRole('heading', { level: 2, name: 'Record of learning' }).waitFor();
      await expectText(page.getByRole('table', { name: /Current assignments first/ }).locator('tbody tr').first(), /In progress/);
      await expectNoAxeViolations(page, 'learner-record');
    } finally {
      await context.close();
    }
  });
});
