import type { AppConfig } from '@equip/server/config';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { contentSync } from './content-sync';
import { migrate } from './migrate';
import { demoLoginsText, seedDemo } from './seed-demo';

const API_MAIN = 'dist/apps/api/apps/api/src/main.js';
const WORKER_MAIN = 'dist/apps/worker/apps/worker/src/main.js';
const STOP_TIMEOUT_MS = 30_000;

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
 * worker in production mode. Ctrl-C (or SIGTERM) stops both and waits for them to finish cleanly.
 */
export async function startAll(config: AppConfig): Promise<number> {
  for (const main of [API_MAIN, WORKER_MAIN]) {
    if (!existsSync(main)) throw new Error(`${main} is missing; run npm run build first`);
  }
  await migrate(config);
  // A catalog with problems must not start a system that would publish half of it.
  const synced = await contentSync(config, []);
  if (synced !== 0) return synced;
  await seedDemo(config);

  const env = {
    ...process.env,
    NODE_ENV: process.env['NODE_ENV'] || 'production',
    JWT_SECRET: process.env['JWT_SECRET'] || localSecret(),
  };
  const children: ChildProcess[] = [API_MAIN, WORKER_MAIN].map((main) =>
    spawn(process.execPath, [main], { env, stdio: ['ignore', 'inherit', 'inherit'] }),
  );
  let stopping = false;
  const exited = children.map((child) => new Promise<number>((done) => child.once('exit', (code, signal) => done(code ?? (signal ? 0 : 1)))));

  const stop = async (reason: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\nStopping Equip (${reason})…\n`);
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')), STOP_TIMEOUT_MS);
    await Promise.all(exited);
    clearTimeout(timer);
  };
  process.once('SIGINT', () => void stop('interrupted'));
  process.once('SIGTERM', () => void stop('terminated'));
  exited.forEach((done, i) => void done.then(() => stop(`${i === 0 ? 'api' : 'worker'} exited`)));

  if (await waitForReady(`http://localhost:${config.port}`, 60_000)) {
    process.stdout.write(`\nEquip is running at ${config.appUrl}\nDemo sign-ins:\n${demoLoginsText()}\nPress Ctrl-C to stop.\n\n`);
  } else if (!stopping) {
    process.stdout.write(`\nEquip started but ${config.appUrl}/api/health/ready is not ready yet; see the logs above.\n`);
  }
  const codes = await Promise.all(exited);
  return codes.every((c) => c === 0) ? 0 : 1;
}
