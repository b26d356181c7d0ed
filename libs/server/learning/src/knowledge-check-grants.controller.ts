import { Body, Controller, Get, Ip, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentScope, Roles } from '@equip/server/http';
import type { GrantAttemptsResult, MoreAttemptsRequestRow } from '@equip/shared/contracts';
import type { StaffScope } from '@equip/shared/domain';
import { GrantAttemptsDto } from './dto/grant-attempts.dto';
import { KnowledgeCheckGrantsService } from './knowledge-check-grants.service';

/** More attempts at knowledge checks: equity leads (people in their departments) and RASE administrators. */
@ApiTags('learning')
@Controller()
@Roles('rase_admin', 'equity_lead')
export class KnowledgeCheckGrantsController {
  constructor(private readonly grants: KnowledgeCheckGrantsService) {}

  @Get('knowledge-check-requests')
  @ApiOkResponse({ description: 'People in the caller’s scope who asked for more attempts and are still waiting, oldest first.' })
  requests(@CurrentScope() scope: StaffScope): Promise<MoreAttemptsRequestRow[]> {
    return this.grants.requests(scope);
  }

  @Post('knowledge-check-grants')
  @ApiCreatedResponse({ description: 'More attempts granted (audited); the person can attempt the check again.' })
  @ApiNotFoundResponse({ description: 'No such person in the caller’s scope.' })
  grant(@CurrentScope() scope: StaffScope, @Body() body: GrantAttemptsDto, @Ip() ip: string): Promise<GrantAttemptsResult> {
    return this.grants.grant(scope, body, ip);
  }
}
