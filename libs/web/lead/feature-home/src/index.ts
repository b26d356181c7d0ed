export { LEAD_ROUTES } from './lib/lead.routes';
export { LeadHome } from './lib/lead-home';
export { AttemptRequestsPage } from './lib/attempt-requests-page';
export { LEAD_PAGES, LeadArea } from './lib/lead-area';
