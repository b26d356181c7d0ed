import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role, SessionUser } from '@equip/shared/contracts';
import { ROLES } from './auth.decorators';

/** Global, after JwtAuthGuard: a route marked @Roles(...) needs one of them. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [context.getHandler(), context.getClass()]);
    if (!roles || roles.length === 0) return true;
    const user = context.switchToHttp().getRequest().user as SessionUser | undefined;
    if (user && roles.some((role) => user.roles.includes(role))) return true;
    throw new ForbiddenException('Your role does not allow this.');
  }
}
