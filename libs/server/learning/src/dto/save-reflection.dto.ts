import type { SaveReflectionRequest } from '@equip/shared/contracts';
import { IsString, MaxLength } from 'class-validator';

export class SaveReflectionDto implements SaveReflectionRequest {
  @IsString({ message: 'text must be text' })
  @MaxLength(20_000, { message: 'text must be at most 20,000 characters' })
  text!: string;
}
