import { AppConfig, loadConfig } from '@equip/server/config';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';

export const TEST_REDIS_URL = 'redis://localhost:6379';

/**
 * A valid configuration for tests: defaults, a unique Redis prefix, and whatever the test overrides.
 * The read and direct URLs follow `databaseUrl` unless given, as DATABASE_READ_URL and
 * DATABASE_DIRECT_URL follow DATABASE_URL: a test's own database, never the default one beside it.
 */
export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  const base = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', REDIS_URL: TEST_REDIS_URL });
  const databaseUrl = overrides.databaseUrl ?? base.databaseUrl;
  return {
    ...base,
    databaseReadUrl: databaseUrl,
    databaseDirectUrl: databaseUrl,
    queuePrefix: `equip-test-${randomBytes(4).toString('hex')}`,
    workerHeartbeatSeconds: 1,
    ...overrides,
  };
}

/** Deletes every Redis key under a prefix (plain and BullMQ's hash-tagged form). */
export async function dropRedisPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    for (const pattern of [`${prefix}:*`, `{${prefix}}:*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
        cursor = next;
        if (keys.length > 0) await redis.unlink(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}
