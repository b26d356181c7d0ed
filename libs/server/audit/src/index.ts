export * from './audit.service';
export * from './audit-log.service';
export * from './audit-wording';
export * from './audit.module';
export * from './csv';
