export { ApiClient, queryString, toHttpParams, type QueryParams } from './lib/api-client';
export { ApiError, errorBody, toProblem } from './lib/api-error';
export { AUTH_PATHS, AuthApi, SSO_START_PATH } from './lib/auth-api';
export { SessionStore, type SessionStatus } from './lib/session-store';
export { LinkToken, SET_PASSWORD_PATH, captureLinkToken } from './lib/link-token';
export { AREA_PATHS, NO_ACCESS_PATH, SIGN_IN_PATH, homePath, safeReturnUrl } from './lib/area-paths';
export { areaGuard, homeGuard, roleGuard, signedInGuard, signedOutGuard } from './lib/session-guards';
export { authRefreshInterceptor } from './lib/auth-refresh-interceptor';
export { latestRequest, type LatestRequest } from './lib/latest-request';
export { OrganisationApi, personRecordPath } from './lib/organisation-api';
export { PEOPLE_PAGE_SIZE, PeopleStore } from './lib/people-store';
export { PersonStore } from './lib/person-store';
export { ASK_FOR_INVITATION_PATH, InvitationsApi } from './lib/invitations-api';
export { provideCity } from './lib/city-time';
// The city clock lives in shared ui (presentational libs format with it too); re-exported for data-access users.
export { cityFacts, cityToday, formatCityDate, formatCityDateTime, formatDueDay, setCity } from '@equip/web/shared/ui';
