import { timeBudget, type CaughtMail } from '@equip/server/testing';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { Session } from '../support/http';
import { addNewHire, invitationDone, MailStack, startMailStack } from '../support/mail-stack';
import { ARTIFACTS, axeViolations, launch } from './browser';

timeBudget(180);

/**
 * One-time links out of every log (issue 13, finding 1). An api and a worker of their own, logging
 * everything (LOG_LEVEL=trace), mail through an SMTP server in this process; Chromium follows the
 * links as a person would: a new invitation (`#token=`) and a reset link in the old shape
 * (`?token=`) that may still sit in someone's inbox. The page takes the token out of the address
 * bar before anything else; then both processes' whole logs are searched for every token.
 */
describe('one-time links in the browser, and in no log', () => {
  let mail: MailStack;
  let browser: Browser;
  let baseUrl: string;
  const suffix = randomBytes(3).toString('hex');
  const email = `link.holder.${suffix}@equip.test`;
  let staffId: string;
  /** Every token a mail carried, to look for in the logs. */
  const tokens: string[] = [];

  const tokenIn = (sent: CaughtMail): string => {
    const match = new RegExp(`${baseUrl}/set-password#token=([A-Za-z0-9_-]{43})(\\s|$)`).exec(sent.text ?? '');
    expect(match).not.toBeNull();
    tokens.push(match![1]);
    return match![1];
  };

  /** Every request the page makes after the document itself, with the headers it sent. */
  function recordRequests(page: Page): Request[] {
    const seen: Request[] = [];
    page.on('request', (request) => seen.push(request));
    return seen;
  }

  async function expectNoTokenSentAfterTheDocument(requests: Request[], token: string): Promise<void> {
    const later = requests.slice(1);
    expect(later.length).toBeGreaterThan(0);
    for (const request of later) {
      const headers = JSON.stringify(await request.allHeaders());
      expect({ url: request.url(), carriesToken: request.url().includes(token) || headers.includes(token) }).toEqual({ url: request.url(), carriesToken: false });
    }
  }

  beforeAll(async () => {
    mail = await startMailStack({ LOG_LEVEL: 'trace' });
    baseUrl = mail.baseUrl;
    staffId = await addNewHire(mail.sql, { employeeId: `E2E-LINK-${suffix}`, email, firstName: 'Imani', lastName: 'Okafor' });
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await mail?.close();
  });

  it('follows an invitation (#token=): the token leaves the address bar, the page greets, the password is set', async () => {
    const admin = new Session(baseUrl);
    expect((await admin.signIn('admin@equip.demo')).status).toBe(200);
    expect((await admin.post('/api/staff/invitations', { staffIds: [staffId] })).status).toBe(202);
    const token = tokenIn(await mail.smtp.waitFor((m) => m.envelope.to.includes(email)));
    await invitationDone(mail.sql, staffId);

    const context = await browser.newContext();
    const page = await context.newPage();
    const requests = recordRequests(page);
    await page.goto(`${baseUrl}/set-password#token=${token}`);
    await page.getByRole('heading', { level: 1, name: 'Set your password' }).waitFor();
    await page.getByText('Hello Imani.').waitFor();
    expect(page.url()).toBe(`${baseUrl}/set-password`);
    expect(await page.evaluate(() => location.href + JSON.stringify(history.state))).not.toContain(token);
    await page.screenshot({ path: join(ARTIFACTS, 'set-password-invitation.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Password', { exact: true }).fill('a heron over the weir at dusk');
    await page.getByLabel('Confirm password').fill('a heron over the weir at dusk');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/learn');
    await expectNoTokenSentAfterTheDocument(requests, token);
    await context.close();
  });

  it('still honours a reset link of the old shape (?token=) once, and cleans the address bar', async () => {
    expect((await new Session(baseUrl).post('/api/auth/password/forgot', { email })).status).toBe(202);
    const token = tokenIn(await mail.smtp.waitFor((m) => m.envelope.to.includes(email) && m.subject === 'Reset your Equip password'));
    const oldShape = `${baseUrl}/set-password?token=${token}`;

    const context = await browser.newContext();
    const page = await context.newPage();
    const requests = recordRequests(page);
    await page.goto(oldShape);
    await page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
    expect(page.url()).toBe(`${baseUrl}/set-password`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('New password').fill('another heron on the weir');
    await page.getByLabel('Confirm password').fill('another heron on the weir');
    await page.getByRole('button', { name: 'Save new password and sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/learn');
    // The document request carried it (that is what the log must not keep); nothing after it did.
    expect(requests[0].url()).toBe(oldShape);
    await expectNoTokenSentAfterTheDocument(requests, token);

    // Once: the same link again is spent.
    const again = await context.newPage();
    await again.goto(oldShape);
    await again.getByRole('heading', { level: 1, name: 'This link cannot be used' }).waitFor();
    expect(again.url()).toBe(`${baseUrl}/set-password`);
    // A reload has no token left to use, and says to open the email's link again.
    await again.reload();
    await again.getByRole('heading', { level: 1, name: 'Open the link from your email' }).waitFor();
    expect(await axeViolations(again)).toEqual([]);
    await context.close();
  });

  it('fits the set-password page on a 375 px phone screen', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 667 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/set-password#token=${'x'.repeat(43)}`);
    await page.getByRole('heading', { level: 1, name: 'This link cannot be used' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await context.close();
  });

  it("leaves no token in the api's or the worker's log, whatever the client sent", async () => {
    // A stale tab of an older version still asks the removed route with the token in the path.
    expect((await fetch(`${baseUrl}/api/auth/password/token/${tokens[0]}`)).status).toBe(404);
    expect((await fetch(`${baseUrl}/api/Auth/Password/token/${tokens[1]}?token=${tokens[1]}`)).status).toBe(404);
    const api = mail.stack.api.running;
    const worker = mail.stack.worker.running;
    await mail.close(); // both processes stop, so their logs are complete
    const apiLog = api.output();
    const log = apiLog + worker.output();
    // The scan read real request lines: the calls that carried the tokens. (The web app's pages are
    // answered before the request logger; were they logged, loggableUrl drops their query too.)
    expect(apiLog).toContain('"url":"/api/auth/password/token"');
    expect(apiLog).toContain('"url":"/api/auth/password/set"');
    expect(apiLog).toContain('"url":"/api/auth/password/token/[redacted]"');
    expect(tokens).toHaveLength(2);
    for (const token of tokens) {
      expect(log.includes(token)).toBe(false);
      expect(log.includes(token.slice(0, 16))).toBe(false);
    }
  });
});
