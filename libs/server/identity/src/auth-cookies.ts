import type { AppConfig } from '@equip/server/config';
import { CSRF_COOKIE_NAME, CSRF_HEADER_NAME } from '@equip/shared/contracts';
import type { CookieOptions, Response } from 'express';
import { randomBytes } from 'node:crypto';

export const ACCESS_COOKIE = 'equip_access';
export const REFRESH_COOKIE = 'equip_refresh';
/** Readable by the page's script (not HttpOnly): the web app copies it into the CSRF header. */
export const CSRF_COOKIE = CSRF_COOKIE_NAME;
export const CSRF_HEADER = CSRF_HEADER_NAME;
const REFRESH_PATH = '/api/auth';
const CSRF_TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

function base(config: AppConfig): CookieOptions {
  return { httpOnly: true, secure: config.cookieSecure, sameSite: 'lax' };
}

export const newCsrfToken = (): string => randomBytes(32).toString('base64url');
export const isCsrfToken = (value: unknown): value is string => typeof value === 'string' && CSRF_TOKEN_SHAPE.test(value);

/**
 * Sets the session cookies. The CSRF token is replaced too unless `csrfToken` keeps the current one
 * (a refresh keeps it, so requests already on their way with it are not refused).
 */
export function setSessionCookies(res: Response, config: AppConfig, access: string, refresh: string, csrfToken?: string): void {
  res.cookie(ACCESS_COOKIE, access, { ...base(config), path: '/', maxAge: config.accessTokenMinutes * 60_000 });
  res.cookie(REFRESH_COOKIE, refresh, {
    ...base(config),
    sameSite: 'strict',
    path: REFRESH_PATH,
    maxAge: config.refreshTokenDays * 86_400_000,
  });
  setCsrfCookie(res, config, csrfToken);
}

export function clearSessionCookies(res: Response, config: AppConfig): void {
  res.clearCookie(ACCESS_COOKIE, { ...base(config), path: '/' });
  res.clearCookie(REFRESH_COOKIE, { ...base(config), sameSite: 'strict', path: REFRESH_PATH });
}

/** Sets the CSRF cookie (a new token unless a valid one is kept), replacing any set earlier in this response. */
export function setCsrfCookie(res: Response, config: AppConfig, keep?: string): string {
  const token = isCsrfToken(keep) ? keep : newCsrfToken();
  const earlier = res.getHeader('Set-Cookie');
  if (earlier !== undefined) {
    res.setHeader('Set-Cookie', ([] as string[]).concat(earlier as string | string[]).filter((c) => !c.startsWith(`${CSRF_COOKIE}=`)));
  }
  // Lives as long as a refresh token, so a returning visitor still has it when the app refreshes.
  res.cookie(CSRF_COOKIE, token, {
    httpOnly: false,
    secure: config.cookieSecure,
    sameSite: 'lax',
    path: '/',
    maxAge: config.refreshTokenDays * 86_400_000,
  });
  return token;
}
