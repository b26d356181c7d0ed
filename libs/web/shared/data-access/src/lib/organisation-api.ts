import { Injectable, inject } from '@angular/core';
import type { AssignmentView, DepartmentNode, ExtendRequest, GrantAttemptsRequest, GrantAttemptsResult, Page, PersonRecord, StaffDetail, StaffQuery, StaffSummary } from '@equip/shared/contracts';
import type { Observable } from 'rxjs';
import { ApiClient } from './api-client';

/**
 * Typed calls to the organisation endpoints every area reads: the department tree and staff. The
 * api applies the caller's scope (an equity lead sees their departments; a RASE administrator, the
 * city), so the same calls serve both areas.
 */
@Injectable({ providedIn: 'root' })
export class OrganisationApi {
  private readonly api = inject(ApiClient);

  /** The departments the caller may see, flattened with parents first and a `depth`. */
  departments(): Observable<DepartmentNode[]> {
    return this.api.get<DepartmentNode[]>('/api/departments');
  }

  /** A page of staff, filtered on the server (a department includes its sub-departments). */
  staff(query: StaffQuery): Observable<Page<StaffSummary>> {
    return this.api.get<Page<StaffSummary>>('/api/staff', {
      search: query.search?.trim(),
      departmentId: query.departmentId,
      active: query.active,
      page: query.page,
      pageSize: query.pageSize,
    });
  }

  /** One staff member with manager and role grants; 404 outside the caller's scope. */
  staffMember(staffId: string): Observable<StaffDetail> {
    return this.api.get<StaffDetail>(`/api/staff/${encodeURIComponent(staffId)}`);
  }

  /** A person's record of learning (themself, their lead, an administrator); 404 outside the caller's scope. */
  record(staffId: string): Observable<PersonRecord> {
    return this.api.get<PersonRecord>(personRecordPath(staffId));
  }

  /** More attempts at one knowledge check (a lead for their departments, an administrator); audited by the api. */
  grantAttempts(request: GrantAttemptsRequest): Observable<GrantAttemptsResult> {
    return this.api.post<GrantAttemptsResult>('/api/knowledge-check-grants', request);
  }

  /** Moves one person's assignment to a later due day, with a reason (a lead in their departments, an administrator); the person is told by mail. */
  extendDueDate(assignmentId: string, request: ExtendRequest): Observable<AssignmentView> {
    return this.api.post<AssignmentView>(`/api/assignments/${encodeURIComponent(assignmentId)}/extension`, request);
  }
}

/** The record's api path; with `.csv` or `.pdf`, its downloads (plain links: the session cookie signs them). */
export function personRecordPath(staffId: string, file?: 'csv' | 'pdf'): string {
  return `/api/staff/${encodeURIComponent(staffId)}/record${file ? `.${file}` : ''}`;
}
