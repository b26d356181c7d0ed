import { Injectable, inject } from '@angular/core';
import type { SessionUser, SignInRequest } from '@equip/shared/contracts';
import type { Observable } from 'rxjs';
import { ApiClient } from './api-client';

/** The api's session endpoints. They answer for themselves; the refresh interceptor leaves them alone. */
export const AUTH_PATHS = {
  signIn: '/api/auth/sign-in',
  session: '/api/auth/session',
  signOut: '/api/auth/sign-out',
  refresh: '/api/auth/refresh',
} as const;

/** Typed calls to `/api/auth/*`; the session cookies are HttpOnly, so only the api reads them. */
@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly api = inject(ApiClient);

  session(): Observable<SessionUser> {
    return this.api.get<SessionUser>(AUTH_PATHS.session);
  }

  signIn(request: SignInRequest): Observable<SessionUser> {
    return this.api.post<SessionUser>(AUTH_PATHS.signIn, request);
  }

  signOut(): Observable<void> {
    return this.api.post<void>(AUTH_PATHS.signOut);
  }

  refresh(): Observable<SessionUser> {
    return this.api.post<SessionUser>(AUTH_PATHS.refresh);
  }
}
