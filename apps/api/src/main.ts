import 'reflect-metadata';
import { runProcess } from '@equip/server/runtime';
import { createApiApp } from './create-app';

void runProcess('api', async (config) => {
  const app = await createApiApp(config);
  await app.listen(config.port);
  process.stdout.write(`Equip api listening on ${config.appUrl} (port ${config.port})\n`);
  return app;
});
