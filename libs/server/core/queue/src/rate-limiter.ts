import { Injectable, Logger } from '@nestjs/common';
import { RedisService } from './redis.service';

export interface Limit {
  key: string;
  max: number;
  windowSeconds: number;
}

/**
 * Fixed-window counters in Redis, shared by every api replica (sign-in, password reset, the public
 * certificate check). If Redis is unreachable the limiter lets the request through: what it guards
 * has its own protection (the account lockout in PostgreSQL; unguessable verification codes).
 * Answer an exceeded limit with `tooManyRequests` (`@equip/server/http`).
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);

  constructor(private readonly redis: RedisService) {}

  /** Counts one hit on each limit; returns the seconds to wait if any limit is exceeded. */
  async hit(limits: Limit[]): Promise<number | undefined> {
    try {
      const multi = this.redis.client.multi();
      for (const limit of limits) {
        const key = this.redis.key('rate', limit.key);
        multi.incr(key).expire(key, limit.windowSeconds, 'NX').ttl(key);
      }
      const results = (await multi.exec()) ?? [];
      let wait: number | undefined;
      limits.forEach((limit, i) => {
        const count = Number(results[i * 3]?.[1] ?? 0);
        const ttl = Number(results[i * 3 + 2]?.[1] ?? limit.windowSeconds);
        if (count > limit.max) wait = Math.max(wait ?? 0, ttl > 0 ? ttl : limit.windowSeconds);
      });
      return wait;
    } catch (error) {
      this.logger.warn(`Rate limiter unavailable, allowing request: ${(error as Error).message}`);
      return undefined;
    }
  }

  /**
   * Counts nothing: returns the seconds to wait if any limit has already been used up (`max` hits
   * in its window). For limits that count only some outcomes (sign-in failures): check first, then
   * `hit` when the outcome is one that counts.
   */
  async exhausted(limits: Limit[]): Promise<number | undefined> {
    try {
      const multi = this.redis.client.multi();
      for (const limit of limits) {
        const key = this.redis.key('rate', limit.key);
        multi.get(key).ttl(key);
      }
      const results = (await multi.exec()) ?? [];
      let wait: number | undefined;
      limits.forEach((limit, i) => {
        const count = Number(results[i * 2]?.[1] ?? 0);
        const ttl = Number(results[i * 2 + 1]?.[1] ?? limit.windowSeconds);
        if (count >= limit.max) wait = Math.max(wait ?? 0, ttl > 0 ? ttl : limit.windowSeconds);
      });
      return wait;
    } catch (error) {
      this.logger.warn(`Rate limiter unavailable, allowing request: ${(error as Error).message}`);
      return undefined;
    }
  }

  async reset(keys: string[]): Promise<void> {
    try {
      if (keys.length > 0) await this.redis.client.del(...keys.map((k) => this.redis.key('rate', k)));
    } catch {
      // best effort
    }
  }
}
