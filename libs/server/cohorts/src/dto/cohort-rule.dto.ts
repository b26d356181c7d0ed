import { COHORT_KINDS, MANAGER_SCOPES, type CohortKind, type CohortRule, type CohortRulePreviewRequest, type CreateCohortRequest, type ManagerScope, type UpdateCohortRequest } from '@equip/shared/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsBoolean, IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateIf, ValidateNested,
} from 'class-validator';

export class CohortRuleDto implements CohortRule {
  @IsOptional() @ArrayMaxSize(100) @IsUUID('all', { each: true, message: 'departmentIds must be department ids' })
  departmentIds?: string[];

  @IsOptional() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(200, { each: true })
  jobClasses?: string[];

  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  jobTitleContains?: string;

  @IsOptional() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(200, { each: true })
  workLocations?: string[];

  @IsOptional() @IsDateString({ strict: true }, { message: 'hiredAfter must be a date (YYYY-MM-DD)' })
  hiredAfter?: string;

  @IsOptional() @IsDateString({ strict: true }, { message: 'hiredBefore must be a date (YYYY-MM-DD)' })
  hiredBefore?: string;

  @IsOptional() @IsInt() @Min(1) @Max(36500)
  hiredWithinDays?: number;

  @IsOptional() @IsUUID('all', { message: 'managerId must be a staff id' })
  managerId?: string;

  @IsOptional() @IsIn(MANAGER_SCOPES)
  managerScope?: ManagerScope;

  @IsOptional() @IsBoolean()
  activeOnly?: boolean;
}

export class CreateCohortDto implements CreateCohortRequest {
  @IsString() @MinLength(1) @MaxLength(200)
  name!: string;

  @IsOptional() @IsString() @MaxLength(2000)
  description?: string | null;

  @ValidateIf((_o, v) => v !== null) @IsUUID('all', { message: 'departmentId must be a department id or null' })
  departmentId!: string | null;

  @IsIn(COHORT_KINDS)
  kind!: CohortKind;

  @ValidateIf((o: CreateCohortDto) => o.kind === 'rule' || o.rule !== undefined)
  @ValidateNested() @Type(() => CohortRuleDto)
  rule?: CohortRuleDto;
}

export class UpdateCohortDto implements UpdateCohortRequest {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  @IsOptional() @IsString() @MaxLength(2000)
  description?: string | null;

  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsUUID('all', { message: 'departmentId must be a department id or null' })
  departmentId?: string | null;

  @IsOptional() @ValidateNested() @Type(() => CohortRuleDto)
  rule?: CohortRuleDto;
}

export class PreviewRuleDto implements CohortRulePreviewRequest {
  @ValidateIf((_o, v) => v !== null) @IsUUID('all', { message: 'departmentId must be a department id or null' })
  departmentId!: string | null;

  @ValidateNested() @Type(() => CohortRuleDto)
  rule!: CohortRuleDto;

  @IsOptional() @IsInt() @Min(1) @Max(200)
  pageSize?: number;
}
