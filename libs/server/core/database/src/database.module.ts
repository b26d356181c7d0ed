import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { CityTimeZoneSync } from './city-time-zone';
import { dataSourceOptions } from './data-source';
import { READ_DATA_SOURCE, ReadDataSourceShutdown, readDataSourceProvider } from './read-data-source';

@Module({})
export class DatabaseModule {
  static forRoot(applicationName: string): DynamicModule {
    return {
      module: DatabaseModule,
      // Global for READ_DATA_SOURCE, as TypeORM's own DataSource is.
      global: true,
      // Every process that opens the database makes sure it holds CITY_TIME_ZONE (CityTimeZoneSync).
      providers: [readDataSourceProvider(applicationName), ReadDataSourceShutdown, CityTimeZoneSync],
      exports: [READ_DATA_SOURCE],
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions({ databaseUrl: config.databaseUrl, applicationName }),
            autoLoadEntities: true,
            // Fail fast: start-up reports a bad DATABASE_URL instead of retrying for half a minute.
            retryAttempts: 0,
          }),
        }),
      ],
    };
  }
}
