import type { CohortDetail, MyEnrollment, StoredLesson } from '@equip/shared/contracts';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Page } from 'playwright-core';
import { e2e } from '../support/environment';
import { Session } from '../support/http';
import { ARTIFACTS, axeViolations, expectText, signedInPage, SignedInPage } from './browser';

const PHONE = { viewport: { width: 375, height: 812 } };
const COURSE = 'racial-equity-foundations';

/**
 * Changing what was assigned, and more attempts at a knowledge check, with people and a cohort of
 * this journey's own (the e2e database is shared): a learner in TES uses all three attempts, asks
 * their lead from the lesson, the TES lead (on a phone) gives one more attempt; the learner fails
 * it too and the lead gives another from the learner's record of learning; the learner passes; the lead withdraws the cohort's assignment after its preview; the lead archives the cohort
 * and restores it. Every page is checked with axe (WCAG 2.1 A/AA).
 */
describe('assignments that can be changed, and more attempts', () => {
  const { baseUrl, databaseUrl } = e2e();
  const stamp = Date.now();
  const email = `attempts-${stamp}@e2e.equip.test`;
  const password = 'a long e2e password for attempts';
  const cohortName = `Withdrawal journey ${stamp}`;
  let learnerId = '';
  let otherId = '';
  let lessons: StoredLesson[] = [];
  let check: Extract<StoredLesson, { type: 'knowledge-check' }>;
  let enrollment: MyEnrollment;
  let learner: SignedInPage;
  let lead: SignedInPage;
  let learnerApi: Session;
  let wrong: Record<string, string[]> = {};
  let cohort: CohortDetail;

  async function expectNoAxeViolations(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `assignments-and-attempts-${name}.png`), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  }

  beforeAll(async () => {
    const argon2 = await import('argon2');
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const hash = await argon2.hash(password, { type: argon2.argon2id });
      const person = async (key: string, withAccount: boolean) => {
        const { rows } = await client.query(
          `INSERT INTO staff (employee_id, email, first_name, last_name, department_id)
           VALUES ($1, $2, $3, 'Journey', (SELECT id FROM department WHERE code = 'TES')) RETURNING id`,
          [`E2E-${key}-${stamp}`, withAccount ? email : `${key}-${stamp}@e2e.equip.test`, key === 'learner' ? 'Attempt' : 'Other'],
        );
        if (withAccount) await client.query(`INSERT INTO account (staff_id, password_hash) VALUES ($1, $2)`, [rows[0].id, hash]);
        return rows[0].id as string;
      };
      learnerId = await person('learner', true);
      otherId = await person('other', false);
      lessons = (await client.query(`SELECT v.lessons FROM course c JOIN course_version v ON v.id = c.current_version_id WHERE c.slug = $1`, [COURSE])).rows[0].lessons;
    } finally {
      await client.end();
    }
    check = lessons.find((l): l is typeof check => l.type === 'knowledge-check')!;

    // The learner, through the api: the lessons before the check, then every attempt used, wrongly.
    const api = new Session();
    learnerApi = api;
    expect((await api.signIn(email, password)).status).toBe(200);
    enrollment = (await (await api.post(`/api/learning/courses/${COURSE}/enrol`)).json()) as MyEnrollment;
    const base = `/api/learning/enrollments/${enrollment.id}/lessons`;
    for (const lesson of lessons.slice(0, lessons.indexOf(check))) expect((await api.post(`${base}/${lesson.slug}/complete`)).status).toBe(200);
    wrong = Object.fromEntries(check.questions.map((q) => [q.id, [q.options.find((o) => !o.correct)!.id]]));
    for (let i = 0; i < check.attempts; i++) expect((await api.post(`${base}/${check.slug}/attempts`, { answers: wrong })).status).toBe(201);

    learner = await signedInPage(email, '/learn', { password });
    lead = await signedInPage('lead@equip.demo', '/lead', { context: PHONE });
  });

  afterAll(async () => {
    await learner?.browser.close();
    await lead?.browser.close();
  });

  it('a learner who used every attempt asks their lead from the lesson, once', async () => {
    const { page } = learner;
    await page.goto(`${baseUrl}/learn/courses/${COURSE}/lessons/${check.slug}`);
    await expectText(page.locator('main'), new RegExp(`Attempts used: ${check.attempts} of ${check.attempts}\\. No attempts are left\\.`));
    await page.getByRole('button', { name: 'Ask my lead for another attempt' }).click();
    await expectText(page.locator('.kc-ask'), /You asked your equity lead for another attempt on /);
    expect(await page.getByRole('button', { name: 'Ask my lead for another attempt' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'learner-asked');
  });

  it('the lead sees the request on a phone and gives one more attempt', async () => {
    const { page } = lead;
    await page.goto(`${baseUrl}/lead/attempt-requests`);
    await page.getByRole('heading', { level: 1, name: 'Requests for another attempt' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Journey, Attempt' });
    await row.waitFor();
    expect(await row.getByRole('link', { name: 'Journey, Attempt' }).getAttribute('href')).toBe(`/lead/people/${learnerId}`);
    await expectNoAxeViolations(page, 'lead-requests-phone');
    await row.getByRole('button', { name: /^Give one more attempt to Attempt Journey at / }).click();
    await expectText(page.locator('p.equip-status[role="status"]'), /Attempt Journey can try .+ again: 1 attempt left\./);
    expect(await page.getByRole('row').filter({ hasText: 'Journey, Attempt' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'lead-granted-phone');
  });

  it('the learner fails the granted attempt too, and the lead gives another from their record of learning', async () => {
    expect((await learnerApi.post(`/api/learning/enrollments/${enrollment.id}/lessons/${check.slug}/attempts`, { answers: wrong })).status).toBe(201);
    const { page } = lead;
    await page.goto(`${baseUrl}/lead/people/${learnerId}`);
    const section = page.locator('section[aria-labelledby="record-checks"]');
    await expectText(section, new RegExp(`${check.attempts + 1} of ${check.attempts + 1} attempts used, all used, not passed\\.`));
    await expectText(section, /1 more attempt given [A-Z][a-z]{2} \d{1,2}, \d{4} by \S+ \S+\./);
    await expectNoAxeViolations(page, 'lead-record-phone');
    await section.getByRole('button', { name: /^Give one more attempt at / }).click();
    await expectText(section.locator('p.equip-status[role="status"]'), /Attempt Journey can try .+ again: 1 attempt left\./);
    await expectText(section, new RegExp(`${check.attempts + 1} of ${check.attempts + 2} attempts used, not passed yet\\.`));
    expect(await section.getByRole('button', { name: /^Give one more attempt/ }).count()).toBe(0);
    // Keyboard focus stays in the section as the button goes.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('record-allowances');
    await expectNoAxeViolations(page, 'lead-record-granted-phone');
  });

  it('the learner attempts again and passes', async () => {
    const { page } = learner;
    await page.reload();
    await expectText(page.locator('main'), new RegExp(`Attempts used: ${check.attempts + 1} of ${check.attempts + 2}\\.`));
    for (const question of check.questions) {
      for (const option of question.options) {
        const box = page.locator(`#kc-${question.id}-${option.id}`);
        if (option.correct) await box.check();
        else if (question.kind === 'multiple') await box.uncheck();
      }
    }
    await page.getByRole('button', { name: 'Try again' }).click();
    await expectText(page.locator('.kc-result--passed'), /Passed/);
    await expectNoAxeViolations(page, 'learner-passed');
  });

  it('the lead withdraws a cohort assignment after previewing who it affects', async () => {
    const api = new Session();
    expect((await api.signIn('lead@equip.demo')).status).toBe(200);
    const departments = (await (await api.get('/api/departments')).json()) as { id: string; code: string }[];
    const tes = departments.find((d) => d.code === 'TES')!;
    const created = await api.post('/api/cohorts', { name: cohortName, departmentId: tes.id, kind: 'static' });
    expect(created.status).toBe(201);
    cohort = (await created.json()) as CohortDetail;
    expect((await api.post(`/api/cohorts/${cohort.id}/members`, { staffIds: [learnerId, otherId] })).status).toBe(200);
    expect((await api.post(`/api/cohorts/${cohort.id}/assignments`, { courseSlug: 'targeted-universalism', due: { kind: 'after_joining', days: 30 } })).status).toBe(201);

    const { page } = lead;
    await page.goto(`${baseUrl}/lead/cohorts/${cohort.id}`);
    await page.getByRole('heading', { level: 1, name: cohortName }).waitFor();
    await page.getByRole('button', { name: /^Withdraw .* from this cohort/ }).click();
    const confirm = page.getByRole('region', { name: /^Withdraw / });
    await expectText(confirm, /2 people\./);
    await expectText(confirm, /2 people will no longer have it and will be told by email\./);
    await expectNoAxeViolations(page, 'withdraw-preview-phone');
    await confirm.getByRole('button', { name: 'Withdraw from 2 people' }).click();
    await expectText(page.locator('#assign-outcome'), /was withdrawn\. 2 people were told by email\./);
    await expectText(page.locator('main'), /Nothing is assigned to this cohort yet\./);
    await expectNoAxeViolations(page, 'withdrawn-phone');
  });

  it('the lead archives the cohort, then restores it from the archived cohorts', async () => {
    const { page } = lead;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('button', { name: 'Archive cohort…' }).click();
    const confirm = page.getByRole('region', { name: `Archive ${cohortName}?` });
    await expectText(confirm, /Its 2 members leave it/);
    await expectNoAxeViolations(page, 'archive-confirm');
    await confirm.getByRole('button', { name: 'Archive cohort', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/lead/cohorts' && url.searchParams.get('archived') === 'true');
    await page.getByRole('heading', { level: 1, name: 'Archived cohorts' }).waitFor();
    const search = page.getByLabel('Cohort name');
    await search.fill(cohortName);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: `Restore ${cohortName}` }).click();
    await expectText(page.locator('#restore-outcome'), new RegExp(`${cohortName} is restored\\.`));
    await expectNoAxeViolations(page, 'restored');
    await page.locator('#restore-outcome').getByRole('link', { name: `Open ${cohortName}` }).click();
    await page.getByRole('heading', { level: 1, name: cohortName }).waitFor();
    await expectText(page.locator('main'), /0 members\./);
  });
});
