import { GRANTED_ROLES, GrantedRole, GrantRoleRequest } from '@equip/shared/contracts';
import { Omittable } from '@equip/server/http';
import { IsIn, IsUUID } from 'class-validator';

export class GrantRoleDto implements GrantRoleRequest {
  @IsIn(GRANTED_ROLES, { message: `role must be one of ${GRANTED_ROLES.join(', ')}` })
  role!: GrantedRole;

  @Omittable()
  @IsUUID('all', { message: 'departmentId must be a department id' })
  departmentId?: string;
}
