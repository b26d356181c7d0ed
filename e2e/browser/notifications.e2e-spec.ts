import { join } from 'node:path';
import { Client } from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2e } from '../support/environment';
import { createSignIn } from '../support/fixtures';
import { ARTIFACTS, axeViolations, expectText, launch } from './browser';

/**
 * A learner with two reminders finds them from the learner navigation (which says how many are
 * unread), opens the list, marks them read and turns email off for optional trainings, all with
 * the keyboard; the page is checked with axe. A learner of its own; the reminders are written to
 * the ledger directly, as the worker's sweep would.
 */
describe('notifications journey', () => {
  const { baseUrl, databaseUrl } = e2e();
  const email = `notifications.journey.${Date.now()}@equip.demo`;
  const password = 'Reminders-that-people-act-on-2026';
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    const staffId = await createSignIn(email, password);
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(
        `WITH assigned AS (
           INSERT INTO assignment (staff_id, course_id, due_on, sources)
           SELECT $1, c.id, city_today() + d, '[{"kind":"self"}]' FROM course c
             JOIN (VALUES ('racial-equity-foundations', 5), ('targeted-universalism', -3)) AS v (slug, d) ON v.slug = c.slug
           RETURNING id, due_on)
         INSERT INTO notification (dedup_key, kind, threshold, recipient_id, staff_id, assignment_id, digest, day, delivery, delivered_at)
         SELECT 'journey:' || id, CASE WHEN due_on < city_today() THEN 'overdue' ELSE 'due_soon' END, CASE WHEN due_on < city_today() THEN 0 ELSE 7 END,
                $1, $1, id, 'learner', current_date, 'sent', now()
           FROM assigned`,
        [staffId],
      );
    } finally {
      await client.end();
    }
    browser = await launch();
    context = await browser.newContext();
    page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/learn');
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('shows the unread count in the learner navigation and opens the list from it', async () => {
    const link = page.getByRole('navigation', { name: 'Learning' }).getByRole('link', { name: 'Notifications (2 unread)' });
    await link.waitFor();
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/learn/notifications');
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await expectText(page.getByRole('status').first(), /2 unread notifications\./);
    await page.getByRole('link', { name: 'Racial equity foundations for local government' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'notifications-list.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('marks everything read with the keyboard, and the navigation follows', async () => {
    await page.getByRole('button', { name: 'Mark all as read' }).focus();
    await page.keyboard.press('Enter');
    await expectText(page.getByRole('status').first(), /No unread notifications\./);
    await page.getByRole('navigation', { name: 'Learning' }).getByRole('link', { name: 'Notifications', exact: true }).waitFor();
  });

  it('turns email off for trainings the learner chose, with a labelled checkbox', async () => {
    const box = page.getByLabel('Email me reminders for trainings I chose myself');
    expect(await box.isChecked()).toBe(true);
    await box.focus();
    await page.keyboard.press('Space');
    await expectText(page.locator('.preferences__saved'), /shown here only/);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await page.getByLabel('Email me reminders for trainings I chose myself').waitFor();
    expect(await page.getByLabel('Email me reminders for trainings I chose myself').isChecked()).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
  });
});
