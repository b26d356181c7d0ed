import type { Browser } from 'playwright-core';
import { join } from 'node:path';
import { e2e } from '../support/environment';
import { ARTIFACTS, axeViolations, expectText, launch } from './browser';

const HOMES = [
  { email: 'learner@equip.demo', role: 'learner', path: '/learn', heading: 'My learning', nav: ['My learning'] },
  { email: 'lead@equip.demo', role: 'equity-lead', path: '/lead', heading: 'My departments', nav: ['My learning', 'My departments'] },
  { email: 'admin@equip.demo', role: 'rase-admin', path: '/rase', heading: 'City-wide progress', nav: ['My learning', 'City-wide (RASE)'] },
  { email: 'viewer@equip.demo', role: 'viewer', path: '/rase', heading: 'City-wide progress', nav: ['My learning', 'City-wide (RASE)'] },
];

describe('browser smoke journey', () => {
  const { baseUrl, demoPassword } = e2e();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows an accessible sign-in page to a signed-out visitor', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baseUrl}/`);
    await page.waitForURL(/\/sign-in/);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'sign-in.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    // the skip link is the first thing the keyboard reaches
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toMatch(/skip to main content/i);
    await page.context().close();
  });

  it('tells a visitor when the email or password is wrong', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Email').fill('learner@equip.demo');
    await page.getByLabel('Password').fill('certainly-not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectText(page.getByRole('alert'), /email or password is incorrect/i);
    await page.context().close();
  });

  it.each(HOMES)('signs in the $role and shows their home with zero axe violations', async ({ email, role, path, heading, nav }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === path);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();

    const links = await page.getByRole('navigation', { name: 'Areas' }).getByRole('link').allTextContents();
    expect(links.map((l) => l.trim())).toEqual(nav);
    await page.screenshot({ path: join(ARTIFACTS, `home-${role}.png`), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await context.close();
  });
});
