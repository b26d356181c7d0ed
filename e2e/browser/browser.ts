import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, BrowserContextOptions, chromium, Locator, Page } from 'playwright-core';
import { e2e } from '../support/environment';

export const ARTIFACTS = join(__dirname, '..', 'artifacts');

/** Debian's Chromium, launched the way this project's machines allow (no sandbox, no background networking). */
export async function launch(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface SignedInPage {
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

/**
 * A browser with one page, signed in through the sign-in page as `email` (the demo password unless
 * given), once the app has taken them to `home` (an administrator's `/rase`).
 */
export async function signedInPage(email: string, home: string, options: { password?: string; context?: BrowserContextOptions } = {}): Promise<SignedInPage> {
  const { baseUrl, demoPassword } = e2e();
  const browser = await launch();
  const context = await browser.newContext(options.context);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(options.password ?? demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === home);
  return { browser, context, page };
}

/**
 * Runs axe on the current page against WCAG 2.1 A and AA; returns the violations. It waits first
 * (up to 5 s) for the page's finite animations and transitions to end: a message still fading in
 * has not reached its own color, and axe would measure the contrast of a color half-way there (a
 * form's error text, 300 ms after it appears). Endless ones (a spinner) do not hold it up.
 */
export async function axeViolations(page: Page) {
  await page
    .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity), undefined, { timeout: 5_000 })
    .catch(() => undefined);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

/** Waits (up to 10 s) until the first element the locator finds has text matching the pattern. */
export async function expectText(locator: Locator, pattern: RegExp): Promise<void> {
  await locator.first().waitFor();
  const deadline = Date.now() + 10_000;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.first().textContent()) ?? '';
    if (pattern.test(text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(text).toMatch(pattern);
}
