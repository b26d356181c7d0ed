export { DASHBOARD_ROUTES } from './lib/dashboard.routes';
