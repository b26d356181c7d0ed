import { Controller, Get, Inject, Ip, NotFoundException, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import type { AuthProviders, SsoSignInError } from '@equip/shared/contracts';
import type { CookieOptions, Request, Response } from 'express';
import { Public } from '../auth.decorators';
import { setSessionCookies } from '../auth-cookies';
import { openSsoState, sealSsoState, SSO_STATE_COOKIE, SSO_STATE_MINUTES } from './sso-state';
import { SsoService } from './sso.service';

@ApiTags('auth')
@Controller('auth')
export class SsoController {
  constructor(
    private readonly sso: SsoService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('providers')
  @ApiOkResponse({ description: 'Which ways to sign in the sign-in page should offer.' })
  providers(): AuthProviders {
    return this.sso.providers();
  }

  @Public()
  @Get('sso')
  @ApiFoundResponse({ description: 'Redirects to the OpenID provider.' })
  @ApiNotFoundResponse({ description: 'Single sign-on is not turned on.' })
  async start(@Res() res: Response): Promise<void> {
    this.requireSso();
    try {
      const { redirectTo, state } = await this.sso.begin();
      res.cookie(SSO_STATE_COOKIE, sealSsoState(state, this.config.jwtSecret), { ...this.stateCookie(), maxAge: SSO_STATE_MINUTES * 60_000 });
      res.redirect(302, redirectTo);
    } catch {
      this.signInPage(res, 'sso_failed');
    }
  }

  @Public()
  @Get('sso/callback')
  @ApiFoundResponse({ description: 'Signs the staff member in and redirects to the app, or back to the sign-in page with ?error=.' })
  @ApiNotFoundResponse({ description: 'Single sign-on is not turned on.' })
  async callback(@Req() req: Request, @Ip() ip: string, @Res() res: Response): Promise<void> {
    this.requireSso();
    const state = openSsoState(req.cookies?.[SSO_STATE_COOKIE], this.config.jwtSecret);
    res.clearCookie(SSO_STATE_COOKIE, this.stateCookie());
    // The provider's answer, on the redirect URI registered with it (APP_URL, not whatever Host the proxy passed).
    const callback = new URL(this.sso.callbackUrl);
    callback.search = new URL(req.originalUrl, 'http://equip.invalid').search;
    const outcome = await this.sso.complete(callback, state, ip);
    if ('error' in outcome) return this.signInPage(res, outcome.error, outcome.employeeId);
    setSessionCookies(res, this.config, outcome.session.accessToken, outcome.session.refreshToken);
    res.redirect(302, `${this.config.appUrl}/`);
  }

  private requireSso(): void {
    if (!this.config.oidc) throw new NotFoundException('Single sign-on is not turned on');
  }

  /** An employee id is not a secret: the page names it so the person can tell the office which id failed. */
  private signInPage(res: Response, error: SsoSignInError, employeeId?: string): void {
    const named = employeeId === undefined ? '' : `&employeeId=${encodeURIComponent(employeeId)}`;
    res.redirect(302, `${this.config.appUrl}/sign-in?error=${error}${named}`);
  }

  /** Sent back on the provider's top-level redirect (SameSite=Lax), and only to the SSO routes. */
  private stateCookie(): CookieOptions {
    return { httpOnly: true, secure: this.config.cookieSecure, sameSite: 'lax', path: '/api/auth/sso' };
  }
}
