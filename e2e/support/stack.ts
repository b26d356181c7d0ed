import { AuditService } from '@equip/server/audit';
import { CatalogRepository, CatalogSyncService } from '@equip/server/catalog';
import { createDataSource } from '@equip/server/database';
import { seedDemoCity } from '@equip/server/demo';
import { PublicationStore } from '@equip/server/reporting';
import { createTestDatabase, dropRedisPrefix, TestDatabase } from '@equip/server/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExtraApi, startExtraApi } from './api-process';
import { e2e } from './environment';
import { freePort, ROOT, run, Running, stop, until, WORKER_MAIN } from './processes';

/**
 * A database of its own for journeys whose worker must be the only one relaying the outbox (the
 * run's worker relays every row of the run's database): migrated, with the demo city and the
 * starter catalog, as global setup makes the run's.
 */
export async function createE2eDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase(undefined, 'equip_e2e');
  const dataSource = await createDataSource({ databaseUrl: db.url }).initialize();
  try {
    await seedDemoCity(dataSource);
    const synced = await new CatalogSyncService(dataSource, new CatalogRepository(), new AuditService(dataSource)).syncFromDirectory(join(ROOT, 'content'));
    if (synced.result === null) throw new Error('content/ has problems');
    // The figures viewers are answered from, as a worker publishes them when it starts on a city with none.
    await new PublicationStore(dataSource).publishAll();
  } finally {
    await dataSource.destroy();
  }
  return db;
}

export interface ExtraWorker {
  running: Running;
  /** SIGTERM, and the exit code (or signal). */
  stop(timeoutMs?: number): Promise<number | string>;
}

/**
 * Starts another built worker with the given environment (DATABASE_URL, REDIS_URL, QUEUE_PREFIX
 * and APP_URL at least) and waits until it has started.
 */
export async function startExtraWorker(env: Record<string, string>): Promise<ExtraWorker> {
  const running = run(WORKER_MAIN, {
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    WORKER_HEARTBEAT_SECONDS: '1',
    ...env,
  });
  try {
    await until('the extra worker to start', async () => {
      if (running.child.exitCode !== null) throw new Error(`worker exited:\n${running.output()}`);
      return running.output().includes('Equip worker started') ? true : undefined;
    });
  } catch (error) {
    running.child.kill('SIGKILL');
    throw error;
  }
  return { running, stop: (timeoutMs) => stop(running, timeoutMs) };
}

export interface RedisServer {
  url: string;
  port: number;
  /** Kills it (SIGKILL: no chance to save anything, as in a crash). */
  kill(): Promise<void>;
  /** Starts a fresh, empty server on the same port. */
  restart(): Promise<void>;
}

/** A redis-server of the test's own (nothing saved to disk), so it can be stopped without touching the machine's. */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'equip-e2e-redis-'));
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
    const { Redis } = await import('ioredis');
    await until(`redis-server on port ${port}`, async () => {
      const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG' ? true : undefined;
      } finally {
        probe.disconnect();
      }
    }, 10_000);
  };
  const kill = async () => {
    const current = child;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise((resolve) => current.once('exit', resolve));
    current.kill('SIGKILL');
    await exited;
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    async restart() {
      await kill();
      await launch();
    },
  };
}

export interface Stack {
  db: TestDatabase;
  api: ExtraApi;
  worker: ExtraWorker;
  redisUrl: string;
  queuePrefix: string;
  mailDir: string;
  /** Stops the worker and the api (both must exit 0), drops the database and the Redis keys. */
  close(): Promise<void>;
}

/**
 * An api and a worker of their own, on a database of their own (see createE2eDatabase), sharing
 * `env` (SMTP_URL, REDIS_URL, …). Mail without SMTP goes to a folder of its own.
 */
export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const db = await createE2eDatabase();
  const port = await freePort();
  const queuePrefix = `equip-e2e-${randomBytes(4).toString('hex')}`;
  const mailDir = mkdtempSync(join(tmpdir(), 'equip-e2e-stack-mail-'));
  const redisUrl = env['REDIS_URL'] ?? e2e().redisUrl;
  const shared = {
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: queuePrefix,
    APP_URL: `http://localhost:${port}`,
    MAIL_DIR: mailDir,
    ...env,
  };
  let worker: ExtraWorker | undefined;
  try {
    worker = await startExtraWorker(shared);
    const api = await startExtraApi(shared, port);
    return {
      db,
      api,
      worker,
      redisUrl,
      queuePrefix,
      mailDir,
      async close() {
        const workerExit = await worker!.stop();
        await api.stop();
        await db.drop();
        await dropRedisPrefix(redisUrl, queuePrefix).catch(() => undefined);
        rmSync(mailDir, { recursive: true, force: true });
        if (workerExit !== 0) throw new Error(`the stack's worker did not stop cleanly (${workerExit}):\n${worker!.running.output()}`);
      },
    };
  } catch (error) {
    worker?.running.child.kill('SIGKILL');
    await db.drop();
    throw error;
  }
}
