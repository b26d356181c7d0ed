import { Inject, Injectable, OnApplicationShutdown, type Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';

/** The DataSource reporting reads through: the read replica (`DATABASE_READ_URL`) when one is set, else the primary itself. */
export const READ_DATA_SOURCE = Symbol('READ_DATA_SOURCE');

/**
 * Injects the read DataSource. For reads that may lag the primary by the replica's replay delay
 * (reports): never for a write, nor for a read that must see the caller's own write just made.
 */
export const InjectReadDataSource = (): ParameterDecorator => Inject(READ_DATA_SOURCE);

/** Whether the read replica is a server of its own (DATABASE_READ_URL set to another URL). */
export function hasReadReplica(config: Pick<AppConfig, 'databaseUrl' | 'databaseReadUrl'>): boolean {
  return config.databaseReadUrl !== config.databaseUrl;
}

export function readDataSourceProvider(applicationName: string): Provider {
  return {
    provide: READ_DATA_SOURCE,
    inject: [APP_CONFIG, getDataSourceToken()],
    useFactory: async (config: AppConfig, primary: DataSource): Promise<DataSource> => {
      if (!hasReadReplica(config)) return primary;
      // Raw SQL only (reporting reads no entities), so no entity metadata; never migrates.
      return new DataSource({ ...dataSourceOptions({ databaseUrl: config.databaseReadUrl, applicationName: `${applicationName}-read` }), migrations: [] }).initialize();
    },
  };
}

/** Closes the replica's pool with the application (the primary's is TypeORM's to close). */
@Injectable()
export class ReadDataSourceShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(READ_DATA_SOURCE) private readonly read: DataSource,
    @Inject(getDataSourceToken()) private readonly primary: DataSource,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.read !== this.primary && this.read.isInitialized) await this.read.destroy();
  }
}
