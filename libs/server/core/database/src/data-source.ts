import type { AppConfig } from '@equip/server/config';
import { migrations } from '@equip/migrations';
import { DataSource, DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './naming.strategy';

type DatabaseSettings = Pick<AppConfig, 'databaseUrl'> & {
  applicationName?: string;
  /** CITY_TIME_ZONE, as the connection setting `equip.city_time_zone`: the zone the CityDueDays migration starts `city_setting` with. */
  cityTimeZone?: string;
};

/**
 * The single DataSource definition. The api and the worker pass it to TypeOrmModule (with
 * autoLoadEntities); the migration command builds a DataSource from it directly.
 */
export function dataSourceOptions(config: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.databaseUrl,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'typeorm_migration',
    migrationsTransactionMode: 'each',
    entities: [],
    applicationName: config.applicationName ?? 'equip',
    extra: {
      // A wrong host or port must fail start-up quickly, not after the OS TCP timeout.
      connectionTimeoutMillis: 5000,
      max: 10,
      // A time zone name (validated by the config) holds no spaces or quotes.
      ...(config.cityTimeZone ? { options: `-c equip.city_time_zone=${config.cityTimeZone}` } : {}),
    },
  };
}

/** A DataSource for commands (migrate, seed) that run outside Nest. */
export function createDataSource(config: DatabaseSettings): DataSource {
  return new DataSource(dataSourceOptions(config));
}
