import { Injectable, type WritableSignal, inject, signal } from '@angular/core';
import type {
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
  CohortDetail,
  CohortQuery,
  CohortRulePreviewRequest,
  CreateCohortRequest,
  InviteStaffResult,
  MembersQuery,
  MembershipChangeResult,
  NudgeResult,
  PasteMembersResult,
  UpdateCohortRequest,
  RuleChangePreview,
  RuleChangePreviewRequest,
  RuleChangeRequest,
  RuleChangeResult,
  WithdrawalPreview,
  WithdrawalResult,
} from '@equip/shared/contracts';
import { ApiError, InvitationsApi, OrganisationApi, latestRequest, toProblem } from '@equip/web/shared/data-access';
import { Observable, firstValueFrom, forkJoin, map } from 'rxjs';
import { CohortsApi } from './cohorts-api';

/** How many cohorts a page of the list shows. */
export const COHORTS_PAGE_SIZE = 25;
/** How many people the rule preview lists. */
export const PREVIEW_PAGE_SIZE = 10;

/** Runs a change, turning any failure into an `ApiError` and keeping `busy` while it runs. */
async function change<T>(busy: WritableSignal<boolean>, call: () => Observable<T>): Promise<T> {
  busy.set(true);
  try {
    return await firstValueFrom(call());
  } catch (error) {
    throw error instanceof ApiError ? error : new ApiError(toProblem(error));
  } finally {
    busy.set(false);
  }
}

/** The cohort list, paged on the server. Provide it on the page. */
@Injectable()
export class CohortListStore {
  private readonly api = inject(CohortsApi);

  readonly cohorts = latestRequest((query: CohortQuery) => this.api.list({ pageSize: COHORTS_PAGE_SIZE, ...query }));
  private readonly _busy = signal(false);
  readonly busy = this._busy.asReadonly();

  load(query: CohortQuery): void {
    this.cohorts.load(query);
  }

  /** Restores an archived cohort; the archived list is read again. */
  async restore(id: string): Promise<CohortDetail> {
    const result = await change(this._busy, () => this.api.restore(id));
    this.cohorts.reload();
    return result;
  }
}

/**
 * Creating or editing a cohort: the departments it may belong to, the cohort being edited, the
 * rule's preview (only the latest answer counts) and saving. Provide it on the page.
 */
@Injectable()
export class CohortEditorStore {
  private readonly api = inject(CohortsApi);
  private readonly organisation = inject(OrganisationApi);

  readonly departments = latestRequest((_: void) => this.organisation.departments());
  /** The city's job classes and work locations, offered by the rule editor. */
  readonly ruleChoices = latestRequest((_: void) => this.api.ruleChoices());
  readonly cohort = latestRequest((id: string) => this.api.get(id));
  readonly preview = latestRequest((request: CohortRulePreviewRequest) =>
    this.api.preview({ pageSize: PREVIEW_PAGE_SIZE, ...request }),
  );
  /** People to choose a rule's manager from. */
  readonly managers = latestRequest((search: string) => this.organisation.staff({ search, active: true, pageSize: 20 }));
  private readonly _busy = signal(false);
  readonly busy = this._busy.asReadonly();

  load(cohortId?: string): void {
    this.departments.load();
    this.ruleChoices.load();
    if (cohortId) this.cohort.load(cohortId);
  }

  findManagers(search: string): void {
    this.managers.load(search);
  }

  runPreview(request: CohortRulePreviewRequest): void {
    this.preview.load(request);
  }

  /** Rejects with the api's `ApiError` (field errors on 400). */
  create(request: CreateCohortRequest): Promise<CohortDetail> {
    return change(this._busy, () => this.api.create(request));
  }

  update(id: string, request: UpdateCohortRequest): Promise<CohortDetail> {
    return change(this._busy, () => this.api.update(id, request));
  }
}

/**
 * One cohort's page: the cohort, what it assigns, its members (paged, filtered and sorted on the
 * server) and its membership history, and every change made from the page. After a change the
 * lists it affects are read again, so the page shows what the api now holds. Provide it on the page.
 */
@Injectable()
export class CohortStore {
  private readonly api = inject(CohortsApi);
  private cohortId = '';

  private readonly organisation = inject(OrganisationApi);
  private readonly invitations = inject(InvitationsApi);
  readonly cohort = latestRequest((id: string) => this.api.get(id));
  /** To name a rule's departments. */
  readonly departments = latestRequest((_: void) => this.organisation.departments());
  /** People in scope to add to a static cohort. */
  readonly candidates = latestRequest((search: string) => this.organisation.staff({ search, active: true, pageSize: 20 }));
  readonly assignments = latestRequest((id: string) => this.api.assignments(id));
  readonly members = latestRequest((query: MembersQuery) => this.api.members(this.cohortId, query));
  readonly history = latestRequest((page: number) => this.api.history(this.cohortId, page));
  /** Courses and tracks that can be assigned. */
  readonly assignable = latestRequest((_: void) =>
    forkJoin([this.api.courses(), this.api.tracks()]).pipe(
      map(([courses, tracks]) => ({
        courses: courses.map(({ slug, title }) => ({ slug, title })),
        tracks: tracks.map(({ slug, title }) => ({ slug, title })),
      })),
    ),
  );
  private readonly _busy = signal(false);
  readonly busy = this._busy.asReadonly();

