import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

/** `?dryRun=true|false`, required: a full roster deactivates whoever is missing, so say which you mean. */
export class RosterImportQueryDto {
  @ApiProperty({
    enum: ['true', 'false'],
    description: 'true: check the file and report what would change, writing nothing. false: import it.',
  })
  @IsIn(['true', 'false'], { message: 'dryRun must be true or false' })
  dryRun!: 'true' | 'false';
}
