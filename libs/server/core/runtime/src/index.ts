export * from './run-process';
export * from './render-pool/render-pool';
export * from './render-pool/render-pool.module';
