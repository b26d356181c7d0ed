import { createTestDatabase, dropRedisPrefix, TestDatabase } from '@equip/server/testing';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { e2e } from '../support/environment';
import { freePort, ROOT, run, Running, stop, until } from '../support/processes';

const CLI_MAIN = join(ROOT, 'dist/apps/cli/apps/cli/src/main.js');

/** `npm start` (the cli's start command): its supervisor keeps Equip serving when one process dies. */
describe('npm start', () => {
  let db: TestDatabase;
  let dir: string;
  const prefix = `equip-e2e-start-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    db = await createTestDatabase(undefined, 'equip_e2e_start');
    dir = mkdtempSync(join(tmpdir(), 'equip-e2e-start-'));
  });

  afterAll(async () => {
    await db.drop();
    await dropRedisPrefix(e2e().redisUrl, prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (port: number): Running =>
    run(CLI_MAIN, {
      PORT: String(port),
      APP_URL: `http://localhost:${port}`,
      DATABASE_URL: db.url,
      REDIS_URL: e2e().redisUrl,
      QUEUE_PREFIX: prefix,
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      MAIL_DIR: join(dir, 'mail'),
      STORAGE_DIR: join(dir, 'storage'),
      WORKER_HEARTBEAT_SECONDS: '1',
    }, ['start']);

  const ready = async (port: number) => {
    const res = await fetch(`http://localhost:${port}/api/health/ready`);
    return { status: res.status, body: await res.json() };
  };

  it('starts the worker again after it crashes, while the api keeps serving, and says so in readiness', async () => {
    const port = await freePort();
    const cli = start(port);
    try {
      await until('npm start to be running', async () => (cli.output().includes('Equip is running') ? true : undefined), 90_000);
      const worker = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(cli.child.pid)], { encoding: 'utf8' })
        .split('\n')
        .find((line) => line.includes('apps/worker'));
      expect(worker).toBeDefined();
      process.kill(Number(worker!.trim().split(/\s+/)[0]), 'SIGKILL');

      const restarting = await until('readiness to report the restart', async () => {
        const answer = await ready(port);
        return answer.status === 503 && answer.body.details?.processes?.status === 'down' ? answer : undefined;
      });
      expect(restarting.body.details.processes.message).toBe('worker stopped unexpectedly and is being started again');
      expect((await fetch(`http://localhost:${port}/api/health`)).status).toBe(200);

      const back = await until('the worker to be back', async () => {
        const answer = await ready(port);
        return answer.status === 200 ? answer : undefined;
      }, 60_000);
      expect(back.body.details.processes).toMatchObject({ status: 'up', worker: { state: 'running', restarts: 1 } });
      expect(cli.output()).toContain('Equip worker stopped unexpectedly (signal SIGKILL); starting it again in 1 s');
    } finally {
      const code = await stop(cli, 40_000);
      if (code !== 0) process.stderr.write(`npm start's output:\n${cli.output()}\n`);
      expect(code).toBe(0);
    }
  }, 180_000);

  it('stops, with the failing process\'s message, when a process fails before it is ready', async () => {
    const port = await freePort();
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(port, resolve));
    try {
      const cli = start(port);
      expect(await Promise.race([cli.exited, new Promise((r) => setTimeout(() => r('still running'), 90_000))])).toBe(1);
      expect(cli.output()).toContain('Equip api could not start');
      expect(cli.output()).toContain('Stopping Equip (api exited before it was ready');
    } finally {
      taken.close();
    }
  }, 120_000);
});
