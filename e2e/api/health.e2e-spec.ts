import { e2e } from '../support/environment';

describe('health and the served app', () => {
  const { baseUrl } = e2e();

  it('answers liveness without touching dependencies', async () => {
    const res = await fetch(`${baseUrl}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('reports PostgreSQL, Redis and the worker heartbeat as up when ready', async () => {
    const res = await fetch(`${baseUrl}/api/health/ready`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe('ok');
    expect(body.details.database.status).toBe('up');
    expect(body.details.redis.status).toBe('up');
    expect(body.details.worker).toMatchObject({ status: 'up', workers: 1 });
  });

  it('serves the OpenAPI document at /api/docs', async () => {
    const ui = await fetch(`${baseUrl}/api/docs`);
    expect(ui.status).toBe(200);
    const doc = await (await fetch(`${baseUrl}/api/docs/openapi.json`)).json();
    expect(doc.info.title).toBe('Equip API');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/health/ready', '/api/auth/sign-in']));
  });

  it('sends security headers and a request id on every answer', async () => {
    const res = await fetch(`${baseUrl}/api/health`, { headers: { 'x-request-id': 'trace-me-123' } });
    expect(res.headers.get('x-request-id')).toBe('trace-me-123');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('serves the built web app at / and for client-side routes', async () => {
    for (const path of ['/', '/sign-in', '/learn']) {
      const res = await fetch(`${baseUrl}${path}`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<equip-root');
    }
  });

  it('answers HEAD like GET for the app (uptime monitors and proxies use it)', async () => {
    for (const path of ['/', '/sign-in']) {
      const res = await fetch(`${baseUrl}${path}`, { method: 'HEAD', headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
    }
  });

  it('answers an unknown api route with problem+json 404, not the web app', async () => {
    const res = await fetch(`${baseUrl}/api/no-such-thing`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
