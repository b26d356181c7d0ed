import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { bullPrefix, DEFAULT_JOB_OPTIONS, producerConnectionOptions } from '@equip/server/queue';
import { QueueName } from '@equip/shared/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { OutboxRoute, OutboxRow, routeOutboxRow } from './outbox-routes';

/** What the relay reads of a row it claims (its next hand-over is the one it is about to make). */
const CLAIMED = `id::text AS id, uid::text AS uid, relay_count + 1 AS handover, event, payload`;

/** The channel the outbox trigger notifies (migration 1764000001200). */
export const OUTBOX_CHANNEL = 'equip_outbox';
/** Rows claimed per transaction; a full batch is followed at once by the next. */
export const OUTBOX_BATCH = 500;
/** An add that Redis has not answered in this time counts as refused. */
const ADD_TIMEOUT_MS = 10_000;
/** How long a batch waits for the Redis connection to (re)connect before giving up until the next wake. */
const REDIS_READY_WAIT_MS = 2_000;
const LISTEN_BACKOFF_MS = { first: 500, max: 30_000 };

export interface RelayResult {
  /** Rows claimed in this batch. */
  claimed: number;
  /** Rows handed to BullMQ. */
  relayed: number;
  /** Rows whose event no route knows: logged, left not done. */
  unknown: number;
  /** The ids of the rows claimed. */
  ids: string[];
}

type RelaySettings = Pick<AppConfig, 'databaseDirectUrl' | 'redisUrl' | 'queuePrefix' | 'outboxPollSeconds' | 'outboxResendSeconds'>;

