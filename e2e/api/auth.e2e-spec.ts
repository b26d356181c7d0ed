import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { e2e } from '../support/environment';
import { createSignIn } from '../support/fixtures';
import { Session } from '../support/http';

const ROLES = [
  { email: 'learner@equip.demo', roles: ['learner'], areas: ['learn'] },
  { email: 'lead@equip.demo', roles: ['learner', 'equity_lead'], areas: ['learn', 'lead'] },
  { email: 'admin@equip.demo', roles: ['learner', 'rase_admin'], areas: ['learn', 'rase'] },
  { email: 'viewer@equip.demo', roles: ['learner', 'viewer'], areas: ['learn', 'rase'] },
];

describe('sign-in and sessions', () => {
  it.each(ROLES)('signs in $email and reports their roles and areas', async ({ email, roles, areas }) => {
    const session = new Session();
    const res = await session.signIn(email);
    expect(res.status).toBe(200);
    const user = await res.json();
    expect(user).toMatchObject({ email, roles, areas });
    expect(user.password_hash ?? user.passwordHash).toBeUndefined();

    const me = await session.get('/api/auth/session');
    expect(me.status).toBe(200);
    expect((await me.json()).email).toBe(email);
  });

  it('sets HttpOnly, SameSite session cookies', async () => {
    const res = await new Session().signIn('learner@equip.demo');
    const cookies = res.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith('equip_access='))).toMatch(/HttpOnly/i);
    expect(cookies.find((c) => c.startsWith('equip_access='))).toMatch(/SameSite=Lax/i);
    expect(cookies.find((c) => c.startsWith('equip_refresh='))).toMatch(/Path=\/api\/auth.*HttpOnly.*SameSite=Strict/i);
  });

  it('gives an unknown email and a wrong password the same answer', async () => {
    const unknown = await new Session().signIn('nobody@equip.demo', 'not-the-password-at-all');
    const wrong = await new Session().signIn('viewer@equip.demo', 'not-the-password-at-all');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect((await unknown.json()).detail).toBe((await wrong.json()).detail);
  });

  it('names the bad field when the sign-in body is malformed', async () => {
    const res = await new Session().post('/api/auth/sign-in', { email: 'not-an-email', password: 'x' });
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toEqual([{ field: 'email', message: 'email must be an email address' }]);
  });

  it('locks an account for a while after repeated failures, even for the right password', async () => {
    const staffId = await createSignIn('locked.out@equip.test', 'a-perfectly-good-password');
    const attacker = new Session();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await attacker.signIn('locked.out@equip.test', `wrong-password-${i}-xyz`)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    const owner = await new Session().signIn('locked.out@equip.test', 'a-perfectly-good-password');
    expect(owner.status).toBe(429);
    expect(Number(owner.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await auditActions(staffId)).toContain('auth.locked_out');
  });

  it('answers an unknown email the same way once its attempts run out', async () => {
    const attacker = new Session();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await attacker.signIn('ghost@equip.demo', `wrong-password-${i}-xyz`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('rotates the refresh token; a replay after the grace window ends the session for every holder', async () => {
    const session = new Session();
    await session.signIn('viewer@equip.demo');
    const first = session.cookie('equip_refresh')!;

    const refreshed = await session.post('/api/auth/refresh');
    expect(refreshed.status).toBe(200);
    const second = session.cookie('equip_refresh')!;
    expect(second).not.toBe(first);

    // REFRESH_REUSE_GRACE_SECONDS (30) have passed since the rotation.
    await sql(`UPDATE refresh_token SET used_at = used_at - interval '31 seconds' WHERE token_hash = $1`, [sha256(first)]);
    const thief = new Session();
    thief.setCookie('equip_refresh', first);
    expect((await thief.post('/api/auth/refresh')).status).toBe(401);

    // the replay ended the session, so the rightful holder must sign in again, at once
    expect((await session.get('/api/auth/session')).status).toBe(401);
    expect((await session.post('/api/auth/refresh')).status).toBe(401);
  });

  it('keeps two tabs that refresh at the same moment signed in', async () => {
    await createSignIn(`two.tabs.${suffix}@equip.test`, 'two tabs one browser passphrase');
    const tab1 = new Session();
    expect((await tab1.signIn(`two.tabs.${suffix}@equip.test`, 'two tabs one browser passphrase')).status).toBe(200);
    const tab2 = copyOf(tab1);
    const answers = await Promise.all([tab1.post('/api/auth/refresh'), tab2.post('/api/auth/refresh')]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    for (const tab of [tab1, tab2]) {
      expect((await tab.get('/api/auth/session')).status).toBe(200);
      expect((await tab.post('/api/auth/refresh')).status).toBe(200);
    }
  });

  it('signs out: the access token and the refresh token stop working at once', async () => {
    const session = new Session();
    await session.signIn('admin@equip.demo');
    const copy = copyOf(session);
    expect((await copy.get('/api/auth/session')).status).toBe(200);
    expect((await session.post('/api/auth/sign-out')).status).toBe(204);
    expect((await copy.get('/api/auth/session')).status).toBe(401);
    expect((await copy.post('/api/auth/refresh')).status).toBe(401);
  });

  it('ends every session of someone deactivated, for good: reactivating brings none back', async () => {
    const email = `deactivated.${suffix}@equip.test`;
    const staffId = await createSignIn(email, 'a deactivation test passphrase');
    const session = new Session();
    expect((await session.signIn(email, 'a deactivation test passphrase')).status).toBe(200);
    await sql(`UPDATE staff SET active = false WHERE id = $1`, [staffId]);
    expect((await session.get('/api/auth/session')).status).toBe(401);
    expect((await copyOf(session).post('/api/auth/refresh')).status).toBe(401);
    await sql(`UPDATE staff SET active = true WHERE id = $1`, [staffId]);
    expect((await session.get('/api/auth/session')).status).toBe(401);
    expect((await session.post('/api/auth/refresh')).status).toBe(401);
    expect(await auditActions(staffId)).not.toContain('auth.refresh_reused');
    expect((await new Session().signIn(email, 'a deactivation test passphrase')).status).toBe(200);
  });

  it("lets an administrator end a person's sessions on every device", async () => {
    const email = `ended.by.admin.${suffix}@equip.test`;
    const staffId = await createSignIn(email, 'an ended by admin passphrase');
    const laptop = new Session();
    const phone = new Session();
    await laptop.signIn(email, 'an ended by admin passphrase');
    await phone.signIn(email, 'an ended by admin passphrase');
    const admin = new Session();
    await admin.signIn('admin@equip.demo');
    const ended = await admin.post(`/api/staff/${staffId}/sessions/end`);
    expect(ended.status).toBe(200);
    expect(await ended.json()).toEqual({ sessionsEnded: 2, linksSpent: 0 });
    for (const device of [laptop, phone]) {
      expect((await device.get('/api/auth/session')).status).toBe(401);
      expect((await device.post('/api/auth/refresh')).status).toBe(401);
    }
    expect(await auditActions(staffId)).toContain('auth.sessions_ended');
  });

  it('refuses requests without a session', async () => {
    const res = await new Session().get('/api/auth/session');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});

const suffix = randomBytes(3).toString('hex');
const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** The same cookies in another tab (or a copy a thief took). */
function copyOf(session: Session): Session {
  const copy = new Session();
  for (const name of ['equip_access', 'equip_refresh', 'XSRF-TOKEN']) {
    const value = session.cookie(name);
    if (value) copy.setCookie(name, value);
  }
  return copy;
}

async function sql(text: string, params: unknown[]): Promise<{ rows: Record<string, unknown>[] }> {
  const client = new Client({ connectionString: e2e().databaseUrl });
  await client.connect();
  try {
    return await client.query(text, params);
  } finally {
    await client.end();
  }
}

async function auditActions(subjectId: string): Promise<string[]> {
  const { rows } = await sql('SELECT action FROM audit_event WHERE subject_id = $1 ORDER BY id', [subjectId]);
  return rows.map((r) => r.action as string);
}
