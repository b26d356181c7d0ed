import type { ParamMap, Params } from '@angular/router';
import type { StaffQuery } from '@equip/shared/contracts';

/** Which people the list shows; active staff unless asked otherwise. */
export type StaffStatusFilter = 'active' | 'inactive' | 'all';

/** The list's filters as they appear in the address bar, so a filtered page can be linked and bookmarked. */
export interface PeopleFilters {
  search: string;
  departmentId: string;
  status: StaffStatusFilter;
  page: number;
}

export function filtersFromParams(params: ParamMap): PeopleFilters {
  const status = params.get('status');
  const page = Number(params.get('page'));
  return {
    search: params.get('search') ?? '',
    departmentId: params.get('departmentId') ?? '',
    status: status === 'inactive' || status === 'all' ? status : 'active',
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** Query parameters for the filters; defaults are left out (null removes them from the URL). */
export function filtersToParams(filters: PeopleFilters): Params {
  return {
    search: filters.search.trim() || null,
    departmentId: filters.departmentId || null,
    status: filters.status === 'active' ? null : filters.status,
    page: filters.page > 1 ? filters.page : null,
  };
}

export function filtersToQuery(filters: PeopleFilters): StaffQuery {
  return {
    search: filters.search.trim() || undefined,
    departmentId: filters.departmentId || undefined,
    active: filters.status === 'all' ? undefined : filters.status === 'active',
    page: filters.page,
  };
}
