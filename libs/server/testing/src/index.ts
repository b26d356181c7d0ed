export * from './test-database';
export * from './test-config';
export * from './smtp-catcher';
export * from './pdf-text';
export * from './pdf-library-text';
export * from './time-budget';
export * from './streaming-replica';
export * from './until';
