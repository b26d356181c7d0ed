import type { GrantAttemptsRequest } from '@equip/shared/contracts';
import { IsInt, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export class GrantAttemptsDto implements GrantAttemptsRequest {
  @IsUUID('all', { message: 'staffId must be a staff id' })
  staffId!: string;

  @MaxLength(200) @Matches(SLUG, { message: 'courseSlug must be a course slug' })
  courseSlug!: string;

  @MaxLength(200) @Matches(SLUG, { message: 'lessonSlug must be a lesson slug' })
  lessonSlug!: string;

  @IsInt({ message: 'extraAttempts must be a whole number' })
  @Min(1, { message: 'extraAttempts must be at least 1' })
  @Max(5, { message: 'extraAttempts must be at most 5' })
  extraAttempts!: number;
}
