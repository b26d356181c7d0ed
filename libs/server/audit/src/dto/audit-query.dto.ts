import { IsCalendarDate, PageQueryDto } from '@equip/server/http';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class AuditQueryDto extends PageQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @IsOptional()
  @IsUUID('all', { message: 'actorId must be a staff id' })
  actorId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  subjectType?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  subjectId?: string;

  /** The first day whose events are included. */
  @IsOptional()
  @IsCalendarDate({ message: 'from must be a date such as 2026-11-01' })
  from?: string;

  /** The last day whose events are included. */
  @IsOptional()
  @IsCalendarDate({ message: 'to must be a date such as 2026-11-30' })
  to?: string;

  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}
