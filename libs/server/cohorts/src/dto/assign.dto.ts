import { IsCalendarDate, NestedObject, Omittable, RequiredText } from '@equip/server/http';
import { type AssignRequest, type AssignToPersonRequest, type DueRule, type ExemptRequest, type ExtendRequest, type RuleChangePreviewRequest, type RuleChangeRequest, type WithdrawRequest } from '@equip/shared/contracts';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';

type Absolute = Extract<DueRule, { kind: 'absolute' }>;

export class DueRuleDto {
  @IsIn(['absolute', 'after_hire', 'after_joining'])
  kind!: DueRule['kind'];

  /** With `absolute`: the due day (YYYY-MM-DD) in the city's time zone; due at the end of that day there. */
  @ValidateIf((o: DueRuleDto) => o.kind === 'absolute')
  @IsCalendarDate()
  dueOn?: Absolute['dueOn'];

  /** With `after_hire` or `after_joining`: days after that date. */
  @ValidateIf((o: DueRuleDto) => o.kind !== 'absolute')
  @IsInt({ message: 'days must be a whole number of days' }) @Min(0) @Max(3650)
  days?: number;
}

export class AssignDto implements AssignRequest {
  @Omittable() @MaxLength(200) @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'courseSlug must be a course slug' })
  courseSlug?: string;

  @Omittable() @MaxLength(200) @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'trackSlug must be a track slug' })
  trackSlug?: string;

  /** The first day the assignment is open; today when left out. */
  @Omittable() @IsCalendarDate()
  startsOn?: string;

  @NestedObject(() => DueRuleDto)
  due!: DueRuleDto & AssignRequest['due'];

  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsInt() @Min(1) @Max(60)
  recurrenceMonths?: number | null;
}

export class AssignToPersonDto extends AssignDto implements AssignToPersonRequest {
  @IsUUID('all', { message: 'staffId must be a staff id' })
  staffId!: string;
}

export class ExemptDto implements ExemptRequest {
  @RequiredText(500)
  reason!: string;
}

export class ExtendDto implements ExtendRequest {
  /** The new due day (YYYY-MM-DD, a city day): later than the current one. */
  @IsCalendarDate()
  dueOn!: string;

  @RequiredText(500)
  reason!: string;
}

export class RuleChangePreviewDto implements RuleChangePreviewRequest {
  @NestedObject(() => DueRuleDto)
  due!: DueRuleDto & RuleChangePreviewRequest['due'];

  /** Months between cycles; null or left out for once. */
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsInt() @Min(1) @Max(60)
  recurrenceMonths?: number | null;
}

export class RuleChangeDto extends RuleChangePreviewDto implements RuleChangeRequest {
  /** The number of people the preview showed: the change is refused (409) when it changed since. */
  @IsInt({ message: 'people must be a whole number' }) @Min(0) @Max(10_000_000)
  people!: number;
}

export class WithdrawDto implements WithdrawRequest {
  /** The number of people the preview showed: the withdrawal is refused (409) when it changed since. */
  @IsInt({ message: 'people must be a whole number' }) @Min(0) @Max(10_000_000)
  people!: number;
}
