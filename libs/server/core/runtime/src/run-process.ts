import { AppConfig, ConfigError, loadConfig } from '@equip/server/config';
import { checkDatabaseReachable } from '@equip/server/database';

export const STOP_TIMEOUT_MS = 25_000;

export interface Closable {
  close(): Promise<void>;
}

function fail(name: string, message: string): never {
  process.stderr.write(`Equip ${name} could not start: ${message}\n`);
  process.exit(1);
}

/** Starts a server process the same way everywhere: fail fast on bad settings, stop cleanly on signals. */
export async function runProcess(name: string, start: (config: AppConfig) => Promise<Closable>): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(name, error.message);
    throw error;
  }
  const unreachable = await checkDatabaseReachable(config.databaseUrl);
  if (unreachable) fail(name, unreachable);

  let app: Closable;
  try {
    app = await start(config);
  } catch (error) {
    fail(name, (error as Error)?.message ?? String(error));
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Equip ${name} stopping (${signal})\n`);
    const timer = setTimeout(() => {
      process.stderr.write(`Equip ${name} did not stop within ${STOP_TIMEOUT_MS / 1000}s\n`);
      process.exit(1);
    }, STOP_TIMEOUT_MS);
    timer.unref();
    app.close().then(
      () => {
        process.stdout.write(`Equip ${name} stopped\n`);
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`Equip ${name} failed while stopping: ${(error as Error)?.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
