import { Body, Controller, Delete, Get, HttpCode, Ip, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentScope, IdParam, Roles } from '@equip/server/http';
import type { DepartmentNode, Page, RoleGrantView, StaffDetail, StaffSummary } from '@equip/shared/contracts';
import type { StaffScope } from '@equip/shared/domain';
import { GrantRoleDto } from './dto/grant-role.dto';
import { StaffQueryDto } from './dto/staff-query.dto';
import { OrganisationService } from './organisation.service';

@ApiTags('organization')
@Controller()
export class OrganisationController {
  constructor(private readonly organisation: OrganisationService) {}

  @Get('departments')
  @ApiOkResponse({ description: 'The departments the caller may see, parents before children.' })
  departments(@CurrentScope() scope: StaffScope): Promise<DepartmentNode[]> {
    return this.organisation.departments(scope);
  }

  @Get('staff')
  @Roles('rase_admin', 'equity_lead')
  @ApiOkResponse({ description: 'Staff in the caller’s scope, a page at a time.' })
  staff(@CurrentScope() scope: StaffScope, @Query() query: StaffQueryDto): Promise<Page<StaffSummary>> {
    return this.organisation.findStaff(scope, query);
  }

  @Get('staff/:staffId')
  @ApiOkResponse({ description: 'One staff member, with manager and role grants.' })
  @ApiNotFoundResponse({ description: 'No such staff member in the caller’s scope.' })
  staffDetail(@CurrentScope() scope: StaffScope, @IdParam('staffId') staffId: string): Promise<StaffDetail> {
    return this.organisation.staffDetail(scope, staffId);
  }

  @Post('staff/:staffId/grants')
  @Roles('rase_admin')
  @ApiCreatedResponse({ description: 'The role is granted and audited.' })
  grant(
    @CurrentScope() scope: StaffScope,
    @IdParam('staffId') staffId: string,
    @Body() body: GrantRoleDto,
    @Ip() ip: string,
  ): Promise<RoleGrantView> {
    return this.organisation.grantRole(scope, staffId, body, ip);
  }

  @Delete('staff/:staffId/grants/:grantId')
  @Roles('rase_admin')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The role is revoked and audited.' })
  revoke(
    @CurrentScope() scope: StaffScope,
    @IdParam('staffId') staffId: string,
    @IdParam('grantId') grantId: string,
    @Ip() ip: string,
  ): Promise<void> {
    return this.organisation.revokeRole(scope, staffId, grantId, ip);
  }
}
