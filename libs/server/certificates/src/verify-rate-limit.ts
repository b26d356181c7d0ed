import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { RedisService } from '@equip/server/queue';

/** Verification lookups one address may make per window: plenty for people, too few to walk codes. */
export const VERIFY_LIMIT = { max: 60, windowSeconds: 60 };

/**
 * A fixed-window counter per client address in Redis, shared by every api replica. The codes are
 * unguessable already; the limit only keeps a scraper from hammering the public route. If Redis is
 * away the request goes through.
 */
@Injectable()
export class VerifyRateLimit {
  private readonly logger = new Logger(VerifyRateLimit.name);

  constructor(private readonly redis: RedisService) {}

  async check(ip: string): Promise<void> {
    let count: number;
    let ttl: number;
    try {
      const key = this.redis.key('rate', 'certificate-verify', ip);
      const results = (await this.redis.client.multi().incr(key).expire(key, VERIFY_LIMIT.windowSeconds, 'NX').ttl(key).exec()) ?? [];
      count = Number(results[0]?.[1] ?? 0);
      ttl = Number(results[2]?.[1] ?? VERIFY_LIMIT.windowSeconds);
    } catch (error) {
      this.logger.warn(`Rate limit unavailable, allowing verification: ${(error as Error).message}`);
      return;
    }
    if (count > VERIFY_LIMIT.max) {
      const error = new HttpException('Too many verification requests; try again shortly', HttpStatus.TOO_MANY_REQUESTS);
      // The ProblemFilter turns this into a Retry-After header.
      (error as HttpException & { retryAfter: number }).retryAfter = ttl > 0 ? ttl : VERIFY_LIMIT.windowSeconds;
      throw error;
    }
  }
}
