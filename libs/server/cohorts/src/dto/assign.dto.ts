import type { AssignRequest, AssignToPersonRequest, ExemptRequest } from '@equip/shared/contracts';
import { Type } from 'class-transformer';
import { IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateIf, ValidateNested } from 'class-validator';

export class DueRuleDto {
  @IsIn(['absolute', 'after_hire', 'after_joining'])
  kind!: 'absolute' | 'after_hire' | 'after_joining';

  @ValidateIf((o: DueRuleDto) => o.kind === 'absolute')
  @IsDateString({}, { message: 'due.dueAt must be a date-time' })
  dueAt?: string;

  @ValidateIf((o: DueRuleDto) => o.kind !== 'absolute')
  @IsInt({ message: 'due.days must be a whole number of days' }) @Min(0) @Max(3650)
  days?: number;
}

export class AssignDto implements AssignRequest {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  courseSlug?: string;

  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  trackSlug?: string;

  @IsOptional() @IsDateString({ strict: true }, { message: 'startsOn must be a date (YYYY-MM-DD)' })
  startsOn?: string;

  @ValidateNested() @Type(() => DueRuleDto)
  due!: DueRuleDto & AssignRequest['due'];

  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsInt() @Min(1) @Max(60)
  recurrenceMonths?: number | null;
}

export class AssignToPersonDto extends AssignDto implements AssignToPersonRequest {
  @IsUUID('all', { message: 'staffId must be a staff id' })
  staffId!: string;
}

export class ExemptDto implements ExemptRequest {
  @IsString() @MinLength(1, { message: 'reason is required' }) @MaxLength(500)
  reason!: string;
}
