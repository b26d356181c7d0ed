import { IsOptional } from 'class-validator';
import { QueryInteger } from './validators';

export const MAX_PAGE_SIZE = 200;

/** The last page any list serves (an OFFSET of 200 million rows), so `page` never overflows the query. */
export const MAX_PAGE = 1_000_000;

/** `page` and `pageSize` query parameters of every paged list; extend it for a list's own filters. */
export class PageQueryDto {
  @IsOptional()
  @QueryInteger(1, MAX_PAGE)
  page?: number;

  @IsOptional()
  @QueryInteger(1, MAX_PAGE_SIZE)
  pageSize?: number;
}
