import { Body, Controller, HttpCode, Inject, Ip, NotFoundException, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import type { ForgotPasswordAnswer, PasswordTokenInfo, SessionUser } from '@equip/shared/contracts';
import type { Response } from 'express';
import { Public } from '../auth.decorators';
import { setSessionCookies } from '../auth-cookies';
import { SkipCsrf } from '../csrf.guard';
import { ForgotPasswordDto, PasswordTokenDto, SetPasswordDto } from '../dto/password.dto';
import { FORGOT_ANSWER, PasswordService } from './password.service';

@ApiTags('auth')
@Controller('auth/password')
export class PasswordController {
  constructor(
    private readonly passwords: PasswordService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @SkipCsrf()
  @Post('forgot')
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'The same answer whether or not the address belongs to someone; a reset link is mailed if it does.' })
  @ApiTooManyRequestsResponse({ description: 'Too many requests from this address.' })
  async forgot(@Body() body: ForgotPasswordDto, @Ip() ip: string): Promise<ForgotPasswordAnswer> {
    await this.passwords.requestReset(body.email, ip);
    return { message: FORGOT_ANSWER };
  }

  /** A POST, not a GET with the token in its path: the token stays out of every URL a server logs. */
  @Public()
  @SkipCsrf()
  @Post('token')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Who the link is for and why, so the page can greet them.' })
  @ApiNotFoundResponse({ description: 'The link is unknown, expired or already used.' })
  async token(@Body() body: PasswordTokenDto): Promise<PasswordTokenInfo> {
    const info = await this.passwords.describeToken(body.token);
    if (!info) throw new NotFoundException('This link is unknown, expired or already used. Ask for a new one.');
    return info;
  }

  @Public()
  @SkipCsrf()
  @Post('set')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The password is set, other sessions are ended, and the person is signed in.' })
  @ApiBadRequestResponse({ description: 'The token is unusable (field `token`) or the password breaks the policy (field `password`).' })
  async set(@Body() body: SetPasswordDto, @Ip() ip: string, @Res({ passthrough: true }) res: Response): Promise<SessionUser> {
    const session = await this.passwords.setPassword(body.token, body.password, ip);
    setSessionCookies(res, this.config, session.accessToken, session.refreshToken);
    return session.user;
  }
}
