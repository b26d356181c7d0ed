import type { Area, SessionUser } from '@equip/shared/contracts';

/** Where each area of the app lives; the path is the area's name. */
export const AREA_PATHS: Record<Area, string> = {
  learn: '/learn',
  lead: '/lead',
  rase: '/rase',
};

/** Shown to a signed-in person whom the api gives no area (for example, a deactivated grant). */
export const NO_ACCESS_PATH = '/no-access';

export const SIGN_IN_PATH = '/sign-in';

/**
 * Where a person lands after signing in (or at `/`): the area of their widest responsibility, so
 * an equity lead starts in their departments and RASE staff start city-wide. Every active staff
 * member is also a learner, so "My learning" is the landing page only for those with no other role.
 */
const HOME_PREFERENCE: readonly Area[] = ['rase', 'lead', 'learn'];

export function homePath(user: SessionUser): string {
  const home = HOME_PREFERENCE.find((area) => user.areas.includes(area));
  return home ? AREA_PATHS[home] : NO_ACCESS_PATH;
}

/**
 * A `returnUrl` is only followed when it is a path inside the app: never another origin
 * (`//evil.example`, `/\evil.example`, `https://…`) and never back to the sign-in page.
 */
export function safeReturnUrl(url: string | null | undefined): string | null {
  if (!url || !url.startsWith('/') || url.startsWith('//') || url.startsWith('/\\')) return null;
  if (url === SIGN_IN_PATH || url.startsWith(`${SIGN_IN_PATH}?`) || url.startsWith(`${SIGN_IN_PATH}/`)) return null;
  return url;
}
