import type { SubmitAttemptRequest } from '@equip/shared/contracts';
import { IsObject } from 'class-validator';

/** Each answer is checked against the knowledge check itself (answers.<questionId>) by the service. */
export class SubmitAttemptDto implements SubmitAttemptRequest {
  @IsObject({ message: 'answers must map each question id to the chosen option ids' })
  answers!: Record<string, string[]>;
}
