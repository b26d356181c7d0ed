import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiTags } from '@nestjs/swagger';
import { FieldValidationException } from '@equip/server/http';
import type { InviteStaffResult, SessionUser } from '@equip/shared/contracts';
import { CurrentUser, Roles } from '../auth.decorators';
import { InviteStaffDto } from '../dto/password.dto';
import { PasswordService } from './password.service';

@ApiTags('staff')
@Controller('staff')
export class InvitationsController {
  constructor(private readonly passwords: PasswordService) {}

  @Post('invitations')
  @Roles('rase_admin')
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'Active staff without a password are mailed a link to set one; the counts say who.' })
  invite(@Body() body: InviteStaffDto, @CurrentUser() user: SessionUser): Promise<InviteStaffResult> {
    if (!body.staffIds && !body.departmentId) {
      throw new FieldValidationException([{ field: 'staffIds', message: 'staffIds or departmentId must be given' }]);
    }
    return body.departmentId
      ? this.passwords.inviteDepartment(body.departmentId, user.id, body.staffIds)
      : this.passwords.inviteStaff(body.staffIds ?? [], user.id);
  }
}
