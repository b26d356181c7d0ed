import type { CohortDetail, StoredLesson } from '@equip/shared/contracts';
import { formatDay } from '@equip/shared/domain';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Page } from 'playwright-core';
import { e2e } from '../support/environment';
import { Session } from '../support/http';
import { ARTIFACTS, axeViolations, expectText, signedInPage, SignedInPage } from './browser';
import { chooseCorrectAnswers, markLessonsDone } from './lessons';

const PHONE = { viewport: { width: 375, height: 812 } };
/** The course the learner finishes: one without prerequisites, so Start on the task list opens it. */
const COURSE = 'racial-equity-foundations';

/** YYYY-MM-DD `days` from now (UTC; a day either way of the city's is far from every date used here). */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Due dates that can be changed, with people and a cohort of this journey's own (the e2e database
 * is shared): the TES lead, on a phone, extends one person's due date from their record with a
 * reason and sees it listed; then changes the cohort assignment's rule to "60 days after hire"
 * after its preview, and the members list says why someone hired long ago gets the date they do.
 * Then, in a second cohort of its own, the lead selects two members and extends their due date at
 * once after the count (one already completed is left as they are); the learner extended signs in
 * and sees the new day on their home's task list (desktop and 375 px), starts the course from it,
 * passes its knowledge check and finishes it, and finds the certificate the worker issued from the
 * completed card. Every page is checked with axe (WCAG 2.1 A/AA).
 */
