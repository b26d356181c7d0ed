import { Injectable, inject } from '@angular/core';
import type {
  AuthProviders,
  ForgotPasswordAnswer,
  PasswordTokenInfo,
  PasswordTokenRequest,
  SessionUser,
  SetPasswordRequest,
  SignInRequest,
} from '@equip/shared/contracts';
import type { Observable } from 'rxjs';
import { ApiClient } from './api-client';

/** The api's session endpoints. They answer for themselves; the refresh interceptor leaves them alone. */
export const AUTH_PATHS = {
  signIn: '/api/auth/sign-in',
  session: '/api/auth/session',
  signOut: '/api/auth/sign-out',
  refresh: '/api/auth/refresh',
  providers: '/api/auth/providers',
  forgotPassword: '/api/auth/password/forgot',
  passwordToken: '/api/auth/password/token',
  setPassword: '/api/auth/password/set',
} as const;

/** Single sign-on starts with a full-page visit (the city's provider takes over the window), not a request. */
export const SSO_START_PATH = '/api/auth/sso';

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

  /** How the sign-in page may offer to sign in (password, and single sign-on when it is turned on). */
  providers(): Observable<AuthProviders> {
    return this.api.get<AuthProviders>(AUTH_PATHS.providers);
  }

  /** Always accepted (202): the answer never says whether the email belongs to anyone. */
  forgotPassword(email: string): Observable<ForgotPasswordAnswer | null> {
    return this.api.post<ForgotPasswordAnswer | null>(AUTH_PATHS.forgotPassword, { email });
  }

  /**
   * Who an invitation or reset link is for; 404 when the link is unknown, used or expired. The
   * token goes in the body: a URL (even the api's own) may end up in a log.
   */
  passwordToken(token: string): Observable<PasswordTokenInfo> {
    return this.api.post<PasswordTokenInfo>(AUTH_PATHS.passwordToken, { token } satisfies PasswordTokenRequest);
  }

  /** Sets the password with a link's token; the api signs the person in and answers who they are. */
  setPassword(request: SetPasswordRequest): Observable<SessionUser> {
    return this.api.post<SessionUser>(AUTH_PATHS.setPassword, request);
  }
}
