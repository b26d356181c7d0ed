import {
  DISAGGREGATION_DIMENSIONS, REPORT_PERSON_STATUSES, type CohortPeopleQuery, type DashboardQuery, type DisaggregationDimension, type DisaggregationQuery, type PeopleQuery,
  type RecordIndicatorRequest, type SubjectKey,
} from '@equip/shared/contracts';
import { IntersectionType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean, IsDateString, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUrl, IsUUID, Matches, Max, MaxLength, Min, ValidateIf,
} from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const SUBJECT = /^(course|track):[a-z0-9]+(-[a-z0-9]+)*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The dashboard filters (query string). */
export class DashboardQueryDto implements DashboardQuery {
  @IsOptional() @IsUUID('all', { message: 'departmentId must be a department id' })
  departmentId?: string;

  @IsOptional() @Matches(SUBJECT, { message: 'subject must be course:<slug> or track:<slug>' })
  subject?: SubjectKey;

  @IsOptional() @Matches(DATE, { message: 'from must be a date (YYYY-MM-DD)' }) @IsDateString({ strict: true }, { message: 'from must be a real date' })
  from?: string;

  @IsOptional() @Matches(DATE, { message: 'to must be a date (YYYY-MM-DD)' }) @IsDateString({ strict: true }, { message: 'to must be a real date' })
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

  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  page?: number;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  pageSize?: number;
}

/** A department's people: the dashboard filters and the list's own controls. */
export class PeopleQueryDto extends IntersectionType(DashboardQueryDto, CohortPeopleQueryDto) implements PeopleQuery {}

export class DisaggregationQueryDto implements DisaggregationQuery {
  @IsIn(DISAGGREGATION_DIMENSIONS, { message: `dimension must be one of ${DISAGGREGATION_DIMENSIONS.join(', ')}` })
  dimension!: DisaggregationDimension;

  @Matches(SUBJECT, { message: 'subject must be course:<slug> or track:<slug>' })
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
  value!: number | boolean;

  @Matches(DATE, { message: 'recordedOn must be a date (YYYY-MM-DD)' }) @IsDateString({ strict: true }, { message: 'recordedOn must be a real date' })
  recordedOn!: string;

  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'evidenceUrl must be an http(s) link' }) @MaxLength(2000)
  evidenceUrl!: string;

  @IsOptional() @IsString() @MaxLength(2000)
  note?: string | null;
}
