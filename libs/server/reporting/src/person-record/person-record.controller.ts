import { Controller, Get, Header, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentScope, IdParam } from '@equip/server/http';
import type { PersonRecord } from '@equip/shared/contracts';
import type { StaffScope } from '@equip/shared/domain';
import { PersonRecordService, recordFileName } from './person-record.service';

const NOT_FOUND = 'No such staff member in the caller’s scope (the same answer for someone outside it as for no one).';

/** A person's record of learning: for themself, their equity leads and RASE administrators; as JSON, CSV and PDF. */
@ApiTags('organisation')
@Controller('staff/:staffId')
export class PersonRecordController {
  constructor(private readonly records: PersonRecordService) {}

  @Get('record')
  @ApiOkResponse({ description: 'Assignments (current and past), progress per course, knowledge-check attempts, exemptions, certificates, reminders and cohort memberships.' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  record(@CurrentScope() scope: StaffScope, @IdParam('staffId') staffId: string): Promise<PersonRecord> {
    return this.records.record(scope, staffId);
  }

  @Get('record.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async csv(@CurrentScope() scope: StaffScope, @IdParam('staffId') staffId: string): Promise<StreamableFile> {
    const record = await this.records.record(scope, staffId);
    const body = Buffer.from(this.records.toCsv(record), 'utf8');
    return new StreamableFile(body, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${recordFileName(record)}.csv"`, length: body.length });
  }

  @Get('record.pdf')
  @ApiProduces('application/pdf')
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async pdf(@CurrentScope() scope: StaffScope, @IdParam('staffId') staffId: string): Promise<StreamableFile> {
    const { pdf, fileName } = await this.records.pdf(scope, staffId);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `attachment; filename="${fileName}.pdf"`, length: pdf.length });
  }
}
