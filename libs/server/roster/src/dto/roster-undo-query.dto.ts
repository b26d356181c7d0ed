import { ApiProperty } from '@nestjs/swagger';
import { QueryInteger } from '@equip/server/http';
import { IsIn, IsOptional } from 'class-validator';
import { MAX_CONFIRM_DEACTIVATE } from './roster-import-query.dto';

/** `POST /api/roster/imports/:id/undo?dryRun=true|false[&confirmDeactivate=N]`: previewed and confirmed like an import. */
export class RosterUndoQueryDto {
  @ApiProperty({
    enum: ['true', 'false'],
    description: 'true: report what undoing the import would change, writing nothing. false: undo it.',
  })
  @IsIn(['true', 'false'], { message: 'dryRun must be true or false' })
  dryRun!: 'true' | 'false';

  /** The number of people the undo deactivates (those the import added), typed back from its preview when above the threshold. */
  @IsOptional()
  @QueryInteger(0, MAX_CONFIRM_DEACTIVATE)
  confirmDeactivate?: number;
}
