import { Controller, Get, Inject, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { csvLine } from '@equip/server/audit';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { AllowLongUpload, CurrentUser, IdParam, PageQueryDto, problemFor, Roles, streamCsv } from '@equip/server/http';
import { CohortMembershipService } from '@equip/server/cohorts';
import { ROSTER_COLUMNS, type Page, type RosterImportRecord, type RosterImportResult, type RosterProblem, type SessionUser } from '@equip/shared/contracts';
import { cityDay } from '@equip/shared/domain';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { RosterImportQueryDto } from './dto/roster-import-query.dto';
import { RosterUndoQueryDto } from './dto/roster-undo-query.dto';
import type { RosterChangeLine } from './imports/roster-import-record.repository';
import { RosterService } from './roster.service';
import { checkRosterUpload, MAX_ROSTER_UPLOAD_BYTES, slices, type UploadedRoster } from './upload';

@ApiTags('roster')
@Controller('roster')
export class RosterController {
  constructor(
    private readonly roster: RosterService,
    private readonly cohorts: CohortMembershipService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
    description:
      'The file has problems, each with its line and column (`problems`), or the import would deactivate the administrator running it or the last RASE administrator, ' +
      'or it deactivates more than the threshold and `confirmDeactivate` is not that number; nothing was written. Body: problem details and the RosterImportResult.',
  })
  @ApiBadRequestResponse({ description: 'No file, or a file that is not CSV text (field `file`), or a bad `dryRun`, `mode` or `confirmDeactivate`.' })
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
    const outcome = await this.roster.importRoster(slices(file.buffer), {
      dryRun: query.dryRun === 'true',
      actorId: user.id,
      via: 'upload',
      fileName: file.originalname,
      sha256: createHash('sha256').update(file.buffer).digest('hex'),
      mode: query.mode ?? 'full',
      confirmDeactivate: query.confirmDeactivate,
    });
    await this.answer(outcome.result, outcome.staffToReevaluate, req, res);
  }

  @Get('imports')
  @Roles('rase_admin')
  @ApiOkResponse({ description: 'Every real import and undo, applied or refused, newest first.' })
  @ApiUnauthorizedResponse({ description: 'Not signed in.' })
  @ApiForbiddenResponse({ description: 'Only RASE administrators see the roster imports.' })
  list(@Query() query: PageQueryDto): Promise<Page<RosterImportRecord>> {
    return this.roster.imports(query.page ?? 1, query.pageSize ?? 20);
  }

  @Get('imports/:id')
  @Roles('rase_admin')
  @ApiOkResponse({ description: 'One import as recorded.' })
  @ApiNotFoundResponse({ description: 'No such import.' })
  @ApiForbiddenResponse({ description: 'Only RASE administrators see the roster imports.' })
  find(@IdParam('id') id: string): Promise<RosterImportRecord> {
    return this.roster.findImport(id);
  }

  @Get('imports/:id/changes.csv')
  @Roles('rase_admin')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'What the import changed, one line per person and field changed: line, employee_id, name, change, field, before, after.' })
  @ApiNotFoundResponse({ description: 'No such import.' })
  @ApiForbiddenResponse({ description: 'Only RASE administrators see the roster imports.' })
  async changes(@IdParam('id') id: string, @Res() res: Response): Promise<void> {
    const record = await this.roster.findImport(id);
    // Named for the city's day of the import, like every date a person sees.
    await streamCsv(res, `roster-import-${cityDay(new Date(record.at), this.config.cityTimeZone)}-changes.csv`, CHANGES_CSV_HEADER, changeCsv(this.roster.importChanges(id)));
  }

  @Post('imports/:id/undo')
  @Roles('rase_admin')
  @ApiOkResponse({ description: 'What undoing the import changed (or, for a dry run, would): the people it changed put back, the people it added deactivated.' })
  @ApiUnprocessableEntityResponse({
    description: 'The undo would deactivate the administrator running it or the last RASE administrator, or needs `confirmDeactivate`; nothing was written.',
  })
  @ApiBadRequestResponse({ description: 'A bad `dryRun` or `confirmDeactivate`.' })
  @ApiNotFoundResponse({ description: 'No such import.' })
  @ApiConflictResponse({ description: 'The import was refused or already undone, a later import or an edit changed its people since, or another import is running.' })
  @ApiForbiddenResponse({ description: 'Only RASE administrators undo roster imports.' })
  async undo(
    @IdParam('id') id: string,
    @Query() query: RosterUndoQueryDto,
    @CurrentUser() user: SessionUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const outcome = await this.roster.undoImport(id, {
      dryRun: query.dryRun === 'true',
      actorId: user.id,
      via: 'upload',
      confirmDeactivate: query.confirmDeactivate,
    });
    await this.answer(outcome.result, outcome.staffToReevaluate, req, res);
  }

  /** 200 with the result, or 422: problem details that also carry the whole result, problems by line and column. */
  private async answer(result: RosterImportResult, staffToReevaluate: string[], req: Request, res: Response): Promise<void> {
    // Rule cohorts follow the roster: recomputed for the people whose placement changed, once
    // the import has committed (a failure here leaves the import in place; the next import or
    // an edit of the cohort recomputes it).
    if (result.problems.length === 0 && staffToReevaluate.length > 0) await this.cohorts.reevaluate(staffToReevaluate);
    sendRosterResult(result, req, res);
  }
}

/**
 * 200 with the result, or 422: problem details that also carry the whole result, problems by line
 * and column. Every import answers this way (an upload, an undo, a feed file applied).
 */
export function sendRosterResult(result: RosterImportResult, req: Request, res: Response): void {
  if (result.problems.length === 0) {
    // The staff it added were invited in the import's transaction (`result.invitations`); the worker mails them.
    res.status(200).json(result);
    return;
  }
  const errors = result.problems.map((p) => ({ field: problemField(p, result), message: p.message }));
  const count = result.problems.length + (result.omittedProblems ?? 0);
  const title = unconfirmed(result)
    ? 'The import needs the number of people it deactivates confirmed; nothing was imported.'
    : `The roster has ${count} ${count === 1 ? 'problem' : 'problems'}; nothing was imported.`;
  const body: ReturnType<typeof problemFor> & RosterImportResult = {
    ...problemFor(422, title, errors),
    instance: req.originalUrl,
    ...result,
  };
  res.status(422).type('application/problem+json').send(JSON.stringify(body));
}

const CHANGES_CSV_HEADER = csvLine(['line', 'employee_id', 'name', 'change', 'field', 'before', 'after']);

async function* changeCsv(batches: AsyncIterable<RosterChangeLine[]>): AsyncGenerator<string> {
  for await (const batch of batches) {
    yield batch.map((c) => csvLine([c.line === 0 ? '' : c.line, c.employeeId, c.name, c.change, c.field, c.before, c.after])).join('');
  }
}

/** A real import refused only for want of the typed number: its one problem is about `confirmDeactivate`. */
function unconfirmed(result: RosterImportResult): boolean {
  return result.confirmation?.refused === true;
}

/** The field a problem names: its line and column, or `confirmDeactivate`, or the file as a whole (someone it leaves out). */
function problemField(p: RosterProblem, result: RosterImportResult): string {
  if (p.line === 0 && p.column === null) return unconfirmed(result) ? 'confirmDeactivate' : 'file';
  return p.column ? `line ${p.line}, ${p.column}` : `line ${p.line}`;
}
