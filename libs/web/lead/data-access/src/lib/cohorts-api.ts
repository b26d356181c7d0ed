import { Injectable, inject } from '@angular/core';
import type { LeadHome,
  AddMembersRequest,
  AssignPreview,
  AssignRequest,
  BulkExemptPreview,
  BulkExemptPreviewRequest,
  BulkExemptRequest,
  BulkExemptResult,
  BulkExtendPreview,
  BulkExtendPreviewRequest,
  BulkExtendRequest,
  BulkExtendResult,
  AssignResult,
  AssignmentView,
  CatalogCourse,
  CohortAssignmentView,
  CohortDetail,
  CohortMemberRow,
  CohortQuery,
  CohortRulePreview,
  CohortRulePreviewRequest,
  CohortSummary,
  CreateCohortRequest,
  MembersQuery,
  MembershipChangeResult,
  MembershipHistoryRow,
  NudgeRequest,
  NudgeResult,
  Page,
  PasteMembersResult,
  TrackProgress,
  RuleChoices,
  UpdateCohortRequest,
  RuleChangePreview,
  RuleChangePreviewRequest,
  RuleChangeRequest,
  RuleChangeResult,
  WithdrawalPreview,
  WithdrawalResult,
} from '@equip/shared/contracts';
import { ApiClient, type QueryParams, queryString } from '@equip/web/shared/data-access';
import type { Observable } from 'rxjs';

const COHORTS = '/api/cohorts';

function cohortPath(id: string): string {
  return `${COHORTS}/${encodeURIComponent(id)}`;
}

