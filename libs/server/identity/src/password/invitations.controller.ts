import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNotFoundResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { CurrentScope, FieldValidationException } from '@equip/server/http';
import type { AskForInvitationAnswer, InviteStaffResult } from '@equip/shared/contracts';
import type { StaffScope } from '@equip/shared/domain';
import { Public, Roles } from '../auth.decorators';
import { SkipCsrf } from '../csrf.guard';
import { AskForInvitationDto, InviteStaffDto } from '../dto/password.dto';
import { ASK_FOR_INVITATION_ANSWER, InvitationService } from './invitation.service';

@ApiTags('staff')
@Controller()
export class InvitationsController {
  constructor(private readonly invitations: InvitationService) {}

  @Post('staff/invitations')
  @Roles('rase_admin', 'equity_lead')
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'Active staff without an account are queued an invitation (or a new one); the counts say who.' })
  @ApiNotFoundResponse({ description: 'A person, department or cohort that does not exist or is outside the caller’s departments.' })
  invite(@Body() body: InviteStaffDto, @CurrentScope() scope: StaffScope, @Ip() ip: string): Promise<InviteStaffResult> {
    if (!body.staffIds && !body.departmentId && !body.cohortId) {
      throw new FieldValidationException([{ field: 'staffIds', message: 'staffIds, departmentId or cohortId must be given' }]);
    }
    return this.invitations.invite(scope, body, ip);
  }

  /** For someone who cannot sign in yet: the page a reminder links to. Same answer for everyone. */
  @Public()
  @SkipCsrf()
  @Post('auth/invitation/request')
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'The same answer whoever is named; an invitation is queued only for an active person with no account.' })
  @ApiTooManyRequestsResponse({ description: 'Too many requests from this address.' })
  async ask(@Body() body: AskForInvitationDto, @Ip() ip: string): Promise<AskForInvitationAnswer> {
    await this.invitations.ask(body.emailOrEmployeeId, ip);
    return { message: ASK_FOR_INVITATION_ANSWER };
  }
}
