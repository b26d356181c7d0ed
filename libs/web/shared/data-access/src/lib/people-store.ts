import { Injectable, inject } from '@angular/core';
import type { StaffQuery } from '@equip/shared/contracts';
import { latestRequest } from './latest-request';
import { OrganisationApi } from './organisation-api';

/** How many people a page of the people list shows. */
export const PEOPLE_PAGE_SIZE = 25;

/**
 * The people list: the departments to filter by and the current page of staff, paged and filtered
 * on the server. Provide it on the page that uses it.
 */
@Injectable()
export class PeopleStore {
  private readonly api = inject(OrganisationApi);

  readonly departments = latestRequest((_: void) => this.api.departments());
  readonly people = latestRequest((query: StaffQuery) => this.api.staff({ pageSize: PEOPLE_PAGE_SIZE, ...query }));

  loadDepartments(): void {
    this.departments.load();
  }

  search(query: StaffQuery): void {
    this.people.load(query);
  }
}
