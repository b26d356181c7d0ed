import { createHmac, timingSafeEqual } from 'node:crypto';

/** What the callback must check, kept in the browser between the redirect and the callback. */
export interface SsoState {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export const SSO_STATE_COOKIE = 'equip_sso';
export const SSO_STATE_MINUTES = 10;

const key = (secret: string) => createHmac('sha256', secret).update('equip:sso-state').digest();
const sign = (payload: string, secret: string) => createHmac('sha256', key(secret)).update(payload).digest('base64url');

/**
 * Seals the state into a cookie value signed with a key derived from JWT_SECRET, so no server-side
 * session store is needed and any api replica can finish the sign-in. It expires after 10 minutes.
 */
export function sealSsoState(state: SsoState, secret: string, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ ...state, exp: now + SSO_STATE_MINUTES * 60_000 })).toString('base64url');
  return `${payload}.${sign(payload, secret)}`;
}

/** The state, if the cookie is intact and fresh; undefined otherwise. */
export function openSsoState(value: unknown, secret: string, now = Date.now()): SsoState | undefined {
  if (typeof value !== 'string' || value.length > 2000) return undefined;
  const [payload, signature, extra] = value.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<SsoState> & { exp?: number };
    const { state, nonce, codeVerifier, exp } = parsed;
    if (typeof exp !== 'number' || exp <= now) return undefined;
    if (typeof state !== 'string' || typeof nonce !== 'string' || typeof codeVerifier !== 'string') return undefined;
    return { state, nonce, codeVerifier };
  } catch {
    return undefined;
  }
}