/**
 * Moves outbox rows into BullMQ. Woken by PostgreSQL (LISTEN on a connection of its own, which it
 * re-opens with back-off if PostgreSQL drops it) and by a timer every OUTBOX_POLL_SECONDS, so it
 * catches up after any outage. Each wake claims batches of rows in one transaction each (rows
 * never relayed, then rows due again) — `FOR UPDATE SKIP LOCKED`, so two relays never claim the
 * same row — adds them with `addBulk`
 * (job id `outbox-<id>`), stamps `relayed_at` and commits. If Redis refuses, the transaction rolls
 * back and the rows wait for the next wake. A row is done only when its processor records the
 * effect; rows handed over but not done within OUTBOX_RESEND_SECONDS are sent again (a Redis that
 * restarted empty lost their jobs; a job that still exists makes the second add a no-op).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private redis?: Redis;
  private readonly queues = new Map<QueueName, Queue>();
  private listener?: Client;
  private listenAttempts = 0;
  private reconnectTimer?: NodeJS.Timeout;
  private pollTimer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;
  private failing = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: RelaySettings,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Starts listening and polling; the first wake happens at once. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.pollTimer = setInterval(() => this.wake(), this.config.outboxPollSeconds * 1000);
    this.pollTimer.unref();
    void this.listen();
    this.wake();
  }

  /** Stops waking, waits for a batch in progress, and closes its connections. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.running?.catch(() => undefined);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    // The queues share the relay's connection: closing it closes them, even while Redis is away.
    const queues = [...this.queues.values()];
    this.queues.clear();
    if (this.redis?.status === 'ready') await Promise.all(queues.map((q) => q.close().catch(() => undefined)));
    this.redis?.disconnect();
    this.redis = undefined;
  }

  /** True while the LISTEN connection is up (for tests and diagnostics). */
  get listening(): boolean {
    return this.listener !== undefined;
  }

  /** Asks for a relay run; runs that overlap are folded into one more run after the current one. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Resolves when no run is in progress (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }

  private async drain(): Promise<void> {
    try {
      let result: RelayResult;
      do {
        result = await this.relayBatch();
      } while (result.claimed === OUTBOX_BATCH && !this.stopped);
      if (this.failing) this.logger.log('Outbox relay is moving rows again');
      this.failing = false;
    } catch (error) {
      // Logged once per outage; every wake tries again.
      if (!this.failing) this.logger.warn(`Outbox relay could not hand rows to the queue; will retry: ${(error as Error).message}`);
      this.failing = true;
    }
  }

  /**
   * Claims one batch of rows due for relaying, adds their jobs and stamps them, in one transaction:
   * either every claimed row's job was accepted and `relayed_at` is set, or nothing changed.
   */
  async relayBatch(): Promise<RelayResult> {
    // No point claiming rows while Redis is away: fail at once and let the next wake try again.
    await this.redisReady();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      // Rows never handed over first (oldest first), then rows due to be sent again (longest
      // waiting first), each through its own partial index; SKIP LOCKED leaves rows another relay
      // holds to that relay, and the WHERE is re-checked on a row committed meanwhile.
      const rows: OutboxRow[] = await runner.query(
        `SELECT ${CLAIMED} FROM outbox
          WHERE done_at IS NULL AND relayed_at IS NULL
          ORDER BY outbox.id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [OUTBOX_BATCH],
      );
      if (rows.length < OUTBOX_BATCH) {
        rows.push(
          ...(await runner.query(
            `SELECT ${CLAIMED} FROM outbox
              WHERE done_at IS NULL AND relayed_at IS NOT NULL AND relayed_at < now() - make_interval(secs => $1)
              ORDER BY relayed_at, outbox.id LIMIT $2 FOR UPDATE SKIP LOCKED`,
            [this.config.outboxResendSeconds, OUTBOX_BATCH - rows.length],
          )),
        );
      }
      if (rows.length === 0) {
        await runner.commitTransaction();
        return { claimed: 0, relayed: 0, unknown: 0, ids: [] };
      }
      const byQueue = new Map<QueueName, OutboxRoute[]>();
      const unknown: OutboxRow[] = [];
      for (const row of rows) {
        const route = routeOutboxRow(row);
        if (!route) unknown.push(row);
        else byQueue.set(route.queue, [...(byQueue.get(route.queue) ?? []), route]);
      }
      for (const [queueName, routes] of byQueue) {
        const queue = this.queue(queueName);
        await withTimeout(
          queue.addBulk(routes.map((r) => ({ name: r.name, data: r.data, opts: { jobId: r.jobId } }))),
          ADD_TIMEOUT_MS,
          `adding ${routes.length} jobs to ${queueName}`,
        );
      }
      // Unknown events are stamped too, so they come back only after the resend interval instead of
      // on every wake (and never crowd known rows out of a batch); they are never marked done here.
      await runner.query(`UPDATE outbox SET relayed_at = now(), relay_count = relay_count + 1 WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id),
      ]);
      await runner.commitTransaction();
      for (const row of unknown) this.logger.warn(`Outbox row ${row.id} has event "${row.event}", which no route knows; left for a later version to handle`);
      return { claimed: rows.length, relayed: rows.length - unknown.length, unknown: unknown.length, ids: rows.map((r) => r.id) };
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** The relay's own fail-fast Redis connection, once it is ready; throws if it is not ready soon. */
  private async redisReady(): Promise<Redis> {
    if (!this.redis) {
      const { url, ...options } = producerConnectionOptions(this.config.redisUrl);
      this.redis = new Redis(url, options);
      this.redis.on('error', () => undefined); // reported by drain() when a batch fails
    }
    const redis = this.redis;
    if (redis.status === 'ready') return redis;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        redis.off('ready', onReady);
        reject(new Error(`Redis at ${this.config.redisUrl} is not reachable (${redis.status})`));
      }, REDIS_READY_WAIT_MS);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      redis.once('ready', onReady);
    });
    return redis;
  }

  private queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      if (!this.redis) throw new Error('Redis connection not open');
      queue = new Queue(name, { connection: this.redis, prefix: bullPrefix(this.config.queuePrefix), defaultJobOptions: DEFAULT_JOB_OPTIONS });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    // LISTEN needs a session of its own: through a transaction-pooling proxy it would hear nothing (DATABASE_DIRECT_URL).
    const client = new Client({ connectionString: this.config.databaseDirectUrl, application_name: 'equip-outbox-listener', keepAlive: true, connectionTimeoutMillis: 5000 });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (this.listener === client) this.listener = undefined;
      client.end().catch(() => undefined);
      if (this.stopped) return;
      const delay = Math.min(LISTEN_BACKOFF_MS.first * 2 ** this.listenAttempts, LISTEN_BACKOFF_MS.max);
      this.listenAttempts += 1;
      if (this.listenAttempts === 1) this.logger.warn(`Outbox LISTEN connection lost${error ? ` (${error.message})` : ''}; reconnecting, polling meanwhile`);
      this.reconnectTimer = setTimeout(() => void this.listen(), delay);
      this.reconnectTimer.unref();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (error) {
      onLost(error as Error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    if (this.listenAttempts > 0) this.logger.log('Outbox LISTEN connection restored');
    this.listenAttempts = 0;
    this.listener = client;
    // Rows written while nobody listened: pick them up now rather than at the next poll.
    this.wake();
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms / 1000}s ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
