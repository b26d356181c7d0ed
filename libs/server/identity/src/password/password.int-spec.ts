import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { ExpiredSessionsPurge } from '../jobs/purge-expired-sessions';
import { timeBudget } from '@equip/server/testing';
import { createIdentityTestApp, IdentityTestApp, TestBrowser } from '../testing/identity-test-app';

const GOOD_PASSWORD = 'river stones at dawn';
const tokenIn = (text: string) => /set-password#token=([A-Za-z0-9_-]+)/.exec(text)?.[1];

timeBudget(60);

describe('passwords: invitations, forgotten passwords and one-time links', () => {
  let t: IdentityTestApp;
  let admin: TestBrowser;
  let adminId: string;

  beforeAll(async () => {
    t = await createIdentityTestApp({ cityName: 'City of Riverton' });
    adminId = await t.person('admin@riverton.gov', { password: 'admin password for tests', roles: ['rase_admin'] });
    admin = new TestBrowser(t.app);
    expect((await admin.post('/api/auth/sign-in', { email: 'admin@riverton.gov', password: 'admin password for tests' })).status).toBe(200);
  });

  afterAll(() => t.close());

  beforeEach(() => {
    t.mails.length = 0;
  });

  const mailTo = (email: string) => t.mails.find((m) => m.to === email);
  const tokensOf = async (staffId: string) =>
    (await t.sql.query(`SELECT * FROM password_token WHERE staff_id = $1 ORDER BY created_at`, [staffId])).rows;

  describe('invitations', () => {
    it('mails a one-time link to active staff without a password and skips everyone else', async () => {
      const ana = await t.person('ana@riverton.gov');
      const ben = await t.person('Ben@Riverton.gov');
      const gone = await t.person('gone@riverton.gov', { active: false });
      const able = await t.person('able@riverton.gov', { password: 'already has a password' });

      const res = await admin.post('/api/staff/invitations', { staffIds: [ana, ben, gone, able, ana] });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ invited: 2, waiting: 0, alreadyHaveAccount: 1, alreadyWaiting: 0, inactive: 1, skipped: 2, notSent: 0 });
      // The request only queues them (outbox rows with the staff id, no token); the worker mails them.
      expect(t.mails).toEqual([]);
      const queued = await t.sql.query(`SELECT payload FROM outbox WHERE event = 'staff.invited' AND done_at IS NULL ORDER BY id`);
      expect(queued.rows.map((r) => r.payload)).toEqual([{ staffId: ana < ben ? ana : ben }, { staffId: ana < ben ? ben : ana }]);
      expect(await t.deliverInvitations()).toBe(2);
      expect(t.mails.map((m) => m.to).sort()).toEqual(['Ben@Riverton.gov', 'ana@riverton.gov']);

      const mail = mailTo('ana@riverton.gov')!;
      expect(mail.subject).toBe('Set your password for Equip');
      expect(mail.text).toContain('Hello First');
      expect(mail.text).toMatch(/Set your password: http:\/\/equip\.test\/set-password#token=[A-Za-z0-9_-]{43}/);
      expect(mail.html).toContain('>Set your password</a>');
      expect(mail.text).toContain('City of Riverton');

      // Only a hash is stored, and the link expires in INVITATION_DAYS.
      const token = tokenIn(mail.text)!;
      const [row] = await tokensOf(ana);
      expect(row).toMatchObject({ purpose: 'invite', used_at: null });
      expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(await tokensOf(ana))).not.toContain(token);
      const days = (row.expires_at.getTime() - row.created_at.getTime()) / 86_400_000;
      expect(days).toBeCloseTo(7, 3);

      const audit = await t.sql.query(`SELECT actor_id, after FROM audit_event WHERE action = 'staff.invited' ORDER BY id DESC LIMIT 1`);
      expect(audit.rows[0]).toMatchObject({ actor_id: adminId, after: { invited: 2 } });
      expect(audit.rows[0].after.staffIds.sort()).toEqual([ana, ben].sort());
    });

    it('mails each invitation once however often its job runs, and not at all to someone who can sign in by then', async () => {
      const cal = await t.person('cal@riverton.gov');
      const dee = await t.person('dee@riverton.gov');
      await admin.post('/api/staff/invitations', { staffIds: [cal, dee] });
      const rows = (await t.sql.query(`SELECT uid::text AS id, payload->>'staffId' AS "staffId" FROM outbox WHERE event = 'staff.invited' AND done_at IS NULL ORDER BY id`)).rows;
      const sender = t.invitationSender;
      // dee sets a password some other way before the worker gets to her invitation
      await t.sql.query(`INSERT INTO account (staff_id, password_hash) VALUES ($1, 'x')`, [dee]);
      const calRow = rows.find((r) => r.staffId === cal)!;
      const deeRow = rows.find((r) => r.staffId === dee)!;
      expect(await sender.send({ outboxId: calRow.id, staffId: cal })).toBe('sent');
      expect(await sender.send({ outboxId: calRow.id, staffId: cal })).toBe('already-done');
      expect(await sender.send({ outboxId: deeRow.id, staffId: dee })).toBe('not-invitable');
      expect(t.mails.map((m) => m.to)).toEqual(['cal@riverton.gov']);
      expect(await tokensOf(cal)).toHaveLength(1);
      expect(await tokensOf(dee)).toHaveLength(0);
      const done = await t.sql.query(`SELECT count(*)::int AS n FROM outbox WHERE uid = ANY($1::uuid[]) AND done_at IS NOT NULL`, [[calRow.id, deeRow.id]]);
      expect(done.rows[0].n).toBe(2);
    });

    it('keeps the invitation queued, with no link stored, when the mail cannot be sent', async () => {
      const eve = await t.person('eve@riverton.gov');
      await admin.post('/api/staff/invitations', { staffIds: [eve] });
      const [row] = (await t.sql.query(`SELECT uid::text AS id FROM outbox WHERE event = 'staff.invited' AND payload->>'staffId' = $1`, [eve])).rows;
      t.failMail = true;
      try {
        await expect(t.invitationSender.send({ outboxId: row.id, staffId: eve })).rejects.toThrow(/mail server unreachable/);
      } finally {
        t.failMail = false;
      }
      expect(await tokensOf(eve)).toHaveLength(0);
      expect((await t.sql.query(`SELECT done_at FROM outbox WHERE uid = $1`, [row.id])).rows[0].done_at).toBeNull();
      expect(await t.invitationSender.send({ outboxId: row.id, staffId: eve })).toBe('sent');
      expect(await tokensOf(eve)).toHaveLength(1);
    });

    it('invites a whole department with its sub-departments, and a new invitation replaces the old link', async () => {
      const parks = await t.department('PARKS');
      const trails = await t.department('PARKS-TRAILS', parks);
      const other = await t.department('LIBRARY');
      const cy = await t.person('cy@riverton.gov', { departmentId: parks });
      const di = await t.person('di@riverton.gov', { departmentId: trails });
      await t.person('ed@riverton.gov', { departmentId: other });

      const first = await admin.post('/api/staff/invitations', { departmentId: parks });
      await t.deliverInvitations();
      expect(first.body).toEqual({ invited: 2, waiting: 0, alreadyHaveAccount: 0, alreadyWaiting: 0, inactive: 0, skipped: 0, notSent: 0 });
      expect(t.mails.map((m) => m.to).sort()).toEqual(['cy@riverton.gov', 'di@riverton.gov']);
      const oldToken = tokenIn(mailTo('cy@riverton.gov')!.text)!;

      await admin.post('/api/staff/invitations', { staffIds: [cy] });
      await t.deliverInvitations();
      expect(await tokensOf(cy)).toHaveLength(1);
      expect((await admin.post('/api/auth/password/token', { token: oldToken })).status).toBe(404);
      expect(await tokensOf(di)).toHaveLength(1);
    });

    it('names the missing field, answers 404 for an unknown person, department or cohort, and is not for learners', async () => {
      const empty = await admin.post('/api/staff/invitations', {});
      expect(empty.status).toBe(400);
      expect(empty.body.errors).toEqual([{ field: 'staffIds', message: 'staffIds, departmentId or cohortId must be given' }]);
      const before = (await t.sql.query(`SELECT count(*)::int AS n FROM outbox`)).rows[0].n;
      expect((await admin.post('/api/staff/invitations', { departmentId: randomUUID() })).status).toBe(404);
      expect((await admin.post('/api/staff/invitations', { cohortId: randomUUID() })).status).toBe(404);
      const someone = await t.person('someone@riverton.gov');
      expect((await admin.post('/api/staff/invitations', { staffIds: [someone, randomUUID()] })).status).toBe(404);
      expect((await t.sql.query(`SELECT count(*)::int AS n FROM outbox`)).rows[0].n).toBe(before);

      await t.person('plain@riverton.gov', { password: 'a learner password' });
      const learner = new TestBrowser(t.app);
      await learner.post('/api/auth/sign-in', { email: 'plain@riverton.gov', password: 'a learner password' });
      expect((await learner.post('/api/staff/invitations', { staffIds: [adminId] })).status).toBe(403);
      const anonymous = new TestBrowser(t.app);
      expect((await anonymous.post('/api/staff/invitations', { staffIds: [adminId] })).status).toBe(403); // no CSRF token yet
      expect((await anonymous.post('/api/staff/invitations', { staffIds: [adminId] })).status).toBe(401); // now it has one
    });
  });

  describe('setting a password with a link', () => {
    async function invite(email: string): Promise<{ id: string; token: string }> {
      const id = await t.person(email);
      await admin.post('/api/staff/invitations', { staffIds: [id] });
      await t.deliverInvitations();
      return { id, token: tokenIn(mailTo(email)!.text)! };
    }

    it('tells the page who the link is for, and 404 once it cannot be used', async () => {
      const { token } = await invite('fay@riverton.gov');
      const res = await new TestBrowser(t.app).post('/api/auth/password/token', { token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ purpose: 'invite', email: 'fay@riverton.gov', firstName: expect.stringMatching(/^First/) });
      expect((await new TestBrowser(t.app).post('/api/auth/password/token', { token: 'not-a-token' })).status).toBe(404);
    });

    it('names the password when it breaks the policy, the token when it is unknown, and both together', async () => {
      const { token } = await invite('gus@riverton.gov');
      const browser = new TestBrowser(t.app);
      const weak = await browser.post('/api/auth/password/set', { token, password: 'short' });
      expect(weak.status).toBe(400);
      expect(weak.body.errors).toEqual([{ field: 'password', message: 'password must be at least 12 characters' }]);
      const unknown = await browser.post('/api/auth/password/set', { token: 'nope', password: GOOD_PASSWORD });
      expect(unknown.body.errors).toEqual([{ field: 'token', message: 'token is unknown, expired or already used; ask for a new link' }]);
      const both = await browser.post('/api/auth/password/set', { token: 'nope', password: 'passwordpassword' });
      expect(both.body.errors.map((e: { field: string }) => e.field)).toEqual(['token', 'password']);
      // the link still works after those mistakes
      expect((await browser.post('/api/auth/password/token', { token })).status).toBe(200);
    });

    it('sets the password, signs the person in, spends the link and records it', async () => {
      const { id, token } = await invite('hal@riverton.gov');
      const browser = new TestBrowser(t.app);
      const res = await browser.post('/api/auth/password/set', { token, password: GOOD_PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, email: 'hal@riverton.gov', roles: ['learner'] });
      expect(browser.cookies.has('equip_access')).toBe(true);
      expect(browser.cookies.has('equip_refresh')).toBe(true);
      expect(browser.cookies.get('XSRF-TOKEN')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect((await browser.get('/api/auth/session')).body.id).toBe(id);

      const again = await new TestBrowser(t.app).post('/api/auth/password/set', { token, password: 'another fine passphrase' });
      expect(again.status).toBe(400);
      expect(again.body.errors[0].field).toBe('token');

      const signIn = await new TestBrowser(t.app).post('/api/auth/sign-in', { email: 'hal@riverton.gov', password: GOOD_PASSWORD });
      expect(signIn.status).toBe(200);
      const audit = await t.sql.query(`SELECT actor_id, after FROM audit_event WHERE action = 'auth.password_set' AND subject_id = $1`, [id]);
      expect(audit.rows).toEqual([{ actor_id: id, after: { purpose: 'invite' } }]);
    });

    it('refuses an expired link', async () => {
      const { id, token } = await invite('ivy@riverton.gov');
      await t.sql.query(`UPDATE password_token SET expires_at = now() - interval '1 second' WHERE staff_id = $1`, [id]);
      const res = await new TestBrowser(t.app).post('/api/auth/password/set', { token, password: GOOD_PASSWORD });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('token');
      expect((await new TestBrowser(t.app).post('/api/auth/password/token', { token })).status).toBe(404);
    });

    it('refuses the link of someone deactivated since it was sent', async () => {
      const { id, token } = await invite('jo@riverton.gov');
      await t.sql.query(`UPDATE staff SET active = false WHERE id = $1`, [id]);
      expect((await new TestBrowser(t.app).post('/api/auth/password/set', { token, password: GOOD_PASSWORD })).status).toBe(400);
    });
  });

  describe('forgotten passwords', () => {
    const answer = async (email: string, browser = new TestBrowser(t.app)) => {
      const res = await browser.post('/api/auth/password/forgot', { email });
      return { status: res.status, body: res.body };
    };

    it('gives the same answer for everyone and mails a reset link only to an active staff member', async () => {
      const kim = await t.person('kim@riverton.gov', { password: 'kims old password' });
      await t.person('lou@riverton.gov', { active: false, password: 'lous old password' });

      const known = await answer('KIM@riverton.gov');
      const unknown = await answer('nobody@riverton.gov');
      const inactive = await answer('lou@riverton.gov');
      expect(known).toEqual({ status: 202, body: { message: expect.stringContaining('If that address belongs to a staff member') } });
      expect(unknown).toEqual(known);
      expect(inactive).toEqual(known);
      expect(t.mails.map((m) => m.to)).toEqual(['kim@riverton.gov']);

      const mail = t.mails[0];
      expect(mail.subject).toBe('Reset your Equip password');
      expect(mail.text).toContain('Set a new password: http://equip.test/set-password#token=');
      expect(mail.text).toContain('1 hour');
      const [row] = await tokensOf(kim);
      expect(row.purpose).toBe('reset');
      expect((row.expires_at.getTime() - row.created_at.getTime()) / 60_000).toBeCloseTo(60, 3);
    });

    it('resets the password and ends every session the person had', async () => {
      await t.person('max@riverton.gov', { password: 'maxs old password' });
      const laptop = new TestBrowser(t.app);
      await laptop.post('/api/auth/sign-in', { email: 'max@riverton.gov', password: 'maxs old password' });

      await answer('max@riverton.gov');
      const token = tokenIn(mailTo('max@riverton.gov')!.text)!;
      const info = await new TestBrowser(t.app).post('/api/auth/password/token', { token });
      expect(info.body.purpose).toBe('reset');
      const phone = new TestBrowser(t.app);
      expect((await phone.post('/api/auth/password/set', { token, password: GOOD_PASSWORD })).status).toBe(200);

      expect((await laptop.post('/api/auth/refresh')).status).toBe(401);
      expect((await new TestBrowser(t.app).post('/api/auth/sign-in', { email: 'max@riverton.gov', password: 'maxs old password' })).status).toBe(401);
      expect((await new TestBrowser(t.app).post('/api/auth/sign-in', { email: 'max@riverton.gov', password: GOOD_PASSWORD })).status).toBe(200);
    });

    it('lets staff invited but never signed in use it too', async () => {
      await t.person('ned@riverton.gov');
      await answer('ned@riverton.gov');
      const token = tokenIn(mailTo('ned@riverton.gov')!.text)!;
      expect((await new TestBrowser(t.app).post('/api/auth/password/set', { token, password: GOOD_PASSWORD })).status).toBe(200);
    });

    it('stops mailing one address after a few requests an hour, without changing the answer', async () => {
      await t.person('oli@riverton.gov');
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await answer('oli@riverton.gov'));
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(t.mails.filter((m) => m.to === 'oli@riverton.gov')).toHaveLength(3);
    });

    it('limits requests from one network address', async () => {
      const browser = new TestBrowser(t.app);
      const statuses = [];
      for (let i = 0; i < 11; i++) statuses.push((await answer(`someone${i}@riverton.gov`, browser)).status);
      expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
      expect(statuses[10]).toBe(429);
    });

    it('names a malformed email', async () => {
      const res = await new TestBrowser(t.app).post('/api/auth/password/forgot', { email: 'not an email' });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'email', message: 'email must be an email address' }]);
    });
  });

  it('lets the maintenance job purge links used or expired long ago', async () => {
    const id = await t.person('quinn@riverton.gov');
    await admin.post('/api/staff/invitations', { staffIds: [id] });
    await t.deliverInvitations();
    const processor = new ExpiredSessionsPurge(t.app.get(getDataSourceToken()));
    expect((await processor.purgeExpiredSessions({ olderThanDays: 30 })).passwordTokens).toBe(0);
    await t.sql.query(`UPDATE password_token SET expires_at = now() - interval '31 days' WHERE staff_id = $1`, [id]);
    expect((await processor.purgeExpiredSessions({ olderThanDays: 30 })).passwordTokens).toBe(1);
    expect(await tokensOf(id)).toEqual([]);
  });

  describe('CSRF protection of the session routes', () => {
    it('sets the token at sign-in, keeps it on refresh, and refuses sign-out without it', async () => {
      await t.person('pat@riverton.gov', { password: 'pats good password' });
      const browser = new TestBrowser(t.app);
      const signIn = await browser.post('/api/auth/sign-in', { email: 'pat@riverton.gov', password: 'pats good password' });
      const cookie = ([] as string[]).concat(signIn.headers['set-cookie']).filter((c) => c.startsWith('XSRF-TOKEN='));
      expect(cookie).toHaveLength(1);
      expect(cookie[0]).not.toMatch(/HttpOnly/i);
      const token = browser.cookies.get('XSRF-TOKEN');

      expect((await browser.post('/api/auth/refresh')).status).toBe(200);
      expect(browser.cookies.get('XSRF-TOKEN')).toBe(token);

      const forged = await browser.post('/api/auth/sign-out', {}, { 'X-XSRF-TOKEN': 'f'.repeat(43) });
      expect(forged.status).toBe(403);
      expect(forged.body.detail).toBe('Missing or invalid CSRF token');
      expect((await browser.get('/api/auth/session')).status).toBe(200);

      expect((await browser.post('/api/auth/sign-out')).status).toBe(204);
      expect(browser.cookies.get('XSRF-TOKEN')).not.toBe(token);
    });

    it('hands out the token at GET /api/auth/csrf', async () => {
      const browser = new TestBrowser(t.app);
      const res = await browser.get('/api/auth/csrf');
      expect(res.status).toBe(200);
      expect(([] as string[]).concat(res.headers['set-cookie']).filter((c) => c.startsWith('XSRF-TOKEN='))).toHaveLength(1);
      expect(res.body).toEqual({ token: browser.cookies.get('XSRF-TOKEN'), headerName: 'X-XSRF-TOKEN' });
      expect((await browser.get('/api/auth/csrf')).body.token).toBe(res.body.token);
    });
  });
});
