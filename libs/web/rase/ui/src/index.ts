export { ROSTER_RESULT_HEADING_ID, RosterPreview } from './lib/roster-preview/roster-preview';
export { RosterFormat } from './lib/roster-format/roster-format';
export { GrantRoleForm } from './lib/grant-role-form/grant-role-form';
export { DepartmentTree, buildDepartmentTree, type DepartmentTreeNode } from './lib/department-tree/department-tree';
export { AuditEventList, auditLinkPath } from './lib/audit-event-list/audit-event-list';
