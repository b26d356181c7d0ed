import type { AppConfig } from '@equip/server/config';
import { createDataSource, syncCityTimeZone } from '@equip/server/database';

export async function migrate(config: AppConfig): Promise<number> {
  const dataSource = await createDataSource({ databaseUrl: config.databaseUrl, applicationName: 'equip-migrate', cityTimeZone: config.cityTimeZone }).initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    // The commands that follow (seed, import) and the rollups count in the city's time.
    if (await syncCityTimeZone(dataSource, config.cityTimeZone)) process.stdout.write(`City time zone set to ${config.cityTimeZone}; reporting rebuilt.\n`);
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
