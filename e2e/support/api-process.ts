import { dropRedisPrefix } from '@equip/server/testing';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { e2e } from './environment';
import { API_MAIN, freePort, ROOT, run, Running, stop, until } from './processes';

export interface ExtraApi {
  baseUrl: string;
  port: number;
  running: Running;
  stop(): Promise<void>;
}

/**
 * Starts another built api on the run's database with extra environment (an SMTP server, an OpenID
 * provider) and waits until it answers. `port` lets a caller pick the port before it starts, when
 * something else must know the api's URL first.
 */
export async function startExtraApi(extraEnv: Record<string, string>, port?: number): Promise<ExtraApi> {
  const { databaseUrl, redisUrl, mailDir } = e2e();
  const chosen = port ?? (await freePort());
  const baseUrl = `http://localhost:${chosen}`;
  const queuePrefix = `equip-e2e-${randomBytes(4).toString('hex')}`;
  const running = run(API_MAIN, {
    NODE_ENV: 'production',
    PORT: String(chosen),
    APP_URL: baseUrl,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: queuePrefix,
    JWT_SECRET: randomBytes(32).toString('hex'),
    COOKIE_SECURE: 'false',
    WEB_DIST: join(ROOT, 'dist/apps/web/browser'),
    LOG_LEVEL: 'warn',
    MAIL_DIR: mailDir,
    ...extraEnv,
  });
  try {
    await until('the extra api to answer', async () => {
      if (running.child.exitCode !== null) throw new Error(`api exited:\n${running.output()}`);
      return (await fetch(`${baseUrl}/api/health`)).ok ? true : undefined;
    });
  } catch (error) {
    running.child.kill('SIGKILL');
    throw error;
  }
  return {
    baseUrl,
    port: chosen,
    running,
    async stop() {
      const code = await stop(running);
      await dropRedisPrefix(redisUrl, queuePrefix);
      if (code !== 0) throw new Error(`extra api did not stop cleanly (${code}):\n${running.output()}`);
    },
  };
}
