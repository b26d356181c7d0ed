export * from './data-source';
export * from './naming.strategy';
export * from './database.module';
export * from './database-errors';
export * from './scope';
export * from './outbox';
export * from './assignment-status';
export * from './ensure-database';
