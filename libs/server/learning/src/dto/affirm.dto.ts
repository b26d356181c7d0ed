import type { AffirmRequest } from '@equip/shared/contracts';
import { Equals } from 'class-validator';

export class AffirmDto implements AffirmRequest {
  @Equals(true, { message: 'affirm must be true' })
  affirm!: true;
}
