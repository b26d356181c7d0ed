import type { AppConfig } from '@equip/server/config';
import { createDataSource } from '@equip/server/database';

export async function migrate(config: AppConfig): Promise<number> {
  const dataSource = await createDataSource({ databaseUrl: config.databaseUrl, applicationName: 'equip-migrate' }).initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    process.stdout.write(applied.length === 0 ? 'Database is up to date.\n' : `Applied ${applied.map((m) => m.name).join(', ')}\n`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

export async function revertMigration(config: AppConfig): Promise<number> {
  const dataSource = await createDataSource({ databaseUrl: config.databaseUrl, applicationName: 'equip-migrate' }).initialize();
  try {
    await dataSource.undoLastMigration({ transaction: 'each' });
    process.stdout.write('Reverted the last migration.\n');
    return 0;
  } finally {
    await dataSource.destroy();
  }
}
