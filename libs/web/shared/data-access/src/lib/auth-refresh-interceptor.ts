import { HttpErrorResponse, HttpEvent, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { Observable, catchError, from, switchMap, throwError } from 'rxjs';
import { SIGN_IN_PATH } from './area-paths';
import { AUTH_PATHS } from './auth-api';
import { SessionStore } from './session-store';

const AUTH_ENDPOINTS: readonly string[] = Object.values(AUTH_PATHS);

/**
 * The access cookie is short-lived. When any other call comes back 401, renew the session once
 * with the refresh cookie and repeat the call; if that fails too, the session has ended: forget
 * it and go to sign-in, coming back to the current page afterwards.
 */
export const authRefreshInterceptor: HttpInterceptorFn = (request, next) => {
  if (AUTH_ENDPOINTS.includes(pathOf(request.url))) return next(request);

  const session = inject(SessionStore);
  const router = inject(Router);

  const sessionEnded = (error: HttpErrorResponse): Observable<never> => {
    session.clear();
    const returnUrl = router.url;
    if (!returnUrl.startsWith(SIGN_IN_PATH)) {
      void router.navigate([SIGN_IN_PATH], { queryParams: { returnUrl } });
    }
    return throwError(() => error);
  };

  return next(request).pipe(
    catchError((error: unknown): Observable<HttpEvent<unknown>> => {
      if (!is401(error)) return throwError(() => error);
      return from(session.refresh()).pipe(
        switchMap((renewed) =>
          renewed
            ? next(request).pipe(
                catchError((retryError: unknown) => (is401(retryError) ? sessionEnded(retryError) : throwError(() => retryError))),
              )
            : sessionEnded(error),
        ),
      );
    }),
  );
};

function is401(error: unknown): error is HttpErrorResponse {
  return error instanceof HttpErrorResponse && error.status === 401;
}

function pathOf(url: string): string {
  return url.split(/[?#]/, 1)[0] ?? url;
}
