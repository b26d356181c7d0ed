import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { FileStorage, LocalFileStorage } from './file-storage';

/** Provides FileStorage: the folder STORAGE_DIR. */
@Global()
@Module({
  providers: [{ provide: FileStorage, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new LocalFileStorage(config.storageDir) }],
  exports: [FileStorage],
})
export class StorageModule {}
