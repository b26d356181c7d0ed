import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { runProcess } from '@equip/server/runtime';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

void runProcess('worker', async (config) => {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  await app.init();
  process.stdout.write('Equip worker started\n');
  // Closing the context closes each BullMQ worker, which waits for the jobs in flight.
  return app;
});
