export { ApiClient } from './lib/api-client';
export { ApiError, toProblem } from './lib/api-error';
export { AUTH_PATHS, AuthApi } from './lib/auth-api';
export { SessionStore, type SessionStatus } from './lib/session-store';
export { AREA_PATHS, NO_ACCESS_PATH, SIGN_IN_PATH, homePath, safeReturnUrl } from './lib/area-paths';
export { areaGuard, homeGuard, signedInGuard, signedOutGuard } from './lib/session-guards';
export { authRefreshInterceptor } from './lib/auth-refresh-interceptor';
