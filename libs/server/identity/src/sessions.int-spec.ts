import { JwtService } from '@nestjs/jwt';
import { timeBudget } from '@equip/server/testing';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SessionRepository } from './session.repository';
import { createIdentityTestApp, IdentityTestApp, TestBrowser } from './testing/identity-test-app';

const PASSWORD = 'a long enough test passphrase';
const NEW_PASSWORD = 'river stones at dawn';
const tokenIn = (text: string) => /set-password#token=([A-Za-z0-9_-]+)/.exec(text)?.[1];

timeBudget(180);

/**
 * Sessions end when they should, for good (issue 13, findings 2, 3, 4 and 7): the access token is
 * checked against its session on every request, refresh tokens rotate with a grace window for
 * two tabs, the database ends sessions and spends links on a deactivation or an email change, and
 * only failed sign-ins count against an address.
 */
describe('sessions', () => {
  let t: IdentityTestApp;

  beforeAll(async () => {
    t = await createIdentityTestApp();
  });

  afterAll(() => t.close());

  let people = 0;
  /** A person with a password, signed in on a browser of their own. */
  async function signedIn(options: { roles?: string[] } = {}): Promise<{ id: string; email: string; browser: TestBrowser }> {
    const email = `person${++people}@riverton.gov`;
    const id = await t.person(email, { password: PASSWORD, roles: options.roles });
    const browser = new TestBrowser(t.app);
    expect((await browser.post('/api/auth/sign-in', { email, password: PASSWORD })).status).toBe(200);
    return { id, email, browser };
  }

  /** The same cookies, as a second tab or a thief holding a copy would send them. */
  function copyOf(browser: TestBrowser): TestBrowser {
    const copy = new TestBrowser(t.app);
    for (const [name, value] of browser.cookies) copy.cookies.set(name, value);
    return copy;
  }

  const status = async (browser: TestBrowser, path = '/api/auth/session') => (await browser.get(path)).status;
  const sessionsOf = async (staffId: string) =>
    (await t.sql.query(`SELECT id, ended_at, end_reason FROM session WHERE staff_id = $1 ORDER BY created_at`, [staffId])).rows;
  const auditActions = async (staffId: string) =>
    (await t.sql.query(`SELECT action FROM audit_event WHERE subject_id = $1 ORDER BY id`, [staffId])).rows.map((r) => r.action as string);

  /** A reset link mailed to the person now. */
  async function resetLink(email: string): Promise<string> {
    t.mails.length = 0;
    expect((await new TestBrowser(t.app).post('/api/auth/password/forgot', { email })).status).toBe(202);
    // The reset mail is sent after the answer; wait for it.
    for (let i = 0; i < 100 && !t.mails.some((m) => m.to === email); i++) await new Promise((r) => setTimeout(r, 20));
    return tokenIn(t.mails.find((m) => m.to === email)!.text)!;
  }
  const linkWorks = async (token: string) => (await new TestBrowser(t.app).post('/api/auth/password/token', { token })).status === 200;

  describe('the access token names its session, checked on every request', () => {
    it('stops working at once after sign-out, not at its expiry', async () => {
      const { id, browser } = await signedIn();
      const stolen = copyOf(browser);
      expect(await status(stolen)).toBe(200);
      expect((await browser.post('/api/auth/sign-out')).status).toBe(204);
      expect(await status(stolen)).toBe(401);
      expect((await stolen.get('/api/auth/session')).body.detail).toBe('Your session has ended. Sign in again.');
      expect((await stolen.post('/api/auth/refresh')).status).toBe(401);
      expect(await sessionsOf(id)).toEqual([expect.objectContaining({ end_reason: 'sign_out' })]);
    });

    it('signs out with the access cookie alone when the refresh cookie is gone', async () => {
      const { id, browser } = await signedIn();
      const copy = copyOf(browser);
      browser.cookies.delete('equip_refresh');
      expect((await browser.post('/api/auth/sign-out')).status).toBe(204);
      expect(await status(copy)).toBe(401);
      expect((await sessionsOf(id))[0].end_reason).toBe('sign_out');
    });

    it('ends only the session signed out of: the same person on another device stays signed in', async () => {
      const { email, browser: laptop } = await signedIn();
      const phone = new TestBrowser(t.app);
      expect((await phone.post('/api/auth/sign-in', { email, password: PASSWORD })).status).toBe(200);
      expect((await laptop.post('/api/auth/sign-out')).status).toBe(204);
      expect(await status(phone)).toBe(200);
      expect((await phone.post('/api/auth/refresh')).status).toBe(200);
    });

    it('stops working at once when a password is set with a link, on every device', async () => {
      const { id, email, browser: laptop } = await signedIn();
      const token = await resetLink(email);
      const phone = new TestBrowser(t.app);
      expect((await phone.post('/api/auth/password/set', { token, password: NEW_PASSWORD })).status).toBe(200);
      expect(await status(laptop)).toBe(401);
      expect((await laptop.post('/api/auth/refresh')).status).toBe(401);
      expect(await status(phone)).toBe(200);
      const sessions = await sessionsOf(id);
      expect(sessions.map((s) => s.end_reason)).toEqual(['password_set', null]);
    });

    it('loads roles on every request: a revoked role is gone from the next one', async () => {
      const { id, browser } = await signedIn({ roles: ['rase_admin'] });
      expect((await browser.post('/api/staff/invitations', {})).status).toBe(400); // past the role check
      await t.sql.query(`DELETE FROM role_grant WHERE staff_id = $1`, [id]);
      expect((await browser.post('/api/staff/invitations', {})).status).toBe(403);
      expect((await browser.get('/api/auth/session')).body.roles).toEqual(['learner']);
    });

    it('makes one session check for requests at once (a page opening), and keeps nothing after it answers', async () => {
      const { id } = await signedIn();
      const [{ id: sessionId }] = await sessionsOf(id);
      const sessions = t.app.get(SessionRepository);
      const query = jest.spyOn(t.app.get(DataSource), 'query');
      const checks = () => query.mock.calls.filter(([sql]) => String(sql).includes('ss.ended_at IS NULL')).length;
      try {
        const [first, second, third] = await Promise.all([1, 2, 3].map(() => sessions.findBySession(id, sessionId)));
        expect(checks()).toBe(1);
        expect(first).toMatchObject({ id, roles: ['learner'] });
        expect(second).toEqual(first);
        expect(third).toEqual(first);
        // Each request its own copy: one cannot change what another sees.
        expect(new Set([first, second, third]).size).toBe(3);
        expect(second!.roles).not.toBe(first!.roles);

        await t.sql.query(`UPDATE session SET ended_at = now(), end_reason = 'sign_out' WHERE id = $1`, [sessionId]);
        expect(await sessions.findBySession(id, sessionId)).toBeUndefined();
        expect(checks()).toBe(2);
      } finally {
        query.mockRestore();
      }
    });
  });

  describe('tokens of the wrong shape or signature are a 401, never a 500', () => {
    let id: string;
    let sid: string;
    let browser: TestBrowser;
    const signer = () => new JwtService({ secret: t.config.jwtSecret });
    const withAccess = (token: string) => {
      const b = new TestBrowser(t.app);
      b.cookies.set('equip_access', token);
      return b;
    };
    const unsigned = (payload: object) =>
      [{ alg: 'none', typ: 'JWT' }, payload].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + '.';

    beforeAll(async () => {
      ({ id, browser } = await signedIn());
      [{ id: sid }] = (await t.sql.query(`SELECT id FROM session WHERE staff_id = $1`, [id])).rows;
    });

    it('accepts a token made as Equip makes them (the control)', async () => {
      expect(await status(browser)).toBe(200);
      expect(await status(withAccess(signer().sign({ sub: id, sid }, { expiresIn: 60 })))).toBe(200);
    });

    it.each([
      ['without an expiry', () => signer().sign({ sub: id, sid })],
      ['whose sub is not a UUID', () => signer().sign({ sub: 'admin', sid }, { expiresIn: 60 })],
      ['whose sub is SQL', () => signer().sign({ sub: "' OR 1=1 --", sid }, { expiresIn: 60 })],
      ['without a session', () => signer().sign({ sub: id }, { expiresIn: 60 })],
      ['naming an unknown session', () => signer().sign({ sub: id, sid: randomUUID() }, { expiresIn: 60 })],
      ['naming a session of somebody else', async () => {
        const other = await signedIn();
        const [{ id: theirs }] = (await t.sql.query(`SELECT id FROM session WHERE staff_id = $1`, [other.id])).rows;
        return signer().sign({ sub: id, sid: theirs }, { expiresIn: 60 });
      }],
      ['that has expired', () => signer().sign({ sub: id, sid, exp: Math.floor(Date.now() / 1000) - 10 })],
      ['signed with alg none', () => unsigned({ sub: id, sid, exp: Math.floor(Date.now() / 1000) + 60 })],
      ['signed with HS512 and the right secret (the algorithm is pinned)', () => signer().sign({ sub: id, sid }, { expiresIn: 60, algorithm: 'HS512' })],
      ['signed with another secret', () => new JwtService({ secret: 'another secret of at least 32 chars!' }).sign({ sub: id, sid }, { expiresIn: 60 })],
      ['signed with RS256 (no key confusion)', () => {
        const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        return new JwtService({ privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) }).sign({ sub: id, sid }, { expiresIn: 60, algorithm: 'RS256' });
      }],
      ['that is not a JWT at all', () => 'not.a.token'],
    ])('refuses a token %s', async (_what, make) => {
      const res = await withAccess(await make()).get('/api/auth/session');
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    });
  });

  describe('two tabs refreshing at once', () => {
    it('both get a new token within the grace window, and the session goes on', async () => {
      const { id, browser: tab1 } = await signedIn();
      const tab2 = copyOf(tab1);
      const [a, b] = await Promise.all([tab1.post('/api/auth/refresh'), tab2.post('/api/auth/refresh')]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(tab1.cookies.get('equip_refresh')).not.toBe(tab2.cookies.get('equip_refresh'));
      // Later, each tab refreshes again with the token it got; nobody was signed out.
      expect((await tab1.post('/api/auth/refresh')).status).toBe(200);
      expect((await tab2.post('/api/auth/refresh')).status).toBe(200);
      expect(await status(tab1)).toBe(200);
      const sessions = await sessionsOf(id);
      expect(sessions).toEqual([expect.objectContaining({ ended_at: null })]);
      expect(await auditActions(id)).not.toContain('auth.refresh_reused');
    });

    it('after the window, reuse means a copy: the session ends for every holder and it is audited', async () => {
      const { id, browser } = await signedIn();
      const thief = copyOf(browser);
      expect((await browser.post('/api/auth/refresh')).status).toBe(200);
      await t.sql.query(`UPDATE refresh_token SET used_at = used_at - make_interval(secs => $2 + 1) WHERE staff_id = $1 AND used_at IS NOT NULL`, [
        id,
        t.config.refreshReuseGraceSeconds,
      ]);
      expect((await thief.post('/api/auth/refresh')).status).toBe(401);
      expect((await browser.post('/api/auth/refresh')).status).toBe(401);
      expect(await status(browser)).toBe(401); // the young access token too
      expect((await sessionsOf(id))[0].end_reason).toBe('refresh_reused');
      expect(await auditActions(id)).toEqual(['auth.refresh_reused']);
    });
  });

  describe('deactivation and email changes end sessions and spend links in the database, for good', () => {
    it('a deactivation ends every session and spends every link; a reactivation brings none back', async () => {
      const { id, email, browser } = await signedIn();
      const token = await resetLink(email);
      expect(await linkWorks(token)).toBe(true);
      await t.sql.query(`UPDATE staff SET active = false WHERE id = $1`, [id]);
      expect((await browser.post('/api/auth/refresh')).status).toBe(401); // refused while inactive
      await t.sql.query(`UPDATE staff SET active = true WHERE id = $1`, [id]);

      expect(await status(browser)).toBe(401); // the young access token stays dead
      expect((await browser.post('/api/auth/refresh')).status).toBe(401); // and the refresh token
      expect(await linkWorks(token)).toBe(false);
      expect((await new TestBrowser(t.app).post('/api/auth/password/set', { token, password: NEW_PASSWORD })).status).toBe(400);
      expect((await sessionsOf(id)).map((s) => s.end_reason)).toEqual(['deactivated']);
      // The refresh refused while inactive is not later reported as a stolen token.
      expect(await auditActions(id)).not.toContain('auth.refresh_reused');
      // The person signs in again as usual.
      expect((await new TestBrowser(t.app).post('/api/auth/sign-in', { email, password: PASSWORD })).status).toBe(200);
    });

    it('an email change ends every session and spends the link mailed to the old address, even if changed back', async () => {
      const { id, email, browser } = await signedIn();
      const token = await resetLink(email);
      await t.sql.query(`UPDATE staff SET email = $2 WHERE id = $1`, [id, `moved.${email}`]);
      await t.sql.query(`UPDATE staff SET email = $2 WHERE id = $1`, [id, email]);
      expect(await status(browser)).toBe(401);
      expect((await browser.post('/api/auth/refresh')).status).toBe(401);
      expect(await linkWorks(token)).toBe(false);
      expect((await sessionsOf(id)).map((s) => s.end_reason)).toEqual(['email_changed']);
    });

    it('a change only in case or surrounding spaces is not an email change', async () => {
      const { id, email, browser } = await signedIn();
      const token = await resetLink(email);
      await t.sql.query(`UPDATE staff SET email = $2 WHERE id = $1`, [id, `  ${email.toUpperCase()} `]);
      expect(await status(browser)).toBe(200);
      expect((await browser.post('/api/auth/refresh')).status).toBe(200);
      expect(await linkWorks(token)).toBe(true);
      await t.sql.query(`UPDATE staff SET email = $2 WHERE id = $1`, [id, email]);
    });

    it('a link is only good for the address it was mailed to, even when nothing else ended it', async () => {
      const { id, email } = await signedIn();
      const token = await resetLink(email);
      // As if the change had raced the link's issue: the trigger did not see the link.
      await t.sql.query(`ALTER TABLE staff DISABLE TRIGGER staff_ends_sessions`);
      try {
        await t.sql.query(`UPDATE staff SET email = $2 WHERE id = $1`, [id, `recycled.${email}`]);
      } finally {
        await t.sql.query(`ALTER TABLE staff ENABLE TRIGGER staff_ends_sessions`);
      }
      expect(await linkWorks(token)).toBe(false);
      const set = await new TestBrowser(t.app).post('/api/auth/password/set', { token, password: NEW_PASSWORD });
      expect(set.status).toBe(400);
      expect(set.body.errors[0].field).toBe('token');
    });

    it('ends the sessions of everyone a set-based statement deactivates or re-addresses, as a roster import writes', async () => {
      const moved = await signedIn();
      const leaving = await signedIn();
      const unchanged = await signedIn();
      const recased = await signedIn();
      // The roster's merge: INSERT … ON CONFLICT DO UPDATE over many rows at once.
      await t.sql.query(
        `INSERT INTO staff AS s (id, employee_id, email, first_name, last_name, department_id, active)
         SELECT id, employee_id, CASE WHEN id = $1 THEN 'new.' || email WHEN id = $4 THEN upper(email) ELSE email END,
                first_name, last_name, department_id, id <> $2
           FROM staff WHERE id = ANY(ARRAY[$1, $2, $3, $4]::uuid[])
         ON CONFLICT (employee_id) DO UPDATE SET email = EXCLUDED.email, active = EXCLUDED.active`,
        [moved.id, leaving.id, unchanged.id, recased.id],
      );
      expect(await status(moved.browser)).toBe(401);
      expect(await status(leaving.browser)).toBe(401);
      expect(await status(unchanged.browser)).toBe(200);
      expect(await status(recased.browser)).toBe(200);
      expect((await sessionsOf(moved.id))[0].end_reason).toBe('email_changed');
      expect((await sessionsOf(leaving.id))[0].end_reason).toBe('deactivated');
    });
  });

  describe('links', () => {
    it('issuing a link spends the older ones, whatever their purpose', async () => {
      const email = `invited${++people}@riverton.gov`;
      const id = await t.person(email);
      const admin = await signedIn({ roles: ['rase_admin'] });
      await admin.browser.post('/api/staff/invitations', { staffIds: [id] });
      t.mails.length = 0;
      await t.deliverInvitations();
      const invitation = tokenIn(t.mails[0].text)!;
      expect(await linkWorks(invitation)).toBe(true);
      const reset = await resetLink(email);
      expect(await linkWorks(invitation)).toBe(false);
      expect(await linkWorks(reset)).toBe(true);
    });
  });

  describe("an administrator ends a person's sessions", () => {
    it('signs them out everywhere, spends their links, says how many, and audits it', async () => {
      const admin = await signedIn({ roles: ['rase_admin'] });
      const { id, email, browser: laptop } = await signedIn();
      const phone = new TestBrowser(t.app);
      await phone.post('/api/auth/sign-in', { email, password: PASSWORD });
      const token = await resetLink(email);

      const res = await admin.browser.post(`/api/staff/${id}/sessions/end`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ sessionsEnded: 2, linksSpent: 1 });
      expect(await status(laptop)).toBe(401);
      expect(await status(phone)).toBe(401);
      expect((await phone.post('/api/auth/refresh')).status).toBe(401);
      expect(await linkWorks(token)).toBe(false);
      const audit = await t.sql.query(`SELECT actor_id, after FROM audit_event WHERE action = 'auth.sessions_ended' AND subject_id = $1`, [id]);
      expect(audit.rows).toEqual([{ actor_id: admin.id, after: { sessionsEnded: 2, linksSpent: 1 } }]);
      // Nothing left to end the second time; the person can still sign in.
      expect((await admin.browser.post(`/api/staff/${id}/sessions/end`)).body).toEqual({ sessionsEnded: 0, linksSpent: 0 });
      expect((await new TestBrowser(t.app).post('/api/auth/sign-in', { email, password: PASSWORD })).status).toBe(200);
    });

    it('is for RASE administrators only, and 404 for nobody', async () => {
      const admin = await signedIn({ roles: ['rase_admin'] });
      const learner = await signedIn();
      expect((await admin.browser.post(`/api/staff/${randomUUID()}/sessions/end`)).status).toBe(404);
      expect((await admin.browser.post(`/api/staff/not-a-uuid/sessions/end`)).status).toBe(404);
      expect((await learner.browser.post(`/api/staff/${admin.id}/sessions/end`)).status).toBe(403);
      expect(await status(admin.browser)).toBe(200);
      const anonymous = new TestBrowser(t.app);
      await anonymous.get('/api/auth/csrf');
      expect((await anonymous.post(`/api/staff/${admin.id}/sessions/end`)).status).toBe(401);
    });
  });

  describe('sign-in limits per address count failures only', () => {
    it('lets 40 successful sign-ins from one address through in one window', async () => {
      const email = `busy${++people}@riverton.gov`;
      await t.person(email, { password: PASSWORD });
      const building = new TestBrowser(t.app); // one address for every sign-in
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await building.post('/api/auth/sign-in', { email, password: PASSWORD })).status);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
    });

    it(`still refuses an address after ${30} failures, even a right password, with Retry-After`, async () => {
      expect(t.config.signInFailuresPerAddress).toBe(30);
      const email = `target${++people}@riverton.gov`;
      await t.person(email, { password: PASSWORD });
      const attacker = new TestBrowser(t.app);
      const statuses: number[] = [];
      // Different unknown accounts, so only the address limit can trip.
      for (let i = 0; i < 30; i++) statuses.push((await attacker.post('/api/auth/sign-in', { email: `guess${i}@riverton.gov`, password: 'wrong password here' })).status);
      expect(new Set(statuses)).toEqual(new Set([401]));
      const blocked = await attacker.post('/api/auth/sign-in', { email, password: PASSWORD });
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      // Another address is not affected.
      expect((await new TestBrowser(t.app).post('/api/auth/sign-in', { email, password: PASSWORD })).status).toBe(200);
    });
  });
});
