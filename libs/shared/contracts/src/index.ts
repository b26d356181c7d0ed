export * from './roles';
export * from './auth';
export * from './health';
export * from './queues';
export * from './problem';
export * from './organisation';
export * from './roster';
export * from './catalog';
