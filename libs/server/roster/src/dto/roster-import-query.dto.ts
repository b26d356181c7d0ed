import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { QueryInteger } from '@equip/server/http';
import { ROSTER_IMPORT_MODES, type RosterImportMode } from '@equip/shared/contracts';
import { IsIn, IsOptional } from 'class-validator';

/** The most people one import can be confirmed to deactivate (a large state's whole workforce, and then some). */
export const MAX_CONFIRM_DEACTIVATE = 10_000_000;

/** `?dryRun=true|false`, required: a full roster deactivates whoever is missing, so say which you mean. */
export class RosterImportQueryDto {
  @ApiProperty({
    enum: ['true', 'false'],
    description: 'true: check the file and report what would change, writing nothing. false: import it.',
  })
  @IsIn(['true', 'false'], { message: 'dryRun must be true or false' })
  dryRun!: 'true' | 'false';

  @ApiPropertyOptional({
    enum: ROSTER_IMPORT_MODES,
    description: 'full (the default): whoever is missing from the file is deactivated. changes-only: only the people it lists as inactive are.',
  })
  @IsOptional()
  @IsIn(ROSTER_IMPORT_MODES, { message: `mode must be ${ROSTER_IMPORT_MODES.join(' or ')}` })
  mode?: RosterImportMode;

  /**
   * The number of people the import deactivates, typed back from the dry run; needed when that is
   * more than the threshold the dry run shows (`confirmation`), and refused when it is not the plan's number.
   */
  @IsOptional()
  @QueryInteger(0, MAX_CONFIRM_DEACTIVATE)
  confirmDeactivate?: number;
}
