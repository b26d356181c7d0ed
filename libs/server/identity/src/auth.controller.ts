import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { CSRF_HEADER_NAME, type CsrfToken, type SessionUser } from '@equip/shared/contracts';
import type { Request, Response } from 'express';
import { CurrentUser, Public } from './auth.decorators';
import { ACCESS_COOKIE, clearSessionCookies, CSRF_COOKIE, REFRESH_COOKIE, setCsrfCookie, setSessionCookies } from './auth-cookies';
import { AuthService } from './auth.service';
import { SkipCsrf } from './csrf.guard';
import { SignInDto } from './dto/sign-in.dto';
import { LocalAuthGuard } from './local-auth.guard';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @SkipCsrf()
  @UseGuards(LocalAuthGuard)
  @Post('sign-in')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Signed in; session cookies are set and the person is returned.' })
  @ApiUnauthorizedResponse({ description: 'Email or password is incorrect.' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this account or address.' })
  async signIn(@Body() _body: SignInDto, @CurrentUser() user: SessionUser, @Res({ passthrough: true }) res: Response): Promise<SessionUser> {
    const session = await this.auth.issue(user);
    setSessionCookies(res, this.config, session.accessToken, session.refreshToken);
    return session.user;
  }

  @Public()
  @Get('csrf')
  @ApiOkResponse({ description: 'Sets the CSRF cookie (keeping a valid one) and returns its value and the header to send it in.' })
  csrf(@Req() req: Request, @Res({ passthrough: true }) res: Response): CsrfToken {
    return { token: setCsrfCookie(res, this.config, req.cookies?.[CSRF_COOKIE]), headerName: CSRF_HEADER_NAME };
  }

  @Get('session')
  @ApiOkResponse({ description: 'The signed-in person, their roles and the areas they may open.' })
  session(@CurrentUser() user: SessionUser): SessionUser {
    return user;
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ description: 'A new access token and a rotated refresh token are set.' })
  async refresh(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionUser> {
    try {
      const session = await this.auth.refresh(req.cookies?.[REFRESH_COOKIE]);
      // The CSRF token is kept: requests the app already sent with it must not be refused.
      setSessionCookies(res, this.config, session.accessToken, session.refreshToken, req.cookies?.[CSRF_COOKIE]);
      return session.user;
    } catch (error) {
      clearSessionCookies(res, this.config);
      throw error;
    }
  }

  @Public()
  @Post('sign-out')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The session is ended (its access token stops working at once) and its cookies cleared.' })
  async signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.signOut(req.cookies?.[REFRESH_COOKIE], req.cookies?.[ACCESS_COOKIE]);
    clearSessionCookies(res, this.config);
    setCsrfCookie(res, this.config);
  }
}
