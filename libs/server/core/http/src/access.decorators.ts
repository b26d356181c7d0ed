import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role, SessionUser } from '@equip/shared/contracts';
import { scopeFor, StaffScope } from '@equip/shared/domain';

/**
 * Access metadata every controller uses. The guards that enforce it live in server-identity; the
 * decorators live here so any domain library can mark its routes without depending on identity.
 */
export const IS_PUBLIC = 'equip:isPublic';
export const ROLES = 'equip:roles';

/** The route needs no session (sign-in, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The route needs one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/** The signed-in user, as loaded by the JwtAuthGuard. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): SessionUser => {
  return ctx.switchToHttp().getRequest().user as SessionUser;
});

/** The caller's data scope (city, departments led, or self), built from the session. */
export const CurrentScope = createParamDecorator((_data: unknown, ctx: ExecutionContext): StaffScope => {
  return scopeFor(ctx.switchToHttp().getRequest().user as SessionUser);
});
