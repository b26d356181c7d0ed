import { AUDIENCES, Audience } from '@equip/shared/contracts';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/** GET /api/catalog/courses?search=&audience=&competency=&tag= */
export class CatalogQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @IsOptional()
  @IsIn(AUDIENCES, { message: `audience must be one of ${AUDIENCES.join(', ')}` })
  audience?: Audience;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  competency?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  tag?: string;
}
