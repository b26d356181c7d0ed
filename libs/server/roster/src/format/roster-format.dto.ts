import { RequiredText } from '@equip/server/http';
import { ROSTER_COLUMNS, ROSTER_DATE_ORDERS, type RosterColumn, type RosterColumnName, type RosterDateOrder, type RosterFileFormat } from '@equip/shared/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, ValidateNested } from 'class-validator';

/** The most saved names: every roster column a few times over. */
export const MAX_COLUMN_NAMES = 100;

export class RosterColumnNameDto implements RosterColumnName {
  /** The header as the city's export writes it; compared without regard to case, spaces and punctuation. */
  @RequiredText(200)
  header!: string;

  @ApiProperty({ enum: ROSTER_COLUMNS })
  @IsIn(ROSTER_COLUMNS, { message: `column must be one of ${ROSTER_COLUMNS.join(', ')}` })
  column!: RosterColumn;
}

export class RosterFileFormatDto implements RosterFileFormat {
  @ApiProperty({ enum: ROSTER_DATE_ORDERS, description: 'How 3/4/2019 is read: month-first is March 4, day-first is April 3.' })
  @IsIn(ROSTER_DATE_ORDERS, { message: 'dateOrder must be month-first or day-first' })
  dateOrder!: RosterDateOrder;

  @ApiProperty({ type: () => [RosterColumnNameDto], maxItems: MAX_COLUMN_NAMES })
  @IsDefined({ message: 'columnNames is required (an empty list is fine)' })
  @IsArray({ message: 'columnNames must be a list' })
  @ArrayMaxSize(MAX_COLUMN_NAMES, { message: `columnNames may hold at most ${MAX_COLUMN_NAMES} names` })
  @ValidateNested({ each: true })
  @Type(() => RosterColumnNameDto)
  columnNames!: RosterColumnNameDto[];
}
