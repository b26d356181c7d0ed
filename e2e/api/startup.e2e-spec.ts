import { randomBytes } from 'node:crypto';
import { e2e } from '../support/environment';
import { API_MAIN, freePort, run, stop, until } from '../support/processes';

/** Start-up and degraded-dependency behaviour of the real api process. */
describe('api start-up', () => {
  const base = () => ({
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    QUEUE_PREFIX: `equip-e2e-${randomBytes(4).toString('hex')}`,
  });

  it('stops within 10 seconds with one clear line when PostgreSQL cannot be reached', async () => {
    const started = Date.now();
    const api = run(API_MAIN, { ...base(), PORT: String(await freePort()), DATABASE_URL: 'postgres://nobody@localhost:1/x' });
    const code = await api.exited;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(code).toBe(1);
    const output = api.output().trim();
    expect(output).toBe(
      'Equip api could not start: Cannot reach PostgreSQL at postgres://nobody@localhost:1/x (ECONNREFUSED). Check DATABASE_URL and that PostgreSQL is running.',
    );
  });

  it('names a malformed variable and what it expects', async () => {
    const api = run(API_MAIN, { ...base(), PORT: 'eighty' });
    expect(await api.exited).toBe(1);
    expect(api.output().trim()).toBe('Equip api could not start: Configuration error: PORT must be an integer number (got "eighty")');
  });

  it('keeps serving liveness and reports Redis down when Redis is unreachable', async () => {
    const port = await freePort();
    const api = run(API_MAIN, { ...base(), PORT: String(port), DATABASE_URL: e2e().databaseUrl, REDIS_URL: 'redis://localhost:1' });
    try {
      const live = await until('liveness', async () => {
        const res = await fetch(`http://localhost:${port}/api/health`);
        return res.status === 200 ? res : undefined;
      });
      expect(await live.json()).toEqual({ status: 'ok' });
      const ready = await fetch(`http://localhost:${port}/api/health/ready`);
      expect(ready.status).toBe(503);
      const body = await ready.json();
      expect(body.details.database.status).toBe('up');
      expect(body.details.redis.status).toBe('down');
    } finally {
      expect(await stop(api)).toBe(0);
    }
  });
});
