export { ROSTER_IMPORTS_PATH, RosterApi, isRosterImportResult, problemCount, rosterChangesCsvPath, type RosterImportOptions } from './lib/roster-api';
export { RosterImportsStore, type RosterUndoState } from './lib/roster-imports-store';
export { RosterImportStore, type RosterImportPhase } from './lib/roster-import-store';
export { RoleGrantsApi } from './lib/role-grants-api';
export { SessionsApi } from './lib/sessions-api';
export { ManagePersonStore } from './lib/manage-person-store';
export { AUDIT_EVENTS_PATH, AUDIT_PAGE_SIZE, AuditApi, type AuditFilters } from './lib/audit-api';
export { AuditLogStore } from './lib/audit-log-store';
export { DepartmentsStore } from './lib/departments-store';
