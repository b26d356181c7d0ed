import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2e } from '../support/environment';
import { createSignIn } from '../support/fixtures';
import { ARTIFACTS, axeViolations, expectText, launch } from './browser';
import { chooseCorrectAnswers, storedKnowledgeCheck } from './lessons';

const COURSE = 'racial-equity-foundations';
const COURSE_TITLE = 'Racial equity foundations for local government';

/**
 * A learner takes a whole course from the starter catalog in one browser session: catalog, course
 * page, enrol, every lesson with the keyboard, the knowledge check failed then passed, the
 * reflection, "Course complete"; then My learning, My certificates and a track. A learner of its own
 * (the demo learner is shared with other journeys). Pages are checked with axe (WCAG 2.1 A/AA), and
 * one phone-sized page for horizontal scrolling.
 */
describe('learner journey', () => {
  const { baseUrl, databaseUrl } = e2e();
  const email = `learner.journey.${Date.now()}@equip.demo`;
  const password = 'Journey-through-the-course-2026';
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    await createSignIn(email, password);
    browser = await launch();
    context = await browser.newContext();
    page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/learn');
    await page.getByRole('heading', { level: 1, name: 'My learning' }).waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  const areaNav = () => page.getByRole('navigation', { name: 'Learning' });
  const h1 = () => page.getByRole('heading', { level: 1 });

  async function openFromAreaNav(label: string, path: string, heading: string): Promise<void> {
    await areaNav().getByRole('link', { name: label, exact: true }).click();
    await page.waitForURL((url) => url.pathname === path);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  async function expectNoAxeViolations(name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `learner-${name}.png`), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  }

  it('suggests catalog courses on My learning and finds the course in the catalog', async () => {
    await page.getByRole('heading', { level: 2, name: 'Suggested for you' }).waitFor();
    await expectNoAxeViolations('home-new');

    await openFromAreaNav('Catalog', '/learn/catalog', 'Catalog');
    await expectText(page.getByRole('status').first(), /courses? found/);
    await page.getByLabel('Search courses').fill('racism');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL((url) => url.searchParams.get('search') === 'racism');
    await page.getByRole('heading', { level: 2, name: COURSE_TITLE }).waitFor();
    await expectNoAxeViolations('catalog');
  });

  it('opens the course page and enrols, landing on the first lesson', async () => {
    await page.getByRole('link', { name: COURSE_TITLE }).click();
    await page.waitForURL((url) => url.pathname === `/learn/courses/${COURSE}`);
    await page.getByRole('heading', { level: 1, name: COURSE_TITLE }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Lessons' }).waitFor();
    await expectNoAxeViolations('course');

    await page.getByRole('button', { name: 'Enroll' }).click();
    await page.waitForURL((url) => url.pathname.startsWith(`/learn/courses/${COURSE}/lessons/`));
    await page.getByRole('button', { name: 'Mark as done and continue' }).waitFor();
    const lessons = page.getByRole('navigation', { name: `Lessons in ${COURSE_TITLE}` });
    expect(await lessons.locator('a[aria-current="page"]').count()).toBe(1);
    expect(await lessons.textContent()).toContain('Locked');
    await expectNoAxeViolations('lesson-reading');
  });

  it('reads every reading lesson, marking each done with the keyboard', async () => {
    const markDone = page.getByRole('button', { name: 'Mark as done and continue' });
    for (let lesson = 1; (await markDone.count()) > 0; lesson++) {
      expect(lesson).toBeLessThan(10);
      const title = ((await h1().textContent()) ?? '').trim();
      const path = new URL(page.url()).pathname;
      await markDone.focus();
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.pathname !== path);
      await page.waitForFunction((previous) => {
        const heading = document.querySelector('#main h1');
        return heading && heading.textContent?.trim() !== previous && document.activeElement === heading;
      }, title);
    }
    await page.locator('form fieldset').first().waitFor();
  });

  it('fails the knowledge check with feedback, then passes it', async () => {
    const check = await storedKnowledgeCheck(databaseUrl, COURSE);
    // Wrong first: a wrong option for every question.
    for (const question of check.questions) {
      const wrong = question.options.find((option) => !option.correct);
      if (!wrong) throw new Error(`Question ${question.id} has no wrong option`);
      await page.locator(`#kc-${question.id}-${wrong.id}`).check();
    }
    await page.getByRole('button', { name: 'Check my answers' }).click();
    await expectText(page.getByRole('alert').filter({ hasText: 'Not passed' }), /Not passed yet/);
    expect(await page.locator('.kc-feedback').count()).toBeGreaterThan(0);
    expect(await page.locator('form').textContent()).toContain('Not a correct choice.');
    expect(await page.getByText(/Attempts used: 1 of \d+/).count()).toBe(1);
    await expectNoAxeViolations('knowledge-check-failed');

    // Then exactly the correct options.
    await chooseCorrectAnswers(page, check);
    await page.getByRole('button', { name: 'Try again' }).click();
    await expectText(page.getByRole('status').filter({ hasText: 'Passed' }), /Passed/);
    await expectNoAxeViolations('knowledge-check-passed');
  });

  it('saves the reflection and completes the course', async () => {
    const next = page.getByRole('link', { name: /^Next lesson:/ });
    await next.focus();
    await page.keyboard.press('Enter');
    const reflection = page.locator('#reflection-text');
    await reflection.waitFor();
    expect(await page.getByText('Only you can read this.').count()).toBe(1);
    await reflection.fill('I will ask who is missing from the room before the next change to our service.');
    await page.getByRole('button', { name: 'Save reflection' }).click();
    await page.getByRole('heading', { level: 2, name: 'Course complete' }).waitFor();
    await expectText(page.getByRole('status').filter({ hasText: 'Saved' }), /Saved/);
    await expectNoAxeViolations('course-complete');
  });

  it('shows the course completed on My learning', async () => {
    await openFromAreaNav('My learning', '/learn', 'My learning');
    const completed = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Completed' }) });
    await expectText(completed, new RegExp(`${COURSE_TITLE}[\\s\\S]*Completed`));
    await expectNoAxeViolations('home-completed');
  });

  it('opens My certificates', async () => {
    await openFromAreaNav('My certificates', '/learn/certificates', 'My certificates');
    await expectText(page.locator('#main'), /Download|no certificates yet/);
    await expectNoAxeViolations('certificates');
  });

  it('opens a track with the completed course as a step', async () => {
    await openFromAreaNav('Tracks', '/learn/tracks', 'Tracks');
    await page.getByRole('heading', { level: 2, name: 'Competencies you have earned' }).waitFor();
    await expectNoAxeViolations('tracks');
    await page.getByRole('link', { name: 'Equity foundations for all staff' }).click();
    await page.getByRole('heading', { level: 1, name: 'Equity foundations for all staff' }).waitFor();
    const step = page.getByRole('listitem').filter({ hasText: COURSE_TITLE });
    await expectText(step, /Required, completed/);
    await expectNoAxeViolations('track');
  });

  it('fits a 375 × 667 phone screen without horizontal scrolling', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 375, height: 667 });
    try {
      for (const path of ['/learn/catalog', `/learn/courses/${COURSE}`]) {
        await phone.goto(`${baseUrl}${path}`);
        await phone.getByRole('heading', { level: 1 }).waitFor();
        await phone.getByRole('heading', { level: 2 }).first().waitFor();
        const { scrollWidth, innerWidth } = await phone.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
        }));
        expect({ path, scrollWidth }).toEqual({ path, scrollWidth: innerWidth });
      }
      const review = phone.getByRole('link', { name: 'Review the course' });
      await review.click();
      await phone.waitForURL((url) => url.pathname.startsWith(`/learn/courses/${COURSE}/lessons/`));
      await phone.getByRole('navigation', { name: `Lessons in ${COURSE_TITLE}` }).waitFor();
      await phone.screenshot({ path: join(ARTIFACTS, 'learner-phone-lesson.png'), fullPage: true });
      expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    } finally {
      await phone.close();
    }
  });
});
