import 'reflect-metadata';
import { ConfigError, loadConfig } from '@equip/server/config';
import { checkDatabaseReachable } from '@equip/server/database';
import { createApiApp } from './create-app';

/** Start-up failures are one clear line for the operator, not a stack trace. */
function fail(message: string): never {
  process.stderr.write(`Equip api could not start: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const unreachable = await checkDatabaseReachable(config.databaseUrl);
  if (unreachable) fail(unreachable);
  const app = await createApiApp(config);
  await app.listen(config.port);
  process.stdout.write(`Equip api listening on ${config.appUrl} (port ${config.port})\n`);
}

main().catch((error: unknown) => fail((error as Error)?.message ?? String(error)));
