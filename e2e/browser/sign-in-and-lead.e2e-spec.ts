import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { e2e } from '../support/environment';
import { ARTIFACTS, axeViolations, expectText, launch } from './browser';

/**
 * The signed-out pages around sign-in (single sign-on failures, forgot password, an unusable
 * set-password link) and the equity lead's people list, each checked with axe (WCAG 2.1 A/AA).
 * Setting a password needs a token from an email, so that form is covered by unit tests only.
 *
 * Tests marked [needs …] depend on that endpoint; without it they fail at the step that needs it.
 */
describe('sign-in pages and the equity lead', () => {
  const { baseUrl, demoPassword } = e2e();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('explains a single sign-on failure on the sign-in page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in?error=sso_no_account`);
    await expectText(page.getByRole('alert'), /no Equip account uses its email address/);
    await page.getByLabel('Email').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('[needs GET /api/auth/providers for the SSO button] offers password sign-in and a forgot-password link either way', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const providers = page.waitForResponse((r) => r.url().endsWith('/api/auth/providers'));
    await page.goto(`${baseUrl}/sign-in`);
    const answer = await providers;
    await page.getByRole('link', { name: 'Forgot your password?' }).waitFor();
    const sso = page.getByRole('link', { name: /^Sign in with / });
    if (answer.ok() && ((await answer.json()) as { sso: unknown }).sso) {
      expect(await sso.getAttribute('href')).toBe('/api/auth/sso');
    } else {
      // Without single sign-on (or an answer about it) there is no button, and password sign-in still works.
      expect(await sso.count()).toBe(0);
    }
    expect(answer.status()).toBe(200);
    await context.close();
  });

  it('[needs POST /api/auth/password/forgot] asks for a reset link without saying whether the account exists', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.waitForURL((url) => url.pathname === '/forgot-password');
    await page.getByRole('heading', { level: 1, name: 'Forgot your password?' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'forgot-password.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Email').fill('nobody-at-all@equip.demo');
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await page.getByRole('heading', { level: 2, name: 'Check your email' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('If nobody-at-all@equip.demo belongs to an Equip account');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('explains an unusable set-password link and links to asking for a new one', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl}/set-password?token=not-a-real-token`);
    await page.getByRole('heading', { level: 1, name: 'This link cannot be used' }).waitFor();
    expect(await page.getByRole('link', { name: 'Ask for a new link' }).getAttribute('href')).toBe('/forgot-password');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('lists the people in the equity lead’s departments (TES), read-only', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Email').fill('lead@equip.demo');
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/lead');

    await page.getByRole('navigation', { name: 'My departments' }).getByRole('link', { name: 'People in my departments' }).click();
    await page.waitForURL((url) => url.pathname === '/lead/people');
    await page.getByRole('heading', { level: 1, name: 'People in my departments' }).waitFor();
    const table = page.getByRole('table', { name: /^People, page 1 of/ });
    await table.waitFor();
    const departments = await table.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(departments.length).toBeGreaterThan(0);
    for (const department of departments) expect(department).toMatch(/\(TES(-[A-Z]+)*\)/);
    await page.screenshot({ path: join(ARTIFACTS, 'lead-people.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    // A person's page shows their record with no way to change roles.
    await table.locator('tbody tr').first().getByRole('link').click();
    await page.getByRole('heading', { level: 2, name: 'Roles' }).waitFor();
    expect(await page.getByRole('button', { name: /Revoke|Grant role/ }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
