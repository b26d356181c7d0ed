import type { AppConfig } from '@equip/server/config';
import { DEMO_CITY_NAME } from '@equip/server/demo';
import { clearSupervisedProcesses, SupervisedProcess, writeSupervisedProcess } from '@equip/server/queue';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { contentSync } from './content-sync';
import { migrate } from './migrate';
import { demoLoginsText, seedDemoAndTell } from './seed-demo';
import { Supervisor } from './supervisor';

const API_MAIN = 'dist/apps/api/apps/api/src/main.js';
const WORKER_MAIN = 'dist/apps/worker/apps/worker/src/main.js';

/** A JWT secret kept under .local/ so sessions survive restarts of a local install. */
function localSecret(): string {
  const dir = resolve('.local');
  const file = join(dir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function waitForReady(url: string, deadlineMs: number): Promise<boolean> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(`${url}/api/health/ready`);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

/**
 * `npm start`: migrate, publish the course catalog, seed the demo city when the database has no staff, then run the api and the
 * worker in production mode under a Supervisor (one that crashes after it served is started again). Ctrl-C (or SIGTERM) stops
 * both and waits for them to finish cleanly.
 */
export async function startAll(config: AppConfig): Promise<number> {
  for (const main of [API_MAIN, WORKER_MAIN]) {
    if (!existsSync(main)) throw new Error(`${main} is missing; run npm run build first`);
  }
  await migrate(config);
  // A catalog with problems must not start a system that would publish half of it.
  const synced = await contentSync(config, []);
  if (synced !== 0) return synced;
  const { holdsDemo } = await seedDemoAndTell(config);

  const env = {
    ...process.env,
    // Invented staff never appear under a real city's name: the demo city is named as one unless CITY_NAME says otherwise.
    ...(holdsDemo && !process.env['CITY_NAME'] ? { CITY_NAME: DEMO_CITY_NAME } : {}),
    NODE_ENV: process.env['NODE_ENV'] || 'production',
    JWT_SECRET: process.env['JWT_SECRET'] || localSecret(),
  };
  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  await redis.connect().catch(() => undefined);
  // Readiness (/api/health/ready) shows a process being restarted; nothing here waits on Redis.
  const report = (name: string, status: SupervisedProcess) =>
    void writeSupervisedProcess(redis, config.queuePrefix, name, status).catch(() => undefined);
  const supervisor = new Supervisor(
    [
      { name: 'api', main: API_MAIN, readyLine: 'Equip api listening' },
      { name: 'worker', main: WORKER_MAIN, readyLine: 'Equip worker started' },
    ],
    env,
    {
      crashed: (name, exit, restarts) => report(name, { state: 'restarting', restarts, lastCrashAt: new Date().toISOString(), lastExit: exit }),
      running: (name, restarts) => report(name, { state: 'running', restarts }),
    },
  );
  await clearSupervisedProcesses(redis, config.queuePrefix).catch(() => undefined);
  supervisor.start();
  process.once('SIGINT', () => void supervisor.stop('interrupted'));
  process.once('SIGTERM', () => void supervisor.stop('terminated'));

  if (await supervisor.ready()) {
    if (await waitForReady(`http://localhost:${config.port}`, 60_000)) {
      process.stdout.write(`\nEquip is running at ${config.appUrl}\nDemo sign-ins:\n${demoLoginsText()}\nPress Ctrl-C to stop.\n\n`);
    } else {
      process.stdout.write(`\nEquip started but ${config.appUrl}/api/health/ready is not ready yet; see the logs above.\n`);
    }
  }
  const code = await supervisor.done;
  await clearSupervisedProcesses(redis, config.queuePrefix).catch(() => undefined);
  redis.disconnect();
  return code;
}
