export { PeopleListPage, type PeopleListRouteData } from './lib/people-list-page';
export { PersonPage } from './lib/person-page';
export { peopleRoutes } from './lib/people.routes';
export { filtersFromParams, filtersToParams, filtersToQuery, type PeopleFilters, type StaffStatusFilter } from './lib/people-query';
export { PersonInvitation } from './lib/person-invitation';
export { PersonRecordView, type RecordCertificateAccess } from './lib/person-record';
