import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import type { Area, Role } from '@equip/shared/contracts';
import { SIGN_IN_PATH, homePath, safeReturnUrl } from './area-paths';
import { SessionStore } from './session-store';

/**
 * Opens an area only to someone signed in who has it. Signed out: to sign-in, coming back here
 * afterwards. Signed in without the area: to their own home area. (The api enforces access; this
 * only keeps people from landing on pages that would fail.)
 */
export function areaGuard(area: Area): CanActivateFn {
  return async (_route, state) => {
    const router = inject(Router);
    const user = await inject(SessionStore).load();
    if (!user) return router.createUrlTree([SIGN_IN_PATH], { queryParams: { returnUrl: state.url } });
    return user.areas.includes(area) ? true : router.parseUrl(homePath(user));
  };
}

/**
 * Opens a page inside an area only to someone holding one of `roles` (for example, the RASE area's
 * people pages are for administrators, not viewers); anyone else goes to `fallback`, the area's
 * home. Used under `areaGuard`, so the person is signed in; the api refuses the calls regardless.
 */
export function roleGuard(roles: readonly Role[], fallback: string): CanActivateFn {
  return async (_route, state) => {
    const router = inject(Router);
    const user = await inject(SessionStore).load();
    if (!user) return router.createUrlTree([SIGN_IN_PATH], { queryParams: { returnUrl: state.url } });
    return user.roles.some((role) => roles.includes(role)) ? true : router.parseUrl(fallback);
  };
}

/** For routes any signed-in person may open (for example, the no-access page). */
export const signedInGuard: CanActivateFn = async (_route, state) => {
  const router = inject(Router);
  const user = await inject(SessionStore).load();
  return user ? true : router.createUrlTree([SIGN_IN_PATH], { queryParams: { returnUrl: state.url } });
};

/** `/`: sends a signed-in person to their home area, anyone else to sign-in. */
export const homeGuard: CanActivateFn = async () => {
  const router = inject(Router);
  const user = await inject(SessionStore).load();
  return router.parseUrl(user ? homePath(user) : SIGN_IN_PATH);
};

/** The sign-in page is for signed-out people; someone already signed in goes where they were heading. */
export const signedOutGuard: CanActivateFn = async (route) => {
  const router = inject(Router);
  const user = await inject(SessionStore).load();
  if (!user) return true;
  return router.parseUrl(safeReturnUrl(route.queryParamMap.get('returnUrl')) ?? homePath(user));
};
