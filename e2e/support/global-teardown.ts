import { dropRedisPrefix } from '@equip/server/testing';
import { rmSync } from 'node:fs';
import { stop } from './processes';

/** Stops both processes (SIGTERM, as an orchestrator would), then drops the database and Redis keys. */
export default async function globalTeardown(): Promise<void> {
  const run = globalThis.__EQUIP_E2E__;
  if (!run) return;
  const [api, worker] = await Promise.all([stop(run.api), stop(run.worker)]);
  await run.drop();
  await dropRedisPrefix(run.state.redisUrl, run.state.queuePrefix);
  rmSync(run.stateFile, { force: true });
  rmSync(run.state.mailDir, { recursive: true, force: true });
  if (api !== 0 || worker !== 0) {
    throw new Error(`api (${api}) or worker (${worker}) did not stop cleanly on SIGTERM:\n${run.api.output()}\n${run.worker.output()}`);
  }
}
