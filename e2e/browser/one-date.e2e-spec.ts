import { join } from 'node:path';
import { Client } from 'pg';
import { e2e } from '../support/environment';
import { createSignIn } from '../support/fixtures';
import { Session } from '../support/http';
import { ARTIFACTS, axeViolations, signedInPage, type SignedInPage } from './browser';

/**
 * One date everywhere, on the web (issue 16): a learner of this journey's own, given one course due
 * on a winter day and one on a summer day by the demo lead through the api, sees each as that day on
 * their home page — with the browser itself in a zone far from the city's (a phone abroad), at
 * desktop and phone width. The page never converts a due day; the city's zone comes from the api.
 */
const WINTER = { day: '2027-01-15', text: 'Due January 15, 2027', wrong: ['January 14, 2027', 'January 16, 2027'], slug: 'racial-equity-foundations' };
const SUMMER = { day: '2027-07-15', text: 'Due July 15, 2027', wrong: ['July 14, 2027', 'July 16, 2027'], slug: 'targeted-universalism' };

describe('one date everywhere: the learner’s home', () => {
  const { databaseUrl } = e2e();
  const email = `one.date.browser.${Date.now()}@equip.demo`;
  const password = 'One-day-in-every-place-2026';

  beforeAll(async () => {
    const staffId = await createSignIn(email, password);
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      // In the demo lead's department, so the lead may assign to them.
      await client.query(
        `UPDATE staff SET department_id = (SELECT g.department_id FROM role_grant g JOIN staff l ON l.id = g.staff_id WHERE l.email = 'lead@equip.demo' AND g.role = 'equity_lead' LIMIT 1) WHERE id = $1`,
        [staffId],
      );
    } finally {
      await client.end();
    }
    const lead = new Session();
    expect((await lead.signIn('lead@equip.demo')).status).toBe(200);
    for (const { day, slug } of [WINTER, SUMMER]) {
      expect((await lead.post('/api/assignments', { staffId, courseSlug: slug, due: { kind: 'absolute', dueOn: day } })).status).toBe(201);
    }
  });

  it.each([
    ['a browser in Auckland, desktop', 'Pacific/Auckland', { width: 1280, height: 900 }],
    ['a browser in Honolulu, phone', 'Pacific/Honolulu', { width: 375, height: 800 }],
  ])('%s shows each due day as the city means it', async (name, timezoneId, viewport) => {
    let session: SignedInPage | undefined;
    try {
      session = await signedInPage(email, '/learn', { password, context: { timezoneId, viewport } });
      const { page } = session;
      await page.getByRole('heading', { level: 1, name: 'My learning' }).waitFor();
      const body = page.locator('main');
      await body.getByText(WINTER.text).first().waitFor();
      await body.getByText(SUMMER.text).first().waitFor();
      const text = (await body.textContent()) ?? '';
      for (const wrong of [...WINTER.wrong, ...SUMMER.wrong]) expect(text).not.toContain(wrong);
      await page.screenshot({ path: join(ARTIFACTS, `one-date-${timezoneId.replace('/', '-')}.png`), fullPage: true });
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await session?.context.close();
      await session?.browser.close();
    }
  });
});
