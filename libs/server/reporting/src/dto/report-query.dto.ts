import {
  DISAGGREGATION_DIMENSIONS, REPORT_FIGURES, REPORT_PERSON_STATUSES, type CohortPeopleQuery, type DashboardQuery, type DisaggregationDimension, type DisaggregationQuery, type PeopleQuery,
  type RecordIndicatorRequest, type ReportFigures, type SubjectKey,
} from '@equip/shared/contracts';
import { IsCalendarDate, MAX_PAGE, MAX_PAGE_SIZE, QueryInteger } from '@equip/server/http';
import { ApiProperty, IntersectionType, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNumber, IsOptional, IsString, IsUrl, IsUUID, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const SUBJECT = /^(course|track):[a-z0-9]+(-[a-z0-9]+)*$/;
/** `subject` as the OpenAPI document shows it (the plugin reads only a literal pattern). */
const SubjectProperty = () => ApiProperty({ type: 'string', pattern: SUBJECT.source, example: 'course:equity-basics' });

/** Which figures to answer with: the caller's own (as exact as they may see) or as published to viewers. */
export class FiguresQueryDto {
  @IsOptional() @IsIn(REPORT_FIGURES, { message: `figures must be one of ${REPORT_FIGURES.join(', ')}` })
  @ApiProperty({ enum: REPORT_FIGURES, required: false })
  figures?: ReportFigures;
}

/** The dashboard filters (query string). */
export class DashboardQueryDto extends FiguresQueryDto implements DashboardQuery {
  @IsOptional() @IsUUID('all', { message: 'departmentId must be a department id' })
  departmentId?: string;

  @IsOptional() @Matches(SUBJECT, { message: 'subject must be course:<slug> or track:<slug>' }) @SubjectProperty()
  subject?: SubjectKey;

  @IsOptional() @IsCalendarDate()
  from?: string;

  @IsOptional() @IsCalendarDate()
  to?: string;

  @IsOptional() @IsString() @MaxLength(200)
  jobClass?: string;

  @IsOptional() @IsString() @MaxLength(200)
  workLocation?: string;

  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'activeOnly must be true or false' })
  activeOnly?: boolean;
}

/** A person-level list's own controls: status, search and paging (a cohort's people take only these). */
export class CohortPeopleQueryDto implements CohortPeopleQuery {
  @IsOptional() @IsIn(REPORT_PERSON_STATUSES, { message: `status must be one of ${REPORT_PERSON_STATUSES.join(', ')}` })
  status?: (typeof REPORT_PERSON_STATUSES)[number];

  @IsOptional() @IsString() @MaxLength(100)
  search?: string;

  @IsOptional() @QueryInteger(1, MAX_PAGE)
  page?: number;

  @IsOptional() @QueryInteger(1, MAX_PAGE_SIZE)
  pageSize?: number;
}

/** A department's people: the dashboard filters and the list's own controls. */
export class PeopleQueryDto extends IntersectionType(OmitType(DashboardQueryDto, ['figures'] as const), CohortPeopleQueryDto) implements PeopleQuery {}

export class DisaggregationQueryDto extends FiguresQueryDto implements DisaggregationQuery {
  @IsIn(DISAGGREGATION_DIMENSIONS, { message: `dimension must be one of ${DISAGGREGATION_DIMENSIONS.join(', ')}` })
  dimension!: DisaggregationDimension;

  @Matches(SUBJECT, { message: 'subject must be course:<slug> or track:<slug>' }) @SubjectProperty()
  subject!: SubjectKey;

  @IsOptional() @IsUUID('all', { message: 'departmentId must be a department id' })
  departmentId?: string;

  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'activeOnly must be true or false' })
  activeOnly?: boolean;
}

export class RecordsQueryDto {
  @IsOptional() @IsUUID('all', { message: 'departmentId must be a department id' })
  departmentId?: string;
}

export class RecordIndicatorDto implements RecordIndicatorRequest {
  @IsUUID('all', { message: 'departmentId must be a department id' })
  departmentId!: string;

  @IsString() @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'indicator must be an indicator key' })
  indicator!: string;

  @ValidateIf((o: RecordIndicatorDto) => typeof o.value !== 'boolean')
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'value must be a number from 0 to 100, or true/false' })
  @Min(0, { message: 'value must be a number from 0 to 100, or true/false' })
  @Max(100, { message: 'value must be a number from 0 to 100, or true/false' })
  @ApiProperty({ oneOf: [{ type: 'number', minimum: 0, maximum: 100 }, { type: 'boolean' }] })
  value!: number | boolean;

  @IsCalendarDate()
  recordedOn!: string;

  // The column's CHECK reads the scheme in lower case; the URL validator accepts HTTPS:// too.
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'evidenceUrl must be an http(s) link' })
  @Matches(/^https?:\/\//, { message: 'evidenceUrl must be an http(s) link' })
  @MaxLength(2000)
  evidenceUrl!: string;

  @IsOptional() @IsString() @MaxLength(2000)
  note?: string | null;
}
