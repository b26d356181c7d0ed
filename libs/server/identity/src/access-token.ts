/** What an access token says: who (`sub`), which session (`sid`), until when (`exp`, seconds). */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
  exp: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A correctly signed token is still refused unless its claims have the shape Equip issues: a
 * token without an expiry would work forever, and a `sub` or `sid` that is not a UUID must be a
 * 401, never a database error.
 */
export function isAccessTokenClaims(payload: unknown): payload is AccessTokenClaims {
  if (typeof payload !== 'object' || payload === null) return false;
  const { sub, sid, exp } = payload as Record<string, unknown>;
  return typeof sub === 'string' && UUID.test(sub) && typeof sid === 'string' && UUID.test(sid) && typeof exp === 'number' && Number.isFinite(exp);
}
