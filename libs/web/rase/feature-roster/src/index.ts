export { ROSTER_ROUTES } from './lib/roster.routes';
export { RosterImportPage } from './lib/roster-import-page';
