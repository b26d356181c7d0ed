import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles, streamCsv } from '@equip/server/http';
import type { AuditEventView, Page } from '@equip/shared/contracts';
import type { Response } from 'express';
import { AuditService } from './audit.service';
import { csvLine } from './csv';
import { AuditQueryDto } from './dto/audit-query.dto';

const CSV_HEADER = csvLine(['at', 'actor_id', 'actor_name', 'action', 'subject_type', 'subject_id', 'before', 'after', 'ip']);

/** The audit log is read-only through the API: there is no route that edits or deletes an event. */
@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('rase_admin')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'Audit events, newest first; `format=csv` exports every matching event.' })
  async list(@Query() query: AuditQueryDto, @Res({ passthrough: true }) res: Response): Promise<Page<AuditEventView> | void> {
    if (query.format !== 'csv') return this.audit.find(query, query.page ?? 1, query.pageSize ?? 50);
    await streamCsv(res, `equip-audit-${new Date().toISOString().slice(0, 10)}.csv`, CSV_HEADER, csvBatches(this.audit.findAll(query)));
  }
}

async function* csvBatches(batches: AsyncIterable<AuditEventView[]>): AsyncGenerator<string> {
  for await (const batch of batches) {
    yield batch
      .map((e) => csvLine([e.at, e.actor?.id, e.actor ? `${e.actor.firstName} ${e.actor.lastName}` : '', e.action, e.subjectType, e.subjectId, e.before, e.after, e.ip]))
      .join('');
  }
}
