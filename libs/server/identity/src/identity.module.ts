import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { MailModule } from '@equip/server/mail';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { CsrfGuard } from './csrf.guard';
import { JwtAuthGuard } from './jwt-auth.guard';
import { InvitationService } from './password/invitation.service';
import { InvitationsController } from './password/invitations.controller';
import { PasswordController } from './password/password.controller';
import { PasswordService } from './password/password.service';
import { PasswordTokenRepository } from './password/password-token.repository';
import { RolesGuard } from './roles.guard';
import { SessionRepository } from './session.repository';
import { SessionsController } from './sessions.controller';
import { SsoController } from './sso/sso.controller';
import { SsoService } from './sso/sso.service';
import { JwtStrategy, LocalStrategy } from './strategies';

/** Sign-in, sessions, passwords and single sign-on for the api; the worker uses only the jobs in ./jobs. */
@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.jwtSecret, signOptions: { algorithm: 'HS256' } }),
    }),
    MailModule,
  ],
  controllers: [AuthController, PasswordController, InvitationsController, SessionsController, SsoController],
  providers: [
    AuthService,
    SessionRepository,
    LocalStrategy,
    JwtStrategy,
    PasswordService,
    InvitationService,
    PasswordTokenRepository,
    SsoService,
    // Global guards run in this order: CSRF first (a forged request learns nothing), then the session, then roles.
    { provide: APP_GUARD, useClass: CsrfGuard },
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [SessionRepository, PasswordService, InvitationService],
})
export class IdentityModule {}
