import { Injectable, inject } from '@angular/core';
import { latestRequest } from '@equip/web/shared/data-access';
import { AuditApi, AuditFilters } from './audit-api';

/** The page of audit events for the current filters. Provide it on the page. */
@Injectable()
export class AuditLogStore {
  private readonly api = inject(AuditApi);

  readonly events = latestRequest(({ filters, page }: { filters: AuditFilters; page: number }) => this.api.events(filters, page));

  search(filters: AuditFilters, page: number): void {
    this.events.load({ filters, page });
  }

  csvUrl(filters: AuditFilters): string {
    return this.api.csvUrl(filters);
  }
}