  get id(): string {
    return this.cohortId;
  }

  load(cohortId: string): void {
    this.cohortId = cohortId;
    this.cohort.load(cohortId);
    this.assignments.load(cohortId);
  }

  loadDepartments(): void {
    this.departments.load();
  }

  findCandidates(search: string): void {
    this.candidates.load(search);
  }

  loadMembers(query: MembersQuery): void {
    this.members.load(query);
  }

  loadHistory(page = 1): void {
    this.history.load(page);
  }

  loadAssignable(): void {
    this.assignable.load();
  }

  async assign(request: AssignRequest): Promise<AssignResult> {
    const result = await change(this._busy, () => this.api.assign(this.cohortId, request));
    this.refresh();
    return result;
  }

  previewAssign(request: AssignRequest): Promise<AssignPreview> {
    return change(this._busy, () => this.api.previewAssign(this.cohortId, request));
  }

  previewExemptions(request: BulkExemptPreviewRequest): Promise<BulkExemptPreview> {
    return change(this._busy, () => this.api.previewExemptions(this.cohortId, request));
  }

  async exemptMany(request: BulkExemptRequest): Promise<BulkExemptResult> {
    const result = await change(this._busy, () => this.api.exemptMany(this.cohortId, request));
    this.refresh();
    return result;
  }

  previewExtensions(request: BulkExtendPreviewRequest): Promise<BulkExtendPreview> {
    return change(this._busy, () => this.api.previewExtensions(this.cohortId, request));
  }

  async extendMany(request: BulkExtendRequest): Promise<BulkExtendResult> {
    const result = await change(this._busy, () => this.api.extendMany(this.cohortId, request));
    this.refresh();
    return result;
  }

  withdrawalPreview(cohortAssignmentId: string): Promise<WithdrawalPreview> {
    return change(this._busy, () => this.api.withdrawalPreview(this.cohortId, cohortAssignmentId));
  }

  async withdraw(cohortAssignmentId: string, people: number): Promise<WithdrawalResult> {
    const result = await change(this._busy, () => this.api.withdraw(this.cohortId, cohortAssignmentId, people));
    this.cohort.reload();
    this.refresh();
    return result;
  }

  ruleChangePreview(cohortAssignmentId: string, request: RuleChangePreviewRequest): Promise<RuleChangePreview> {
    return change(this._busy, () => this.api.ruleChangePreview(this.cohortId, cohortAssignmentId, request));
  }

  async changeRule(cohortAssignmentId: string, request: RuleChangeRequest): Promise<RuleChangeResult> {
    const result = await change(this._busy, () => this.api.changeRule(this.cohortId, cohortAssignmentId, request));
    this.refresh();
    return result;
  }

  async exempt(assignmentId: string, reason: string): Promise<AssignmentView> {
    const result = await change(this._busy, () => this.api.exempt(assignmentId, reason));
    this.refresh();
    return result;
  }

  async removeExemption(assignmentId: string): Promise<AssignmentView> {
    const result = await change(this._busy, () => this.api.removeExemption(assignmentId));
    this.refresh();
    return result;
  }

  /** Archives the cohort: its members leave it and lose open work that came only from it. */
  archive(): Promise<void> {
    return change(this._busy, () => this.api.archive(this.cohortId));
  }

  nudge(staffIds: string[], note = ''): Promise<NudgeResult> {
    return change(this._busy, () => this.api.nudge(this.cohortId, { staffIds, ...(note.trim() ? { note: note.trim() } : {}) }));
  }

  /** Invites every current member who has no account and no invitation waiting; the members show their new status. */
  async inviteMembers(): Promise<InviteStaffResult> {
    const result = await change(this._busy, () => this.invitations.invite({ cohortId: this.cohortId }));
    this.members.reload();
    return result;
  }

  async addMembers(staffIds: string[]): Promise<MembershipChangeResult> {
    const result = await change(this._busy, () => this.api.addMembers(this.cohortId, { staffIds }));
    this.refreshMembership();
    return result;
  }

  async removeMembers(staffIds: string[]): Promise<MembershipChangeResult> {
    const result = await change(this._busy, () => this.api.removeMembers(this.cohortId, { staffIds }));
    this.refreshMembership();
    return result;
  }

  async paste(text: string): Promise<PasteMembersResult> {
    const result = await change(this._busy, () => this.api.pasteMembers(this.cohortId, text));
    this.refreshMembership();
    return result;
  }

  private refresh(): void {
    this.assignments.reload();
    this.members.reload();
  }

  private refreshMembership(): void {
    this.cohort.reload();
    this.refresh();
    this.history.reload();
  }
}
