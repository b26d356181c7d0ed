export * from './outbox-routes';
export * from './outbox-relay';
export * from './outbox.processor';
export * from './outbox.module';
