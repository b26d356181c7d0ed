import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import type { Request, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { CSRF_COOKIE, CSRF_HEADER, isCsrfToken, setCsrfCookie } from './auth-cookies';

export const SKIP_CSRF = 'equip:skipCsrf';
export const CSRF_REJECTED = 'Missing or invalid CSRF token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The route changes state but cannot be forged usefully, so it needs no CSRF header: sign-in
 * (no session yet) and the password routes that carry their own one-time token or only send mail.
 */
export const SkipCsrf = () => SetMetadata(SKIP_CSRF, true);

/**
 * Global, before authentication: double-submit-cookie CSRF protection. Every POST, PUT, PATCH and
 * DELETE must send the CSRF header equal to the CSRF cookie; a cross-site page can make the browser
 * send the cookie but cannot read it to write the header. A request without a valid cookie gets
 * one, so the web app always has a token to send next (Angular's HttpClient copies it for us).
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    const cookie: unknown = req.cookies?.[CSRF_COOKIE];
    if (!isCsrfToken(cookie)) setCsrfCookie(context.switchToHttp().getResponse<Response>(), this.config);
    if (SAFE_METHODS.has(req.method)) return true;
    if (this.reflector.getAllAndOverride<boolean>(SKIP_CSRF, [context.getHandler(), context.getClass()])) return true;
    const header = req.get(CSRF_HEADER);
    if (isCsrfToken(cookie) && isCsrfToken(header) && timingSafeEqual(Buffer.from(header), Buffer.from(cookie))) return true;
    throw new ForbiddenException(CSRF_REJECTED);
  }
}
