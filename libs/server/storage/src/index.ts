export * from './file-storage';
export * from './postgres-file-storage';
export * from './s3-file-storage';
export * from './storage.module';
