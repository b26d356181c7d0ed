import { PageQueryDto } from '@equip/server/http';
import type { StaffQuery } from '@equip/shared/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class StaffQueryDto extends PageQueryDto implements StaffQuery {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @IsOptional()
  @IsUUID('all', { message: 'departmentId must be a department id' })
  departmentId?: string;

  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}
