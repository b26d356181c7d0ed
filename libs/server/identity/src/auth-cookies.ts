import type { AppConfig } from '@equip/server/config';
import type { CookieOptions, Response } from 'express';

export const ACCESS_COOKIE = 'equip_access';
export const REFRESH_COOKIE = 'equip_refresh';
const REFRESH_PATH = '/api/auth';

function base(config: AppConfig): CookieOptions {
  return { httpOnly: true, secure: config.cookieSecure, sameSite: 'lax' };
}

export function setSessionCookies(res: Response, config: AppConfig, access: string, refresh: string): void {
  res.cookie(ACCESS_COOKIE, access, { ...base(config), path: '/', maxAge: config.accessTokenMinutes * 60_000 });
  res.cookie(REFRESH_COOKIE, refresh, {
    ...base(config),
    sameSite: 'strict',
    path: REFRESH_PATH,
    maxAge: config.refreshTokenDays * 86_400_000,
  });
}

export function clearSessionCookies(res: Response, config: AppConfig): void {
  res.clearCookie(ACCESS_COOKIE, { ...base(config), path: '/' });
  res.clearCookie(REFRESH_COOKIE, { ...base(config), sameSite: 'strict', path: REFRESH_PATH });
}