describe('due dates that can be changed', () => {
  const { baseUrl, databaseUrl } = e2e();
  const stamp = Date.now();
  const cohortName = `Due dates journey ${stamp}`;
  let veteranId = '';
  let newcomerId = '';
  let lead: SignedInPage;
  let cohort: CohortDetail;
  const learnersCohortName = `Due dates learners ${stamp}`;
  const learnerEmail = `duedates-learner-${stamp}@e2e.equip.test`;
  const learnerPassword = `Due-dates-learner-${stamp}!`;
  let learnerId = '';
  let finishedId = '';
  let learners: CohortDetail;
  let check: Extract<StoredLesson, { type: 'knowledge-check' }>;
  let courseTitle = '';
  const extendedTo = inDays(45);

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
      // The learner of the second part signs in; the other has already completed the course.
      learnerId = await person('learner', 'Lena', '2020-01-06');
      finishedId = await person('finished', 'Fern', '2020-01-06');
      const argon2 = await import('argon2');
      await client.query(`UPDATE staff SET email = $2 WHERE id = $1`, [learnerId, learnerEmail]);
      await client.query(`INSERT INTO account (staff_id, password_hash) VALUES ($1, $2)`, [learnerId, await argon2.hash(learnerPassword, { type: argon2.argon2id })]);
      const { rows: [course] } = await client.query(`SELECT v.title, v.lessons FROM course c JOIN course_version v ON v.id = c.current_version_id WHERE c.slug = $1`, [COURSE]);
      courseTitle = course.title;
      check = (course.lessons as StoredLesson[]).find((l): l is typeof check => l.type === 'knowledge-check')!;
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
    const second = await api.post('/api/cohorts', { name: learnersCohortName, departmentId: departments.find((d) => d.code === 'TES')!.id, kind: 'static' });
    expect(second.status).toBe(201);
    learners = (await second.json()) as CohortDetail;
    expect((await api.post(`/api/cohorts/${learners.id}/members`, { staffIds: [learnerId, finishedId] })).status).toBe(200);
    expect((await api.post(`/api/cohorts/${learners.id}/assignments`, { courseSlug: COURSE, due: { kind: 'absolute', dueOn: inDays(10) } })).status).toBe(201);
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      await db.query(`UPDATE assignment SET completed_at = now() WHERE staff_id = $1`, [finishedId]);
    } finally {
      await db.end();
    }
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

  it('the lead extends two selected members’ due date at once, after the count (phone)', async () => {
    const { page } = lead;
    await page.goto(`${baseUrl}/lead/cohorts/${learners.id}`);
    await page.getByRole('heading', { level: 1, name: learnersCohortName }).waitFor();
    await page.locator(`#member-${learnerId}`).check();
    await page.locator(`#member-${finishedId}`).check();
    const form = page.getByRole('form', { name: 'Extend the selected people’s due date' });
    await form.getByLabel('New due date').fill(extendedTo);
    await form.getByLabel('Reason').fill('Storm recovery');
    await form.getByRole('button', { name: 'Extend due date for selected (2)…' }).click();
    const confirm = page.getByRole('region', { name: /^Extend .+ for 1 person\?$/ });
    await expectText(confirm, /2 people selected have .+ from this cohort\./);
    await expectText(confirm, /1 who already completed is left as they are\./);
    await expectNoAxeViolations(page, 'bulk-extend-preview-phone');
    await confirm.getByRole('button', { name: 'Extend for 1 person' }).click();
    await expectText(page.locator('#members-outcome'), new RegExp(`1 person now has .+ due ${formatDay(extendedTo, { dateStyle: 'medium' })}; 1 email sent\\.`));
    await expectNoAxeViolations(page, 'bulk-extended-phone');
  });

  async function learnerPage(width: 'desktop' | 'phone'): Promise<SignedInPage> {
    return signedInPage(learnerEmail, '/learn', { password: learnerPassword, context: width === 'phone' ? PHONE : undefined });
  }

  for (const width of ['desktop', 'phone'] as const) {
    it(`the learner sees the new due date on their home’s task list (${width})`, async () => {
      const learner = await learnerPage(width);
      try {
        const { page } = learner;
        await page.getByRole('heading', { level: 2, name: 'Your assigned work' }).waitFor();
        const task = page.locator('section[aria-labelledby="learn-todo"] .task').filter({ hasText: courseTitle });
        await expectText(task, new RegExp(`Due ${formatDay(extendedTo, { dateStyle: 'long' })} \\(in \\d+ days\\)`));
        await expectText(task, new RegExp(`Assigned by the ${learnersCohortName} cohort`));
        await expectNoAxeViolations(page, `learner-extended-${width}`);
      } finally {
        await learner.browser.close();
      }
    });
  }

  it('the learner starts it from the task list, passes the knowledge check and finishes the course', async () => {
    const learner = await learnerPage('desktop');
    try {
      const { page } = learner;
      const task = page.locator('section[aria-labelledby="learn-todo"] .task').filter({ hasText: courseTitle });
      await task.getByRole('link', { name: /^Start/ }).click();
      await page.waitForURL((url) => url.pathname.startsWith(`/learn/courses/${COURSE}/lessons/`));
      await markLessonsDone(page);
      await page.locator('form fieldset').first().waitFor();
      await chooseCorrectAnswers(page, check);
      await page.getByRole('button', { name: 'Check my answers' }).click();
      await expectText(page.getByRole('status').filter({ hasText: 'Passed' }), /Passed/);
      await expectNoAxeViolations(page, 'learner-check-passed');
      await page.getByRole('link', { name: /^Next lesson:/ }).click();
      await page.locator('#reflection-text').fill('I will ask who a change leaves out before I make it.');
      await page.getByRole('button', { name: 'Save reflection' }).click();
      await page.getByRole('heading', { level: 2, name: 'Course complete' }).waitFor();
    } finally {
      await learner.browser.close();
    }
  }, 90_000);

  for (const width of ['desktop', 'phone'] as const) {
    it(`the learner finds the certificate from the completed card (${width})`, async () => {
      const learner = await learnerPage(width);
      try {
        const { page } = learner;
        await page.getByRole('heading', { level: 2, name: 'Completed' }).waitFor();
        const card = page.locator('section[aria-labelledby="learn-completed"] .task').filter({ hasText: courseTitle });
        // Its name carries the course's title, read out after "Download certificate".
        const download = card.getByRole('link', { name: new RegExp(`^Download certificate\\s*:\\s*${courseTitle}$`) });
        // The worker issues it moments after the completion (outbox → relay → worker); reload until it is there.
        const deadline = Date.now() + 60_000;
        while ((await download.count()) === 0) {
          if (Date.now() > deadline) throw new Error('No certificate on the completed card within 60 s of completing the course');
          await page.waitForTimeout(1000);
          await page.reload();
          await page.getByRole('heading', { level: 2, name: 'Completed' }).waitFor();
        }
        await expectText(card, /Completed [A-Z][a-z]{2} \d{1,2}/);
        expect(await page.locator('section[aria-labelledby="learn-todo"] .task').filter({ hasText: courseTitle }).count()).toBe(0);
        const href = (await download.getAttribute('href')) ?? '';
        expect(href).toMatch(/^\/api\/certificates\/[0-9a-f-]{36}\/pdf$/);
        const pdf = await page.request.get(`${baseUrl}${href}`);
        expect(pdf.status()).toBe(200);
        expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
        await expectNoAxeViolations(page, `learner-certificate-${width}`);
      } finally {
        await learner.browser.close();
      }
    }, 90_000);
  }
});
