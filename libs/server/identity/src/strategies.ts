import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import type { SessionUser } from '@equip/shared/contracts';
import type { Request } from 'express';
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy as JwtStrategyBase } from 'passport-jwt';
import { Strategy as LocalStrategyBase } from 'passport-local';
import { isAccessTokenClaims } from './access-token';
import { ACCESS_COOKIE } from './auth-cookies';
import { AuthService, SESSION_ENDED } from './auth.service';
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
      // A key object, made once: given the string, jsonwebtoken tries it as a public key (and
      // throws) and then makes a secret key of it, on every request (~6 % of the api's CPU under
      // load). passport-jwt's types say string or Buffer; it passes the value to jsonwebtoken as is.
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as Buffer,
      ignoreExpiration: false,
      algorithms: ['HS256'],
    });
  }

  /**
   * On every request, one query: the person, if still active, and the token's session, if not
   * ended. A revoked role, a deactivation, a sign-out or a new password take effect at once. A
   * signed token of the wrong shape (no expiry, a `sub` or `sid` that is not a UUID) is a 401.
   */
  async validate(payload: unknown): Promise<SessionUser> {
    const user = isAccessTokenClaims(payload) ? await this.sessions.findBySession(payload.sub, payload.sid) : undefined;
    if (!user) throw new UnauthorizedException(SESSION_ENDED);
    return user;
  }
}
