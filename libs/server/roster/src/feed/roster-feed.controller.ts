import { Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, IdParam, PageQueryDto, Roles } from '@equip/server/http';
import type { Page, RosterFeedFile, SessionUser } from '@equip/shared/contracts';
import type { Request, Response } from 'express';
import { RosterUndoQueryDto } from '../dto/roster-undo-query.dto';
import { sendRosterResult } from '../roster.controller';
import { RosterFeedService } from './roster-feed.service';

/** The scheduled feed's files: listed, and a held one applied or discarded by a RASE administrator. */
@ApiTags('roster')
@Controller('roster/feed-files')
export class RosterFeedController {
  constructor(private readonly feed: RosterFeedService) {}

  @Get()
  @Roles('rase_admin')
  @ApiOkResponse({ description: 'The files the nightly feed picked up, newest first, each with what became of it and why.' })
  @ApiUnauthorizedResponse({ description: 'Not signed in.' })
  @ApiForbiddenResponse({ description: 'Only RASE administrators see the roster feed.' })
  list(@Query() query: PageQueryDto): Promise<Page<RosterFeedFile>> {
    return this.feed.list(query.page ?? 1, query.pageSize ?? 20);
  }

  @Post(':id/apply')
  @Roles('rase_admin')
  @ApiOkResponse({ description: 'What applying the held file changed (or, for a dry run, would): the same import as an upload, with the administrator as its actor.' })
  @ApiUnprocessableEntityResponse({
    description: 'The file now has problems, or it deactivates more than the threshold and `confirmDeactivate` is not that number; nothing was written and the file stays held.',
  })
  @ApiBadRequestResponse({ description: 'A bad `dryRun` or `confirmDeactivate`.' })
  @ApiNotFoundResponse({ description: 'No such feed file.' })
  @ApiConflictResponse({ description: 'The file is not held (applied, refused or discarded already), or another import is running.' })
  @ApiForbiddenResponse({ description: 'Only RASE administrators apply roster feed files.' })
  async apply(
    @IdParam('id') id: string,
    @Query() query: RosterUndoQueryDto,
    @CurrentUser() user: SessionUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const outcome = await this.feed.apply(id, { dryRun: query.dryRun === 'true', actorId: user.id, confirmDeactivate: query.confirmDeactivate });
    sendRosterResult(outcome.result, req, res);
  }

  @Post(':id/discard')
  @Roles('rase_admin')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Discarded: nothing from it is imported (audited as roster.feed-file-discarded).' })
  @ApiNotFoundResponse({ description: 'No such feed file.' })
  @ApiConflictResponse({ description: 'The file is not held.' })
  @ApiForbiddenResponse({ description: 'Only RASE administrators discard roster feed files.' })
  discard(@IdParam('id') id: string, @CurrentUser() user: SessionUser): Promise<void> {
    return this.feed.discard(id, user.id);
  }
}
