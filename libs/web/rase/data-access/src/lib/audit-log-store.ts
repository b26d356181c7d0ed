import { Injectable, inject } from '@angular/core';
import { OrganisationApi, latestRequest } from '@equip/web/shared/data-access';
import { AuditApi, AuditFilters } from './audit-api';

/** How many people the audit log's person search offers at once. */
const PEOPLE_SHOWN = 10;

/** The page of audit events for the current filters, and what its filters offer. Provide it on the page. */
@Injectable()
export class AuditLogStore {
  private readonly api = inject(AuditApi);
  private readonly organisation = inject(OrganisationApi);

  readonly events = latestRequest(({ filters, page }: { filters: AuditFilters; page: number }) => this.api.events(filters, page));
  readonly departments = latestRequest((_: void) => this.organisation.departments());
  /** People whose name matches what is typed in the person filter (active or not: the log outlives jobs). */
  readonly people = latestRequest((search: string) => this.organisation.staff({ search, pageSize: PEOPLE_SHOWN }));
  /** The person the filters name, for their name when the page opens from an address. */
  readonly person = latestRequest((staffId: string) => this.organisation.staffMember(staffId));

  search(filters: AuditFilters, page: number): void {
    this.events.load({ filters, page });
  }

  csvUrl(filters: AuditFilters): string {
    return this.api.csvUrl(filters);
  }
}
