import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { dataSourceOptions } from './data-source';
import { READ_DATA_SOURCE, ReadDataSourceShutdown, readDataSourceProvider } from './read-data-source';

@Module({})
export class DatabaseModule {
  static forRoot(applicationName: string): DynamicModule {
    return {
      module: DatabaseModule,
      // Global for READ_DATA_SOURCE, as TypeORM's own DataSource is.
      global: true,
      providers: [readDataSourceProvider(applicationName), ReadDataSourceShutdown],
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
