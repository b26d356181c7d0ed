import { Injectable, inject } from '@angular/core';
import { OrganisationApi, latestRequest } from '@equip/web/shared/data-access';

/** The department tree the caller may see. Provide it on the page. */
@Injectable()
export class DepartmentsStore {
  private readonly api = inject(OrganisationApi);

  readonly departments = latestRequest((_: void) => this.api.departments());

  load(): void {
    this.departments.load();
  }
}
