import type { ParamMap, Params } from '@angular/router';
import { MEMBER_FILTERS, MEMBER_SORTS, type MemberFilter, type MemberSort, type MembersQuery } from '@equip/shared/contracts';

/** How many members a page of the cohort page shows. */
export const MEMBERS_PAGE_SIZE = 50;

/** The members list's filters as they appear in the address bar, so a filtered list can be linked. */
export interface MembersFilters {
  status: MemberFilter | '';
  search: string;
  sort: MemberSort;
  direction: 'asc' | 'desc';
  page: number;
}

export const DEFAULT_MEMBERS_FILTERS: MembersFilters = { status: '', search: '', sort: 'name', direction: 'asc', page: 1 };

export function membersFiltersFromParams(params: ParamMap): MembersFilters {
  const status = params.get('status');
  const sort = params.get('sort');
  const page = Number(params.get('page'));
  return {
    status: (MEMBER_FILTERS as readonly string[]).includes(status ?? '') ? (status as MemberFilter) : '',
    search: params.get('search') ?? '',
    sort: (MEMBER_SORTS as readonly string[]).includes(sort ?? '') ? (sort as MemberSort) : 'name',
    direction: params.get('direction') === 'desc' ? 'desc' : 'asc',
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** Query parameters for the filters; defaults are left out (null removes them from the URL). */
export function membersFiltersToParams(filters: MembersFilters): Params {
  return {
    status: filters.status || null,
    search: filters.search.trim() || null,
    sort: filters.sort === 'name' ? null : filters.sort,
    direction: filters.direction === 'asc' ? null : filters.direction,
    page: filters.page > 1 ? filters.page : null,
  };
}

export function membersFiltersToQuery(filters: MembersFilters): MembersQuery {
  return {
    status: filters.status || undefined,
    search: filters.search.trim() || undefined,
    sort: filters.sort,
    direction: filters.direction,
    page: filters.page,
    pageSize: MEMBERS_PAGE_SIZE,
  };
}
