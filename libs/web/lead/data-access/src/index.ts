export { CohortsApi, membersCsvUrl, membersParams } from './lib/cohorts-api';
export { COHORTS_PAGE_SIZE, CohortEditorStore, CohortListStore, CohortStore, PREVIEW_PAGE_SIZE } from './lib/cohort-stores';
export {
  DEFAULT_MEMBERS_FILTERS,
  MEMBERS_PAGE_SIZE,
  membersFiltersFromParams,
  membersFiltersToParams,
  membersFiltersToQuery,
  type MembersFilters,
} from './lib/members-query';
export { AttemptRequestsApi, AttemptRequestsStore, requestKey } from './lib/attempt-requests';
