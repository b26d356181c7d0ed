export { LEAD_ROUTES } from './lib/lead.routes';
export { LeadHome } from './lib/lead-home';
