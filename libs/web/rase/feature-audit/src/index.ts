export { AUDIT_ROUTES } from './lib/audit.routes';
export { AuditLogPage } from './lib/audit-log-page';
