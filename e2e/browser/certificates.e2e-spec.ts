import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { issueCourseCertificate } from '../support/certificates';
import { e2e } from '../support/environment';
import { createSignIn } from '../support/fixtures';
import { ARTIFACTS, axeViolations, expectText, launch } from './browser';
import { chooseCorrectAnswers, markLessonsDone, storedKnowledgeCheck } from './lessons';

const COURSE = 'racial-equity-foundations';
const COURSE_TITLE = 'Racial equity foundations for local government';

/**
 * Certificates in the browser, checked with axe (WCAG 2.1 A/AA) on every page:
 *
 * - a learner completes a course, and the certificate the worker issues (completion → outbox →
 *   relay → worker) appears in "My certificates" with its download and verification links; the
 *   verification page opens, and opens for someone not signed in too;
 * - an administrator finds a certificate on the Certificates page and revokes it in a dialog that
 *   takes focus, closes on Escape and asks for a reason; its verification page then says "Revoked".
 */
describe('certificates in the browser', () => {
  const { baseUrl, databaseUrl } = e2e();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function signIn(context: BrowserContext, email: string, password: string, landing: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === landing);
    return page;
  }

  async function expectNoAxeViolations(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `certificates-${name}.png`), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  }

  describe('a learner completes a course and verifies the certificate', () => {
    const email = `certificate.learner.${Date.now()}@equip.demo`;
    const password = 'Certificates-for-every-course-2026';
    let context: BrowserContext;
    let page: Page;
    let verifyHref = '';

    beforeAll(async () => {
      await createSignIn(email, password);
      context = await browser.newContext();
      page = await signIn(context, email, password, '/learn');
    });

    afterAll(() => context?.close());

    it('completes the course', async () => {
      await page.goto(`${baseUrl}/learn/courses/${COURSE}`);
      await page.getByRole('button', { name: 'Enroll' }).click();
      await page.waitForURL((url) => url.pathname.startsWith(`/learn/courses/${COURSE}/lessons/`));
      await markLessonsDone(page);
      const check = await storedKnowledgeCheck(databaseUrl, COURSE);
      await page.locator('form fieldset').first().waitFor();
      await chooseCorrectAnswers(page, check);
      await page.getByRole('button', { name: 'Check my answers' }).click();
      await expectText(page.getByRole('status').filter({ hasText: 'Passed' }), /Passed/);
      await page.getByRole('link', { name: /^Next lesson:/ }).click();
      await page.locator('#reflection-text').fill('I will check who a change leaves out before I make it.');
      await page.getByRole('button', { name: 'Save reflection' }).click();
      await page.getByRole('heading', { level: 2, name: 'Course complete' }).waitFor();
    });

    it('finds the certificate in My certificates, with download and verification links', async () => {
      await page.getByRole('navigation', { name: 'Learning' }).getByRole('link', { name: 'My certificates', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'My certificates' }).waitFor();
      // The worker issues it moments after the completion; reload until it is there.
      const certificate = page.getByRole('heading', { level: 2, name: COURSE_TITLE });
      const deadline = Date.now() + 60_000;
      while ((await certificate.count()) === 0) {
        if (Date.now() > deadline) throw new Error('No certificate arrived within 60 s of completing the course');
        await page.waitForTimeout(1000);
        await page.reload();
        await page.getByRole('heading', { level: 1, name: 'My certificates' }).waitFor();
        await page.getByRole('status').or(page.locator('.certificates, #main p')).first().waitFor();
      }
      const download = page.getByRole('link', { name: `Download the certificate for ${COURSE_TITLE} (PDF)` });
      expect(await download.getAttribute('href')).toMatch(/^\/api\/certificates\/[0-9a-f-]{36}\/pdf$/);
      const verify = page.getByRole('link', { name: /\/verify\/[A-Za-z0-9_-]{24}$/ });
      verifyHref = (await verify.getAttribute('href')) ?? '';
      expect(verifyHref).toMatch(/^\/verify\/[A-Za-z0-9_-]{24}$/);
      const pdf = await page.request.get(`${baseUrl}${await download.getAttribute('href')}`);
      expect(pdf.status()).toBe(200);
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      await expectNoAxeViolations(page, 'my-certificates');
    }, 90_000);

    it('opens the verification page from there, and it says the certificate is valid', async () => {
      await page.getByRole('link', { name: /\/verify\/[A-Za-z0-9_-]{24}$/ }).click();
      await page.waitForURL((url) => url.pathname === verifyHref);
      await page.getByRole('heading', { level: 1, name: 'Certificate verification' }).waitFor();
      await expectText(page.getByRole('heading', { level: 2 }), /^✓ Valid/);
      await expectText(page.locator('dl'), new RegExp(`Issued to\\s*Test Person[\\s\\S]*For completing\\s*${COURSE_TITLE}`));
      await expectNoAxeViolations(page, 'verify-valid');
    });

    it('opens the verification page for someone who is not signed in', async () => {
      const stranger = await browser.newContext();
      try {
        const anonymous = await stranger.newPage();
        await anonymous.goto(`${baseUrl}${verifyHref}`);
        await anonymous.getByRole('heading', { level: 1, name: 'Certificate verification' }).waitFor();
        await expectText(anonymous.getByRole('heading', { level: 2 }), /^✓ Valid/);
        expect(new URL(anonymous.url()).pathname).toBe(verifyHref);
        await expectNoAxeViolations(anonymous, 'verify-signed-out');
      } finally {
        await stranger.close();
      }
    });
  });

  describe('an administrator revokes a certificate', () => {
    let context: BrowserContext;
    let page: Page;
    let issued: { serial: string; verificationCode: string };

    beforeAll(async () => {
      const holder = await createSignIn(`certificate.revoked.${Date.now()}@equip.demo`, 'a revoked certificate passphrase');
      issued = await issueCourseCertificate(holder, COURSE);
      context = await browser.newContext();
      page = await signIn(context, 'admin@equip.demo', e2e().demoPassword, '/rase');
    });

    afterAll(() => context?.close());

    it('finds the certificate by serial on the Certificates page', async () => {
      await page.getByRole('navigation', { name: 'City-wide (RASE)' }).getByRole('link', { name: 'Certificates', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Certificates' }).waitFor();
      await page.getByLabel('Search').fill(issued.serial);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get('search') === issued.serial);
      await expectText(page.getByRole('status').first(), /^1 certificate found/);
      await expectText(page.getByRole('row').nth(1), new RegExp(`${issued.serial}[\\s\\S]*Test Person[\\s\\S]*Valid`));
      await expectNoAxeViolations(page, 'admin-list');
    });

    it('opens the revoke dialog with focus on the reason; Escape closes it and returns focus', async () => {
      const revoke = page.getByRole('button', { name: `Revoke ${issued.serial}` });
      await revoke.focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: `Revoke certificate ${issued.serial}` });
      await dialog.waitFor();
      await page.waitForFunction(() => document.activeElement?.id === 'revoke-reason');
      await expectNoAxeViolations(page, 'admin-revoke-dialog');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await page.waitForFunction((name) => document.activeElement?.textContent?.replace(/\s+/g, ' ').trim() === name, `Revoke ${issued.serial}`);
    });

    it('needs a reason, then revokes and says so where focus lands', async () => {
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: `Revoke certificate ${issued.serial}` });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Revoke certificate' }).click();
      await expectText(dialog.locator('mat-error'), /Give a reason for revoking the certificate/);
      await page.waitForFunction(() => document.activeElement?.id === 'revoke-reason');
      await page.keyboard.type('Issued to the wrong person');
      await dialog.getByRole('button', { name: 'Revoke certificate' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expectText(page.getByRole('status').first(), new RegExp(`Certificate ${issued.serial} is revoked\\.`));
      await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'status');
      await expectText(page.getByRole('row').nth(1), /Revoked[\s\S]*Issued to the wrong person/);
      await expectNoAxeViolations(page, 'admin-revoked');
    });

    it('shows the certificate as revoked on its verification page', async () => {
      await page.goto(`${baseUrl}/verify/${issued.verificationCode}`);
      await expectText(page.getByRole('heading', { level: 2 }), /^✗ Revoked: this certificate is no longer valid\./);
      await expectNoAxeViolations(page, 'verify-revoked');
    });

    it('explains a code that matches no certificate', async () => {
      await page.goto(`${baseUrl}/verify/AAAAAAAAAAAAAAAAAAAAAAAA`);
      await expectText(page.getByRole('heading', { level: 2 }), /No certificate matches this link/);
      await expectNoAxeViolations(page, 'verify-unknown');
    });
  });
});
