import { IsCalendarDate, NestedObject, Omittable, RequiredText } from '@equip/server/http';
import { COHORT_KINDS, MANAGER_SCOPES, type CohortKind, type CohortRule, type CohortRulePreviewRequest, type CreateCohortRequest, type ManagerScope, type UpdateCohortRequest } from '@equip/shared/contracts';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';

export class CohortRuleDto implements CohortRule {
  @Omittable() @IsArray() @ArrayMaxSize(100) @IsUUID('all', { each: true, message: 'departmentIds must be department ids' })
  departmentIds?: string[];

  @Omittable() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(200, { each: true })
  jobClasses?: string[];

  @Omittable() @RequiredText(200)
  jobTitleContains?: string;

  @Omittable() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(200, { each: true })
  workLocations?: string[];

  @Omittable() @IsCalendarDate()
  hiredAfter?: string;

  @Omittable() @IsCalendarDate()
  hiredBefore?: string;

  @Omittable() @IsInt() @Min(1) @Max(36500)
  hiredWithinDays?: number;

  @Omittable() @IsUUID('all', { message: 'managerId must be a staff id' })
  managerId?: string;

  @Omittable() @IsIn(MANAGER_SCOPES)
  managerScope?: ManagerScope;

  @Omittable() @IsBoolean()
  activeOnly?: boolean;
}

export class CreateCohortDto implements CreateCohortRequest {
  @RequiredText(200)
  name!: string;

  @IsOptional() @IsString() @MaxLength(2000)
  description?: string | null;

  @ValidateIf((_o, v) => v !== null) @IsUUID('all', { message: 'departmentId must be a department id or null' })
  departmentId!: string | null;

  @IsIn(COHORT_KINDS)
  kind!: CohortKind;

  /** Required for a rule cohort; who it selects, re-evaluated when the roster changes. */
  @ValidateIf((o: CreateCohortDto) => o.kind === 'rule' || o.rule !== undefined)
  @NestedObject(() => CohortRuleDto)
  rule?: CohortRuleDto;
}

export class UpdateCohortDto implements UpdateCohortRequest {
  @Omittable() @RequiredText(200)
  name?: string;

  @IsOptional() @IsString() @MaxLength(2000)
  description?: string | null;

  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsUUID('all', { message: 'departmentId must be a department id or null' })
  departmentId?: string | null;

  @NestedObject(() => CohortRuleDto, { optional: true })
  rule?: CohortRuleDto;
}

export class PreviewRuleDto implements CohortRulePreviewRequest {
  @ValidateIf((_o, v) => v !== null) @IsUUID('all', { message: 'departmentId must be a department id or null' })
  departmentId!: string | null;

  @NestedObject(() => CohortRuleDto)
  rule!: CohortRuleDto;

  @Omittable() @IsInt() @Min(1) @Max(200)
  pageSize?: number;
}
