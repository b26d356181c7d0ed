import { Controller, HttpCode, Ip, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentScope, Roles } from '@equip/server/http';
import type { EndSessionsResult } from '@equip/shared/contracts';
import type { StaffScope } from '@equip/shared/domain';
import { AuthService } from './auth.service';

const uuid = new ParseUUIDPipe({ version: undefined, errorHttpStatusCode: 404 });

@ApiTags('staff')
@Controller('staff')
export class SessionsController {
  constructor(private readonly auth: AuthService) {}

  @Post(':staffId/sessions/end')
  @Roles('rase_admin')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Every session of the person is ended and every one-time link they hold spent; audited. The counts say how many.' })
  @ApiNotFoundResponse({ description: 'No such staff member.' })
  endSessions(@CurrentScope() scope: StaffScope, @Param('staffId', uuid) staffId: string, @Ip() ip: string): Promise<EndSessionsResult> {
    return this.auth.endSessionsOf(scope, staffId, ip);
  }
}
