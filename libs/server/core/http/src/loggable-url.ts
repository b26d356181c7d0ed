/** The password routes' own names; any other segment under /auth/password/ may be a token. */
const PASSWORD_ROUTES = new Set(['forgot', 'set', 'token']);
const PASSWORD_PREFIX = '/auth/password/';

/**
 * The URL as the log may keep it: no query string (a `?token=` of an old link, or anything else a
 * client put there) and no segment under `/auth/password/` but the route names. One-time tokens
 * travel in URL fragments and request bodies, which are never logged; this is the second fence.
 */
export function loggableUrl(url: string | undefined): string {
  const path = (url ?? '').split(/[?#]/, 1)[0];
  // Express matches routes case-insensitively, so the fence does too.
  const at = path.toLowerCase().indexOf(PASSWORD_PREFIX);
  if (at < 0) return path;
  const head = path.slice(0, at + PASSWORD_PREFIX.length);
  const segments = path.slice(head.length).split('/');
  return head + segments.map((segment, i) => (i === 0 && PASSWORD_ROUTES.has(segment)) || segment === '' ? segment : '[redacted]').join('/');
}
