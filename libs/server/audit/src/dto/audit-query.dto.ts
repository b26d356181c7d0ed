import { PageQueryDto } from '@equip/server/http';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

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

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be a date such as 2026-11-01' })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be a date such as 2026-11-30' })
  to?: string;



  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}
