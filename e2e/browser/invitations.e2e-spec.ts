import { timeBudget } from '@equip/server/testing';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2e } from '../support/environment';
import { invitationDone, MailStack, startMailStack } from '../support/mail-stack';
import { ARTIFACTS, axeViolations, expectText, launch } from './browser';

timeBudget(180);

/**
 * Staff can get in (issue 15): an equity lead opens a cohort of new hires who cannot sign in yet,
 * sees each one's sign-in status, invites everyone without an account; a new hire opens the link
 * from the mail, sets a password and signs in. An api and a worker of their own mail through an
 * SMTP server in this process. Every page is checked with axe (WCAG 2.1 A/AA).
 */
describe('a lead invites a cohort, and a new hire gets in', () => {
  const { demoPassword } = e2e();
  let mail: MailStack;
  let browser: Browser;
  let lead: BrowserContext;
  let page: Page;
  const suffix = randomBytes(3).toString('hex');
  const hires: { id: string; email: string }[] = [];
  let cohortId: string;

  async function expectNoAxeViolations(target: Page, name: string): Promise<void> {
    await target.screenshot({ path: join(ARTIFACTS, `invitations-${name}.png`), fullPage: true });
    expect(await axeViolations(target)).toEqual([]);
  }

  beforeAll(async () => {
    mail = await startMailStack();
    for (const [n, first] of ['Amara', 'Diego'].entries()) {
      const email = `${first.toLowerCase()}.${suffix}@equip.test`;
      const { rows } = await mail.sql.query(
        `INSERT INTO staff (employee_id, email, first_name, last_name, department_id)
         VALUES ($1, $2, $3, 'Newhire', (SELECT id FROM department WHERE code = 'TES')) RETURNING id`,
        [`E2E-BINV-${suffix}-${n}`, email, first],
      );
      hires.push({ id: rows[0].id, email });
    }
    const { rows } = await mail.sql.query(
      `INSERT INTO cohort (name, department_id, kind) VALUES ($1, (SELECT id FROM department WHERE code = 'TES'), 'static') RETURNING id`,
      [`New hires ${suffix}`],
    );
    cohortId = rows[0].id;
    await mail.sql.query(`INSERT INTO cohort_member (cohort_id, staff_id, join_reason) SELECT $1, unnest($2::uuid[]), 'added'`, [
      cohortId,
      hires.map((h) => h.id),
    ]);

    browser = await launch();
    lead = await browser.newContext();
    page = await lead.newPage();
    await page.goto(`${mail.baseUrl}/sign-in`);
    await page.getByLabel('Email').fill('lead@equip.demo');
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/lead');
  });

  afterAll(async () => {
    await lead?.close();
    await browser?.close();
    await mail?.close();
  });

  it('shows the cohort’s members as never invited, each name linking to their page', async () => {
    await page.goto(`${mail.baseUrl}/lead/cohorts/${cohortId}`);
    const table = page.locator('table.cohort-members');
    await expectText(table, /Never invited/);
    await expectText(page.locator('p.equip-status').first(), /2 members found/);
    expect(await table.getByRole('link', { name: 'Newhire, Amara' }).getAttribute('href')).toBe(`/lead/people/${hires[0].id}`);
    await expectNoAxeViolations(page, 'cohort-before');
  });

  it('invites everyone without an account and shows them invited', async () => {
    await page.getByRole('button', { name: 'Invite everyone without an account' }).click();
    await expectText(page.locator('#members-outcome'), /2 invitations sent\./);
    for (const hire of hires) await invitationDone(mail.sql, hire.id);
    await page.reload();
    await expectText(page.locator('table.cohort-members'), /Invited, link expires [A-Z][a-z]{2} \d{1,2}/);
    await expectNoAxeViolations(page, 'cohort-invited');
  });

  it('lets a new hire open the link from the mail, set a password and sign in', async () => {
    const sent = await mail.smtp.waitFor((m) => m.envelope.to.includes(hires[0].email));
    expect(sent.subject).toBe('Set your password for Equip');
    const link = new RegExp(`${mail.baseUrl}/set-password#token=[A-Za-z0-9_-]{43}`).exec(sent.text ?? '')![0];

    const newHire = await browser.newContext();
    const hirePage = await newHire.newPage();
    await hirePage.goto(link);
    await hirePage.getByRole('heading', { level: 1, name: 'Set your password' }).waitFor();
    await expectNoAxeViolations(hirePage, 'set-password');
    await hirePage.getByLabel('Password', { exact: true }).fill('a lantern on the river path');
    await hirePage.getByLabel('Confirm password').fill('a lantern on the river path');
    await hirePage.getByRole('button', { name: 'Set password and sign in' }).click();
    await hirePage.waitForURL((url) => url.pathname === '/learn');
    await newHire.close();

    // And signs in again later with that password.
    const later = await browser.newContext();
    const laterPage = await later.newPage();
    await laterPage.goto(`${mail.baseUrl}/sign-in`);
    await laterPage.getByLabel('Email').fill(hires[0].email);
    await laterPage.getByLabel('Password').fill('a lantern on the river path');
    await laterPage.getByRole('button', { name: 'Sign in' }).click();
    await laterPage.waitForURL((url) => url.pathname === '/learn');
    await later.close();
  });

  it('shows the lead the new hire’s status on their page, and the other one can be sent the invitation again', async () => {
    await page.goto(`${mail.baseUrl}/lead/people/${hires[0].id}`);
    await expectText(page.getByRole('region', { name: 'Sign-in' }), /Has a password/);
    await page.goto(`${mail.baseUrl}/lead/people/${hires[1].id}`);
    await page.getByRole('button', { name: 'Send invitation again' }).waitFor();
    await expectNoAxeViolations(page, 'person');
  });

  it('shows sign-in status on the People list and, filtered to a department, offers to invite it', async () => {
    const { rows } = await mail.sql.query(`SELECT id FROM department WHERE code = 'TES'`);
    await page.goto(`${mail.baseUrl}/lead/people?search=${encodeURIComponent(hires[1].email)}&departmentId=${rows[0].id}`);
    const table = page.getByRole('table', { name: /^People, page 1 of/ });
    await expectText(table, /Invited, link expires/);
    await page.getByRole('heading', { level: 2, name: /^Invitations for Transportation/ }).waitFor();
    await expectNoAxeViolations(page, 'people');
  });

  it('offers anyone a page to ask for their invitation, usable on a 375 px phone', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 667 } });
    const phone = await context.newPage();
    await phone.goto(`${mail.baseUrl}/ask-for-invitation`);
    await phone.getByRole('heading', { level: 1, name: 'Get your invitation to Equip' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectNoAxeViolations(phone, 'ask');
    await phone.getByLabel('Work email or employee ID').fill(`somebody.${suffix}@equip.test`);
    await phone.getByRole('button', { name: 'Send my invitation' }).click();
    await phone.getByRole('heading', { level: 2, name: 'Check your email' }).waitFor();
    await expectNoAxeViolations(phone, 'ask-answered');
    await context.close();
  });
});
