import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Client } from 'pg';
import { e2e } from '../support/environment';
import { demoCity } from '../support/fixtures';
import { Session } from '../support/http';
import { ARTIFACTS, axeViolations, expectText, signedInPage } from './browser';

/**
 * Issue 16's journey: a RASE administrator exempts someone (through the api, as the people pages
 * would), then finds it in the audit log by choosing that person by name, with the keyboard, and
 * reads it in words with the reason; axe-clean on the desktop and at 375 px.
 */
describe('the audit log, filtered by a person', () => {
  const { baseUrl } = e2e();
  const reason = 'Parental leave until April';
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let person: { id: string; name: string; department: string };
  let course: { slug: string; title: string };
  let adminName: string;

  beforeAll(async () => {
    const city = await demoCity();
    const client = new Client({ connectionString: e2e().databaseUrl });
    await client.connect();
    try {
      // Someone in Police whom no other journey picks: the second to last by employee id.
      person = (
        await client.query(
          `SELECT s.id, s.first_name || ' ' || s.last_name AS name, d.name AS department FROM staff s JOIN department d ON d.id = s.department_id
            WHERE s.department_id = $1 AND s.active ORDER BY s.employee_id DESC OFFSET 1 LIMIT 1`,
          [city.otherDepartmentId],
        )
      ).rows[0];
      adminName = (await client.query(`SELECT first_name || ' ' || last_name AS name FROM staff WHERE id = $1`, [city.adminId])).rows[0].name;
      course = (
        await client.query(
          `SELECT c.slug, v.title FROM course c JOIN course_version v ON v.id = c.current_version_id
            WHERE c.archived_at IS NULL AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.course_id = c.id AND a.staff_id = $1 AND a.completed_at IS NULL AND a.exempted_at IS NOT NULL)
            ORDER BY c.slug DESC LIMIT 1`,
          [person.id],
        )
      ).rows[0];
      const admin = new Session();
      expect((await admin.signIn('admin@equip.demo')).status).toBe(200);
      expect((await admin.post('/api/assignments', { staffId: person.id, courseSlug: course.slug, due: { kind: 'absolute', dueOn: '2027-06-30' } })).status).toBe(201);
      const { rows } = await client.query(
        `SELECT a.id FROM assignment a JOIN course c ON c.id = a.course_id WHERE a.staff_id = $1 AND c.slug = $2 AND a.completed_at IS NULL`,
        [person.id, course.slug],
      );
      expect((await admin.post(`/api/assignments/${rows[0].id}/exemption`, { reason })).status).toBe(200);
    } finally {
      await client.end();
    }

    ({ browser, context, page } = await signedInPage('admin@equip.demo', '/rase'));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('finds the exemption by choosing the person by name with the keyboard, and reads it in words', async () => {
    await page.goto(`${baseUrl}/rase/audit`);
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await expectText(page.getByRole('status').first(), /events? found|No audit events/);

    const search = page.getByRole('combobox', { name: 'Person' });
    await search.focus();
    await search.pressSequentially(person.name, { delay: 20 });
    const option = page.getByRole('option', { name: `${person.name}, ${person.department}` });
    await option.waitFor();
    // Down to the person's option, then Enter: the list is a combobox that the keyboard drives.
    const optionId = await option.getAttribute('id');
    for (let i = 0; i < 10 && (await search.getAttribute('aria-activedescendant')) !== optionId; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await search.inputValue()).toBe(person.name);
    await page.getByLabel('Kind of action').selectOption({ label: 'All: Assignments and exemptions' });
    await page.getByRole('button', { name: 'Apply filters' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('staffId') === person.id && url.searchParams.get('action') === 'assignments');

    const events = page.getByRole('list', { name: /^Audit events, page 1/ });
    const exemption = events.getByRole('listitem').filter({ hasText: `exempted ${person.name}` }).first();
    await expectText(exemption, new RegExp(`^\\s*${escape(adminName)} exempted ${escape(person.name)} from ${escape(course.title)}: ${reason}`));
    expect(await exemption.getByRole('link', { name: person.name }).getAttribute('href')).toBe(`/rase/people/${person.id}`);
    expect(await exemption.getByRole('link', { name: course.title }).getAttribute('href')).toBe(`/learn/courses/${course.slug}`);
    expect(await exemption.locator('dt').allTextContents()).toContain('Reason for exemption');
    expect(await exemption.textContent()).toMatch(/Exempted from training/);
    expect(await exemption.textContent()).not.toMatch(/assignment\.exempted|[0-9a-f]{8}-[0-9a-f]{4}-/);
    await page.screenshot({ path: join(ARTIFACTS, 'audit-log-person.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('reads the same at 375 px, without scrolling sideways', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 375, height: 667 });
    try {
      await phone.goto(`${baseUrl}/rase/audit?staffId=${person.id}&action=assignments`);
      const events = phone.getByRole('list', { name: /^Audit events, page 1/ });
      await expectText(events, new RegExp(`exempted ${escape(person.name)} from ${escape(course.title)}: ${reason}`));
      // The address names the person by id; the field shows their name once it has loaded.
      await phone.waitForFunction(() => (document.querySelector<HTMLInputElement>('#audit-person')?.value ?? '') !== '');
      expect(await phone.getByRole('combobox', { name: 'Person' }).inputValue()).toBe(person.name);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await phone.screenshot({ path: join(ARTIFACTS, 'audit-log-phone.png'), fullPage: true });
      expect(await axeViolations(phone)).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
