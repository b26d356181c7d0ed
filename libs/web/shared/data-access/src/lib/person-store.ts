import { Injectable, inject } from '@angular/core';
import { latestRequest } from './latest-request';
import { OrganisationApi } from './organisation-api';

/** One staff member's record (with manager and role grants), as the api shows it to the caller. Provide it on the page. */
@Injectable()
export class PersonStore {
  private readonly api = inject(OrganisationApi);

  readonly person = latestRequest((staffId: string) => this.api.staffMember(staffId));

  load(staffId: string): void {
    this.person.load(staffId);
  }

  reload(): void {
    this.person.reload();
  }
}
