import { AuditService } from '@equip/server/audit';
import { CatalogRepository, CatalogSyncService } from '@equip/server/catalog';
import { DEMO_PASSWORD, seedDemoCity } from '@equip/server/demo';
import { createDataSource } from '@equip/server/database';
import { createTestDatabase } from '@equip/server/testing';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2eEnvironment } from './environment';
import { API_MAIN, freePort, ROOT, run, Running, until, WORKER_MAIN } from './processes';

declare global {
  var __EQUIP_E2E__: { api: Running; worker: Running; drop: () => Promise<void>; state: E2eEnvironment; stateFile: string };
}

/** Starts the built api and worker against a database and Redis prefix made for this run. */
export default async function globalSetup(): Promise<void> {
  for (const main of [API_MAIN, WORKER_MAIN, join(ROOT, 'dist/apps/web/browser/index.html')]) {
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` before the e2e tests`);
  }
  const db = await createTestDatabase(undefined, 'equip_e2e');
  const dataSource = await createDataSource({ databaseUrl: db.url }).initialize();
  await seedDemoCity(dataSource);
  // The starter catalog, published as `content:sync` does, for the learner journeys.
  const synced = await new CatalogSyncService(dataSource, new CatalogRepository(), new AuditService(dataSource)).syncFromDirectory(join(ROOT, 'content'));
  if (synced.result === null) throw new Error(`content/ has problems:\n${JSON.stringify(synced.problems, null, 2)}`);
  await dataSource.destroy();

  const port = await freePort();
  const state: E2eEnvironment = {
    baseUrl: `http://localhost:${port}`,
    databaseUrl: db.url,
    databaseName: db.name,
    redisUrl: 'redis://localhost:6379',
    queuePrefix: `equip-e2e-${randomBytes(4).toString('hex')}`,
    jwtSecret: randomBytes(32).toString('hex'),
    apiPid: 0,
    workerPid: 0,
    demoPassword: DEMO_PASSWORD,
    mailDir: mkdtempSync(join(tmpdir(), 'equip-e2e-mail-')),
  };
  const env = {
    NODE_ENV: 'production',
    PORT: String(port),
    APP_URL: state.baseUrl,
    DATABASE_URL: state.databaseUrl,
    REDIS_URL: state.redisUrl,
    QUEUE_PREFIX: state.queuePrefix,
    JWT_SECRET: state.jwtSecret,
    COOKIE_SECURE: 'false',
    WORKER_HEARTBEAT_SECONDS: '1',
    WEB_DIST: join(ROOT, 'dist/apps/web/browser'),
    LOG_LEVEL: 'warn',
    // Mail without SMTP is written as .eml files; keep them out of the checkout and remove them afterwards.
    MAIL_DIR: state.mailDir,
  };
  const worker = run(WORKER_MAIN, env);
  const api = run(API_MAIN, env);
  state.apiPid = api.child.pid ?? 0;
  state.workerPid = worker.child.pid ?? 0;
  try {
    await until('the api and worker to be ready', async () => {
      if (api.child.exitCode !== null) throw new Error(`api exited:\n${api.output()}`);
      if (worker.child.exitCode !== null) throw new Error(`worker exited:\n${worker.output()}`);
      const res = await fetch(`${state.baseUrl}/api/health/ready`);
      return res.ok ? true : undefined;
    }, 60_000);
    // The worker publishes the figures viewers see when it starts on a city that has none: wait for them, as a city's first morning would.
    const started = Date.now();
    await until('the first published figures', async () => {
      if (worker.child.exitCode !== null) throw new Error(`worker exited:\n${worker.output()}`);
      const { Client } = await import('pg');
      const client = new Client({ connectionString: state.databaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query(`SELECT 1 FROM report_publication WHERE variant = ''`);
        return rows.length > 0 ? true : undefined;
      } finally {
        await client.end();
      }
    }, 240_000);
    process.stdout.write(`The first published figures were ready ${((Date.now() - started) / 1000).toFixed(1)} s after the worker.\n`);
  } catch (error) {
    api.child.kill('SIGKILL');
    worker.child.kill('SIGKILL');
    await db.drop();
    throw error;
  }
  const stateFile = join(require('node:os').tmpdir(), `equip-e2e-${process.pid}-state.json`);
  writeFileSync(stateFile, JSON.stringify(state));
  process.env['EQUIP_E2E_STATE'] = stateFile;
  globalThis.__EQUIP_E2E__ = { api, worker, drop: db.drop, state, stateFile };
}
