import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@equip/server/config';
import { checkDatabaseReachable } from '@equip/server/database';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

function fail(message: string): never {
  process.stderr.write(`Equip worker could not start: ${message}\n`);
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
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  // SIGTERM/SIGINT close the BullMQ workers, which wait for the jobs in flight before exiting.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
  process.stdout.write('Equip worker started\n');
}

main().catch((error: unknown) => fail((error as Error)?.message ?? String(error)));
