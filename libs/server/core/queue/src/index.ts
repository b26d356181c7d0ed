export * from './redis.service';
export * from './queue.module';
export * from './heartbeat';
export * from './job-handlers';
export * from './rate-limiter';
export * from './supervisor-status';
export * from './job-failure-wording';
