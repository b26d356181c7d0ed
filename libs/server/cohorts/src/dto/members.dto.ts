import { IsCalendarDate, Omittable, PageQueryDto, RequiredText } from '@equip/server/http';
import {
  MEMBER_FILTERS, MEMBER_SORTS, type AddMembersRequest, type BulkExemptPreviewRequest, type BulkExemptRequest, type BulkExtendPreviewRequest, type BulkExtendRequest, type MemberFilter, type MembersQuery, type MemberSort, type NudgeRequest, type PasteMembersRequest,
} from '@equip/shared/contracts';
import { NUDGE_NOTE_MAX_LENGTH } from '@equip/shared/domain';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

export class StaffIdsDto implements AddMembersRequest {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(5000) @IsUUID('all', { each: true, message: 'staffIds must be staff ids' })
  staffIds!: string[];
}

export class PasteMembersDto implements PasteMembersRequest {
  @IsString() @MaxLength(500_000)
  text!: string;
}

export class MembersQueryDto extends PageQueryDto implements MembersQuery {
  @IsOptional() @IsIn(MEMBER_FILTERS)
  status?: MemberFilter;

  @IsOptional() @IsString() @MaxLength(100)
  search?: string;

  @IsOptional() @IsIn(MEMBER_SORTS)
  sort?: MemberSort;

  @IsOptional() @IsIn(['asc', 'desc'])
  direction?: 'asc' | 'desc';
}

export class NudgeDto implements NudgeRequest {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(5000) @IsUUID('all', { each: true, message: 'staffIds must be staff ids' })
  staffIds!: string[];

  @Omittable() @IsArray() @ArrayMaxSize(100) @IsUUID('all', { each: true, message: 'assignmentIds must be assignment ids' })
  assignmentIds?: string[];

  @IsOptional() @IsString({ message: 'note must be text' }) @MaxLength(NUDGE_NOTE_MAX_LENGTH, { message: `note must be at most ${NUDGE_NOTE_MAX_LENGTH} characters` })
  note?: string | null;
}

export class CohortQueryDto extends PageQueryDto {
  @IsOptional() @IsString() @MaxLength(100)
  search?: string;

  @IsOptional() @IsUUID('all', { message: 'departmentId must be a department id' })
  departmentId?: string;

  @IsOptional() @IsIn(['true', 'false'], { message: 'archived must be true or false' })
  archived?: 'true' | 'false';
}

export class BulkExemptPreviewDto implements BulkExemptPreviewRequest {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(5000) @IsUUID('all', { each: true, message: 'staffIds must be staff ids' })
  staffIds!: string[];

  @IsUUID('all', { message: 'cohortAssignmentId must be one of the cohort’s assignments' })
  cohortAssignmentId!: string;
}

export class BulkExemptDto extends BulkExemptPreviewDto implements BulkExemptRequest {
  @RequiredText(500)
  reason!: string;

  /** The preview's count: refused (409) when it changed since. */
  @IsInt({ message: 'count must be a whole number' }) @Min(1) @Max(5000)
  count!: number;
}

/** The most members one bulk extension takes: as many as a bulk exemption. */
export const BULK_EXTEND_MAX = 5000;

export class BulkExtendPreviewDto implements BulkExtendPreviewRequest {
  @IsArray({ message: 'staffIds must be a list of staff ids' })
  @ArrayMinSize(1, { message: 'staffIds must name at least one person' })
  @ArrayMaxSize(BULK_EXTEND_MAX, { message: `staffIds must name at most ${BULK_EXTEND_MAX} people` })
  @IsUUID('all', { each: true, message: 'staffIds must be staff ids' })
  staffIds!: string[];

  @IsUUID('all', { message: 'cohortAssignmentId must be one of the cohort’s assignments' })
  cohortAssignmentId!: string;

  /** The new due day (YYYY-MM-DD, a city day): today or later. */
  @IsCalendarDate()
  dueOn!: string;
}

export class BulkExtendDto extends BulkExtendPreviewDto implements BulkExtendRequest {
  @RequiredText(500)
  reason!: string;

  /** The preview's `extending`: refused (409) when it changed since. */
  @IsInt({ message: 'count must be a whole number' }) @Min(1, { message: 'count must be at least 1' }) @Max(BULK_EXTEND_MAX)
  count!: number;
}
