import { Controller, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AllowLongUpload, CurrentUser, problemFor, Roles } from '@equip/server/http';
import { CohortMembershipService } from '@equip/server/cohorts';
import { ROSTER_COLUMNS, type RosterImportResult, type SessionUser } from '@equip/shared/contracts';
import type { Request, Response } from 'express';
import { RosterImportQueryDto } from './dto/roster-import-query.dto';
import { RosterService } from './roster.service';
import { checkRosterUpload, MAX_ROSTER_UPLOAD_BYTES, slices, type UploadedRoster } from './upload';

@ApiTags('roster')
@Controller('roster')
export class RosterController {
  constructor(
    private readonly roster: RosterService,
    private readonly cohorts: CohortMembershipService,
  ) {}

  @Post('imports')
  @Roles('rase_admin')
  @AllowLongUpload()
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_ROSTER_UPLOAD_BYTES, files: 1 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary', description: `CSV, UTF-8, header: ${ROSTER_COLUMNS.join(',')}` } },
    },
  })
  @ApiOkResponse({ description: 'What the import added, changed, deactivated and reactivated (or, for a dry run, would).' })
  @ApiUnprocessableEntityResponse({
    description: 'The file has problems, each with its line and column (`problems`); nothing was written. Body: problem details and the RosterImportResult.',
  })
  @ApiBadRequestResponse({ description: 'No file, or a file that is not CSV text (field `file`), or a bad `dryRun`.' })
  @ApiUnauthorizedResponse({ description: 'Not signed in.' })
  @ApiForbiddenResponse({ description: 'Only RASE administrators import the roster.' })
  @ApiConflictResponse({ description: 'Another roster import is running.' })
  @ApiPayloadTooLargeResponse({ description: `The file is larger than ${MAX_ROSTER_UPLOAD_BYTES / 1024 / 1024} MB.` })
  async importRoster(
    @Query() query: RosterImportQueryDto,
    @UploadedFile() upload: UploadedRoster | undefined,
    @CurrentUser() user: SessionUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const file = checkRosterUpload(upload);
    const { result, staffToReevaluate } = await this.roster.importRoster(slices(file.buffer), {
      dryRun: query.dryRun === 'true',
      actorId: user.id,
      via: 'upload',
      fileName: file.originalname,
    });
    if (result.problems.length === 0) {
      // Rule cohorts follow the roster: recomputed for the people whose placement changed, once
      // the import has committed (a failure here leaves the import in place; the next import or
      // an edit of the cohort recomputes it).
      if (staffToReevaluate.length > 0) await this.cohorts.reevaluate(staffToReevaluate);
      // The staff it added were invited in the import's transaction (`result.invitations`); the worker mails them.
      res.status(200).json(result);
      return;
    }
    // Problem details (like every error) that also carry the whole result, problems by line and column.
    const errors = result.problems.map((p) => ({ field: p.column ? `line ${p.line}, ${p.column}` : `line ${p.line}`, message: p.message }));
    const count = result.problems.length + (result.omittedProblems ?? 0);
    const body: ReturnType<typeof problemFor> & RosterImportResult = {
      ...problemFor(422, `The roster has ${count} ${count === 1 ? 'problem' : 'problems'}; nothing was imported.`, errors),
      instance: req.originalUrl,
      ...result,
    };
    res.status(422).type('application/problem+json').send(JSON.stringify(body));
  }
}
