import { e2e } from '../support/environment';
import { Session } from '../support/http';

/** Double-submit-cookie CSRF protection on the running api, seen the way a browser and a forger see it. */
describe('CSRF protection', () => {
  const { baseUrl } = e2e();

  it('gives a readable, SameSite CSRF cookie at sign-in', async () => {
    const res = await new Session().signIn('learner@equip.demo');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('XSRF-TOKEN='));
    expect(cookie).toMatch(/^XSRF-TOKEN=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/HttpOnly/i);
  });

  it('refuses a state-changing request whose X-XSRF-TOKEN header does not repeat the cookie', async () => {
    const session = new Session();
    await session.signIn('viewer@equip.demo');
    const cookies = `equip_refresh=${session.cookie('equip_refresh')}; XSRF-TOKEN=${session.cookie('XSRF-TOKEN')}`;

    // what a cross-site form can do: the browser adds the cookies, but nobody can write the header
    const forged = await fetch(`${baseUrl}/api/auth/sign-out`, { method: 'POST', headers: { cookie: cookies } });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('content-type')).toContain('application/problem+json');
    expect((await forged.json()).detail).toBe('Missing or invalid CSRF token');

    const guessed = await fetch(`${baseUrl}/api/auth/sign-out`, { method: 'POST', headers: { cookie: cookies, 'x-xsrf-token': 'x'.repeat(43) } });
    expect(guessed.status).toBe(403);

    // the session survived both, and the real page can still end it
    expect((await session.get('/api/auth/session')).status).toBe(200);
    expect((await session.post('/api/auth/sign-out')).status).toBe(204);
  });

  it('hands the token to a page that has none yet', async () => {
    const res = await fetch(`${baseUrl}/api/auth/csrf`);
    const body = await res.json();
    expect(body.headerName).toBe('X-XSRF-TOKEN');
    expect(res.headers.getSetCookie().find((c) => c.startsWith('XSRF-TOKEN='))).toContain(`XSRF-TOKEN=${body.token};`);
  });

  it('lets sign-in through without a token: there is no session to ride yet', async () => {
    const res = await fetch(`${baseUrl}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.8.1.1' },
      body: JSON.stringify({ email: 'learner@equip.demo', password: e2e().demoPassword }),
    });
    expect(res.status).toBe(200);
  });
});
