import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import type { SessionUser } from '@equip/shared/contracts';
import type { Request } from 'express';
import { ExtractJwt, Strategy as JwtStrategyBase } from 'passport-jwt';
import { Strategy as LocalStrategyBase } from 'passport-local';
import { ACCESS_COOKIE } from './auth-cookies';
import { AuthService } from './auth.service';
import { SessionRepository } from './session.repository';

@Injectable()
export class LocalStrategy extends PassportStrategy(LocalStrategyBase, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  validate(req: Request, email: string, password: string): Promise<SessionUser> {
    return this.auth.verifyCredentials(email, password, req.ip ?? 'unknown');
  }
}

const fromCookie = (req: Request): string | null => (req.cookies?.[ACCESS_COOKIE] as string | undefined) ?? null;

@Injectable()
export class JwtStrategy extends PassportStrategy(JwtStrategyBase, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly sessions: SessionRepository,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromExtractors([fromCookie]),
      secretOrKey: config.jwtSecret,
      ignoreExpiration: false,
      algorithms: ['HS256'],
    });
  }

  /** Loads the person on every request, so a revoked role or a deactivation takes effect at once. */
  async validate(payload: { sub?: string }): Promise<SessionUser> {
    const user = payload.sub ? await this.sessions.findActiveById(payload.sub) : undefined;
    if (!user) throw new UnauthorizedException('Your session has ended. Sign in again.');
    return user;
  }
}
