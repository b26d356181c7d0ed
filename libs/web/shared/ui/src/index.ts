export { PageHeader } from './lib/page-header/page-header';
export { ErrorSummary, type ErrorSummaryItem, fieldErrorItems } from './lib/error-summary/error-summary';
export { Pagination } from './lib/pagination/pagination';
export { SubNav, type SubNavLink } from './lib/sub-nav/sub-nav';
export { departmentOptions, type DepartmentOption } from './lib/department-options/department-options';
export { PeopleTable } from './lib/people-table/people-table';
export { PersonDetails } from './lib/person-details/person-details';
export { RoleGrantList, grantLabel } from './lib/role-grant-list/role-grant-list';
export { ConfirmDialog, confirmAction, type ConfirmDialogData } from './lib/confirm-dialog/confirm-dialog';
