import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { hostname } from 'node:os';
import { RedisService } from './redis.service';

/** A sorted set of worker ids scored by the time of their last heartbeat (ms). */
export const HEARTBEAT_KEY = 'worker-heartbeats';

/** A worker counts as alive while its last beat is younger than three intervals. */
export function heartbeatFreshnessMs(intervalSeconds: number): number {
  return intervalSeconds * 3 * 1000;
}

/** Runs in the worker: records that this worker process is alive, every WORKER_HEARTBEAT_SECONDS. */
@Injectable()
export class HeartbeatWriter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HeartbeatWriter.name);
  private readonly workerId = `${hostname()}:${process.pid}`;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly redis: RedisService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), this.config.workerHeartbeatSeconds * 1000);
    this.timer.unref();
  }

  async beat(now = Date.now()): Promise<void> {
    const key = this.redis.key(HEARTBEAT_KEY);
    try {
      await this.redis.client
        .multi()
        .zadd(key, now, this.workerId)
        // forget workers that stopped long ago so the set stays small
        .zremrangebyscore(key, 0, now - 24 * 3600 * 1000)
        .exec();
    } catch (error) {
      this.logger.warn(`Could not write heartbeat: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    try {
      await this.redis.client.zrem(this.redis.key(HEARTBEAT_KEY), this.workerId);
    } catch {
      // Redis may already be gone; the entry ages out on its own.
    }
  }
}

/** Runs in the api: how many workers have beaten recently, and when the last one did. */
@Injectable()
export class HeartbeatReader {
  constructor(
    private readonly redis: RedisService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async liveWorkers(now = Date.now()): Promise<{ count: number; lastBeatAt?: Date }> {
    const key = this.redis.key(HEARTBEAT_KEY);
    const since = now - heartbeatFreshnessMs(this.config.workerHeartbeatSeconds);
    const [count, newest] = await Promise.all([
      this.redis.client.zcount(key, since, '+inf'),
      this.redis.client.zrevrange(key, 0, 0, 'WITHSCORES'),
    ]);
    return { count, lastBeatAt: newest[1] ? new Date(Number(newest[1])) : undefined };
  }
}
