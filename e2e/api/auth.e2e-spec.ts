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

  it('rotates the refresh token and ends the session when an old one is replayed', async () => {
    const session = new Session();
    await session.signIn('viewer@equip.demo');
    const first = session.cookie('equip_refresh')!;

    const refreshed = await session.post('/api/auth/refresh');
    expect(refreshed.status).toBe(200);
    const second = session.cookie('equip_refresh')!;
    expect(second).not.toBe(first);

    const thief = new Session();
    thief.setCookie('equip_refresh', first);
    expect((await thief.post('/api/auth/refresh')).status).toBe(401);

    // the replay revoked the whole family, so the rightful holder must sign in again
    expect((await session.post('/api/auth/refresh')).status).toBe(401);
  });

  it('signs out: the refresh token no longer works', async () => {
    const session = new Session();
    await session.signIn('admin@equip.demo');
    const refresh = session.cookie('equip_refresh')!;
    expect((await session.post('/api/auth/sign-out')).status).toBe(204);
    const again = new Session();
    again.setCookie('equip_refresh', refresh);
    expect((await again.post('/api/auth/refresh')).status).toBe(401);
  });

  it('refuses requests without a session', async () => {
    const res = await new Session().get('/api/auth/session');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});

async function auditActions(subjectId: string): Promise<string[]> {
  const client = new Client({ connectionString: e2e().databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT action FROM audit_event WHERE subject_id = $1 ORDER BY id', [subjectId]);
    return rows.map((r) => r.action);
  } finally {
    await client.end();
  }
}
