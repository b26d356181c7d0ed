import { Body, Controller, Get, Ip, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@equip/server/http';
import type { RosterFileFormatView, SessionUser } from '@equip/shared/contracts';
import { RosterFileFormatDto } from './roster-format.dto';
import { RosterFormatService } from './roster-format.service';

/** The city's roster file format: its own names for roster columns and its date order. */
@ApiTags('roster')
@Controller('roster/format')
export class RosterFormatController {
  constructor(private readonly formats: RosterFormatService) {}

  @Get()
  @Roles('rase_admin')
  @ApiOkResponse({ description: 'The saved format, or the default (no names of its own, dates month first) with updatedAt null.' })
  @ApiUnauthorizedResponse({ description: 'Not signed in.' })
  @ApiForbiddenResponse({ description: 'Only RASE administrators see the roster format.' })
  current(): Promise<RosterFileFormatView> {
    return this.formats.current();
  }

  @Put()
  @Roles('rase_admin')
  @ApiOkResponse({ description: 'Saved (audited as roster.format_changed); the next import reads files this way.' })
  @ApiBadRequestResponse({ description: 'A bad dateOrder, or a column name that is empty, repeated, or another column’s own name (field columnNames.i.header).' })
  @ApiUnauthorizedResponse({ description: 'Not signed in.' })
  @ApiForbiddenResponse({ description: 'Only RASE administrators change the roster format.' })
  save(@Body() body: RosterFileFormatDto, @CurrentUser() user: SessionUser, @Ip() ip: string): Promise<RosterFileFormatView> {
    return this.formats.save(body, user.id, ip);
  }
}
