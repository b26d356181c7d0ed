import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { DataSource } from 'typeorm';
import { FileStorage, LocalFileStorage } from './file-storage';
import { PostgresFileStorage } from './postgres-file-storage';
import { S3FileStorage } from './s3-file-storage';

/** The store FILE_STORAGE names: PostgreSQL through the app's data source, an S3 bucket, or the folder STORAGE_DIR. */
export function fileStorageFor(config: AppConfig, dataSource: DataSource): FileStorage {
  const chosen = config.fileStorage;
  if (chosen.kind === 's3') return new S3FileStorage(chosen);
  if (chosen.kind === 'local') return new LocalFileStorage(config.storageDir);
  return new PostgresFileStorage(dataSource);
}

/** Closes the S3 client's sockets when the app shuts down. */
@Injectable()
class FileStorageShutdown implements OnApplicationShutdown {
  constructor(@Inject(FileStorage) private readonly storage: FileStorage) {}

  onApplicationShutdown(): void {
    if (this.storage instanceof S3FileStorage) this.storage.destroy();
  }
}

/** Provides FileStorage, as FILE_STORAGE chooses (libs/server/storage/README.md). */
@Global()
@Module({
  providers: [
    { provide: FileStorage, inject: [APP_CONFIG, getDataSourceToken()], useFactory: fileStorageFor },
    FileStorageShutdown,
  ],
  exports: [FileStorage],
})
export class StorageModule {}
