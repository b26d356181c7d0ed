import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { Roles, streamCsv } from '@equip/server/http';
import type { AuditEventView, Page } from '@equip/shared/contracts';
import { cityDay } from '@equip/shared/domain';
import type { Response } from 'express';
import { AuditLogService } from './audit-log.service';
import { AUDIT_CSV_HEADER, auditCsvRows } from './csv';
import { AuditQueryDto } from './dto/audit-query.dto';

/** The audit log is read-only through the API: there is no route that edits or deletes an event. */
@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(
    private readonly log: AuditLogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Roles('rase_admin')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'Audit events in words, newest first; `format=csv` exports every matching event, one row per changed field.' })
  async list(@Query() query: AuditQueryDto, @Res({ passthrough: true }) res: Response): Promise<Page<AuditEventView> | void> {
    if (query.format !== 'csv') return this.log.find(query, query.page ?? 1, query.pageSize ?? 50);
    // Named for the city's day, like every other date a person sees.
    const day = cityDay(new Date(), this.config.cityTimeZone);
    await streamCsv(res, `equip-audit-${day}.csv`, AUDIT_CSV_HEADER, csvBatches(this.log.findAll(query)));
  }
}

async function* csvBatches(batches: AsyncIterable<AuditEventView[]>): AsyncGenerator<string> {
  for await (const batch of batches) yield batch.map(auditCsvRows).join('');
}
