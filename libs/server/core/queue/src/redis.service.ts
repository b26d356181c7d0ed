import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { Redis } from 'ioredis';

/**
 * ioredis options BullMQ asks for on every worker connection: a worker blocks on Redis, so its
 * commands must wait through a reconnect instead of failing after a few retries
 * (`maxRetriesPerRequest: null`), and it reconnects forever with a bounded back-off.
 */
export function redisConnectionOptions(url: string) {
  return {
    url,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times: number) => Math.min(times * 500, 5000),
  };
}

/**
 * ioredis options for a producer that must fail fast rather than wait for Redis (BullMQ's advice
 * for queues that add jobs from a request or a transaction): while Redis is away, an add is
 * refused at once instead of being buffered, so the caller can roll back and try again later.
 */
export function producerConnectionOptions(url: string) {
  return {
    url,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    enableReadyCheck: true,
    retryStrategy: (times: number) => Math.min(times * 500, 5000),
  };
}

/**
 * A general-purpose Redis connection (not for blocking queue commands). It fails commands
 * immediately while disconnected, so callers such as health checks are never left waiting.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisService.name);
  readonly client: Redis;
  readonly prefix: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.prefix = config.queuePrefix;
    this.client = new Redis(config.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      lazyConnect: false,
      retryStrategy: (times) => Math.min(times * 500, 5000),
    });
    let reported = false;
    this.client.on('error', (error: Error) => {
      if (!reported) this.logger.warn(`Redis unavailable: ${error.message}`);
      reported = true;
    });
    this.client.on('ready', () => {
      if (reported) this.logger.log('Redis connection restored');
      reported = false;
    });
  }

  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  async onApplicationShutdown(): Promise<void> {
    this.client.disconnect();
  }
}
