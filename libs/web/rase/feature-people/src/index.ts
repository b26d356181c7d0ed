export { RASE_PEOPLE_ROUTES } from './lib/people.routes';
export { ManagePersonPage } from './lib/manage-person-page';