/** The members query as query parameters, in one order, so the page and the CSV link ask for the same list. */
export function membersParams(query: MembersQuery): QueryParams {
  return {
    status: query.status,
    search: query.search?.trim(),
    sort: query.sort,
    direction: query.direction,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/**
 * The CSV export of a cohort's members: the same filters, sort and search as the page shows, and
 * no paging (the file has every row of the filtered list).
 */
export function membersCsvUrl(cohortId: string, query: MembersQuery): string {
  const qs = queryString(membersParams({ ...query, page: undefined, pageSize: undefined }));
  return `${cohortPath(cohortId)}/members.csv${qs ? `?${qs}` : ''}`;
}

/**
 * The equity lead's cohorts and assignments (`/api/cohorts/*`, `/api/assignments/*`), typed by
 * `@equip/shared/contracts` (cohorts.ts). The api scopes every call to the caller's departments.
 */
@Injectable({ providedIn: 'root' })
export class CohortsApi {
  private readonly api = inject(ApiClient);

  /** The lead's home: cohorts needing attention, people without an account, the latest nudges. */
  home(): Observable<LeadHome> {
    return this.api.get('/api/lead/home');
  }

  list(query: CohortQuery = {}): Observable<Page<CohortSummary>> {
    return this.api.get(COHORTS, {
      search: query.search?.trim(),
      departmentId: query.departmentId,
      archived: query.archived,
      page: query.page,
      pageSize: query.pageSize,
    });
  }

  /** Brings an archived cohort's definition back (no members or assignments). */
  restore(id: string): Observable<CohortDetail> {
    return this.api.post(`${cohortPath(id)}/restore`, {});
  }

  get(id: string): Observable<CohortDetail> {
    return this.api.get(cohortPath(id));
  }

  create(request: CreateCohortRequest): Observable<CohortDetail> {
    return this.api.post(COHORTS, request);
  }

  update(id: string, request: UpdateCohortRequest): Observable<CohortDetail> {
    return this.api.patch(cohortPath(id), request);
  }

  archive(id: string): Observable<void> {
    return this.api.delete(cohortPath(id));
  }

  /** The city's job classes and work locations among the people the caller may see. */
  ruleChoices(): Observable<RuleChoices> {
    return this.api.get('/api/cohort-rule-choices');
  }

  /** Who a rule would select; nothing is saved. */
  preview(request: CohortRulePreviewRequest): Observable<CohortRulePreview> {
    return this.api.post(`${COHORTS}/preview`, request);
  }

  addMembers(id: string, request: AddMembersRequest): Observable<MembershipChangeResult> {
    return this.api.post(`${cohortPath(id)}/members`, request);
  }

  pasteMembers(id: string, text: string): Observable<PasteMembersResult> {
    return this.api.post(`${cohortPath(id)}/members/paste`, { text });
  }

  removeMembers(id: string, request: AddMembersRequest): Observable<MembershipChangeResult> {
    return this.api.post(`${cohortPath(id)}/members/remove`, request);
  }

  members(id: string, query: MembersQuery): Observable<Page<CohortMemberRow>> {
    return this.api.get(`${cohortPath(id)}/members`, membersParams(query));
  }

  history(id: string, page = 1, pageSize = 50): Observable<Page<MembershipHistoryRow>> {
    return this.api.get(`${cohortPath(id)}/history`, { page, pageSize });
  }

  assignments(id: string): Observable<CohortAssignmentView[]> {
    return this.api.get(`${cohortPath(id)}/assignments`);
  }

  assign(id: string, request: AssignRequest): Observable<AssignResult> {
    return this.api.post(`${cohortPath(id)}/assignments`, request);
  }

  /** What assigning would do (an existing assignment of the same course or track is updated); nothing is saved. */
  previewAssign(id: string, request: AssignRequest): Observable<AssignPreview> {
    return this.api.post(`${cohortPath(id)}/assignments/preview`, request);
  }

  previewExemptions(id: string, request: BulkExemptPreviewRequest): Observable<BulkExemptPreview> {
    return this.api.post(`${cohortPath(id)}/exemptions/preview`, request);
  }

  exemptMany(id: string, request: BulkExemptRequest): Observable<BulkExemptResult> {
    return this.api.post(`${cohortPath(id)}/exemptions`, request);
  }

  previewExtensions(id: string, request: BulkExtendPreviewRequest): Observable<BulkExtendPreview> {
    return this.api.post(`${cohortPath(id)}/extensions/preview`, request);
  }

  extendMany(id: string, request: BulkExtendRequest): Observable<BulkExtendResult> {
    return this.api.post(`${cohortPath(id)}/extensions`, request);
  }

  withdrawalPreview(id: string, cohortAssignmentId: string): Observable<WithdrawalPreview> {
    return this.api.get(`${cohortPath(id)}/assignments/${encodeURIComponent(cohortAssignmentId)}/withdrawal`);
  }

  /** `people` is the count the preview showed; the api refuses (409) when it changed since. */
  withdraw(id: string, cohortAssignmentId: string, people: number): Observable<WithdrawalResult> {
    return this.api.post(`${cohortPath(id)}/assignments/${encodeURIComponent(cohortAssignmentId)}/withdrawal`, { people });
  }

  /** Who a new due rule or recurrence would affect; nothing changes. */
  ruleChangePreview(id: string, cohortAssignmentId: string, request: RuleChangePreviewRequest): Observable<RuleChangePreview> {
    return this.api.post(`${cohortPath(id)}/assignments/${encodeURIComponent(cohortAssignmentId)}/rule/preview`, request);
  }

  /** `people` is the count the preview showed; the api refuses (409) when it changed since. */
  changeRule(id: string, cohortAssignmentId: string, request: RuleChangeRequest): Observable<RuleChangeResult> {
    return this.api.post(`${cohortPath(id)}/assignments/${encodeURIComponent(cohortAssignmentId)}/rule`, request);
  }

  exempt(assignmentId: string, reason: string): Observable<AssignmentView> {
    return this.api.post(`/api/assignments/${encodeURIComponent(assignmentId)}/exemption`, { reason });
  }

  removeExemption(assignmentId: string): Observable<AssignmentView> {
    return this.api.delete(`/api/assignments/${encodeURIComponent(assignmentId)}/exemption`);
  }

  nudge(id: string, request: NudgeRequest): Observable<NudgeResult> {
    return this.api.post(`${cohortPath(id)}/nudges`, request);
  }

  /** What can be assigned: the catalog's courses… */
  courses(): Observable<CatalogCourse[]> {
    return this.api.get('/api/catalog/courses');
  }

  /** …and tracks. */
  tracks(): Observable<TrackProgress[]> {
    return this.api.get('/api/learning/tracks');
  }
}
