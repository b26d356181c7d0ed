import type { ParamMap } from '@angular/router';
import { type Page, REPORT_PERSON_STATUSES, type ReportPerson } from '@equip/shared/contracts';
import type { PeopleFilterValue } from './people-filters';
import type { PersonStatus } from './people-table';

/** A person-level list's status, search and page from the address bar; an unknown status reads as any. */
export function peopleFiltersFromParams(query: ParamMap): { value: PeopleFilterValue; page: number } {
  const status = query.get('status') ?? '';
  const known = (REPORT_PERSON_STATUSES as readonly string[]).includes(status) ? (status as PersonStatus) : '';
  const page = Number(query.get('page'));
  return { value: { status: known, search: query.get('search') ?? '' }, page: Number.isInteger(page) && page > 1 ? page : 1 };
}

/** The line a screen reader hears about a person-level list: loading, how many, or `none`. */
export function peopleStatusText(loading: boolean, page: Page<ReportPerson> | undefined, none: string): string {
  if (loading) return 'Loading people…';
  if (!page) return '';
  if (!page.total) return none;
  const first = (page.page - 1) * page.pageSize + 1;
  return `${page.total} ${page.total === 1 ? 'person' : 'people'} found. Showing ${first} to ${first + page.items.length - 1}.`;
}
