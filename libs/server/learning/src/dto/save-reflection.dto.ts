import type { SaveReflectionRequest } from '@equip/shared/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

/** A reflection completes its lesson, so one with no words is refused here, naming `text`. */
export class SaveReflectionDto implements SaveReflectionRequest {
  @IsString({ message: 'text must be text' })
  @Matches(/\S/, { message: 'Write something to complete this lesson' })
  @MaxLength(20_000, { message: 'text must be at most 20,000 characters' })
  @ApiProperty({ type: 'string', minLength: 1, maxLength: 20_000, pattern: '\\S', description: 'Must contain at least one character that is not a space.' })
  text!: string;
}
