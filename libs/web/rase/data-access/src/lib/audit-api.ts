import { Injectable, inject } from '@angular/core';
import type { AuditEventView, Page } from '@equip/shared/contracts';
import { ApiClient, queryString } from '@equip/web/shared/data-access';
import type { Observable } from 'rxjs';

export const AUDIT_EVENTS_PATH = '/api/audit-events';
export const AUDIT_PAGE_SIZE = 50;

/** The audit log's filters; each is optional. Dates are YYYY-MM-DD city days, both ends included by the api. */
export interface AuditFilters {
  /** Events by this person or about them. */
  staffId?: string;
  /** The subject's department (or one below it) when the event happened. */
  departmentId?: string;
  /** A kind of action (`assignment.exempted`) or a group of them (`assignments`): `AUDIT_ACTION_GROUPS`. */
  action?: string;
  subjectType?: string;
  from?: string;
  to?: string;
}

/** Reads the audit log (RASE administrators only); there is no way to change it. */
@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly api = inject(ApiClient);

  /** Events matching the filters, newest first, a page at a time. */
  events(filters: AuditFilters, page: number, pageSize = AUDIT_PAGE_SIZE): Observable<Page<AuditEventView>> {
    return this.api.get<Page<AuditEventView>>(AUDIT_EVENTS_PATH, { ...trimmed(filters), page, pageSize });
  }

  /**
   * Where to download every matching event as CSV: a plain link, so the browser saves the file
   * itself (the session cookie goes along; no script holds the whole export).
   */
  csvUrl(filters: AuditFilters): string {
    return `${AUDIT_EVENTS_PATH}?${queryString({ format: 'csv', ...trimmed(filters) })}`;
  }
}

function trimmed(filters: AuditFilters): AuditFilters {
  return {
    staffId: filters.staffId || undefined,
    departmentId: filters.departmentId || undefined,
    action: filters.action?.trim() || undefined,
    subjectType: filters.subjectType?.trim() || undefined,
    from: filters.from || undefined,
    to: filters.to || undefined,
  };
}
