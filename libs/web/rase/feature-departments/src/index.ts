export { DEPARTMENTS_ROUTES } from './lib/departments.routes';
export { DepartmentsPage } from './lib/departments-page';
