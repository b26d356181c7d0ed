import { ChangeDetectionStrategy, Component, DOCUMENT, computed, effect, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatAnchor, MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import {
  MEMBERSHIP_REASON_LABELS,
  MEMBER_FILTERS,
  MEMBER_SORTS,
  type AssignPreview,
  type AssignRequest,
  type BulkExemptPreview,
  type BulkExtendPreview,
  type CohortAssignmentView,
  type CohortMemberRow,
  type MemberAssignmentCell,
  type DueRule,
  type RuleChangePreview,
  type RuleChangePreviewRequest,
  type WithdrawalPreview,
} from '@equip/shared/contracts';
import {
  CohortStore,
  DEFAULT_MEMBERS_FILTERS,
  type MembersFilters,
  membersCsvUrl,
  membersFiltersFromParams,
  membersFiltersToParams,
  membersFiltersToQuery,
} from '@equip/web/lead/data-access';
import {
  AssignForm,
  COHORT_KIND_LABELS,
  MEMBER_FILTER_LABELS,
  MEMBER_SORT_LABELS,
  STATUS_LABELS,
  askExemptionReason,
  describeDue,
  describeRecurrence,
  describeRule,
  formatDate,
  formatDateTime,
} from '@equip/web/lead/ui';
import { ApiError, SessionStore, toProblem } from '@equip/web/shared/data-access';
import { confirmNudge } from './nudge-dialog';
import { ErrorSummary, PageHeader, Pagination, accountStatusLabel, invitationResultMessage } from '@equip/web/shared/ui';

/** A message after an action, announced and given focus. */
interface Outcome {
  kind: 'status' | 'error';
  text: string;
}

function failure(error: unknown): string {
  const problem = error instanceof ApiError ? error.problem : toProblem(error);
  return problem.errors?.length ? problem.errors.map((e) => e.message).join('; ') : (problem.detail ?? problem.title);
}

/**
 * One cohort: what it is and who it selects, what it assigns (and assigning more), and its
 * members with each one's status per assignment, paged, filtered, sorted and searched on the
 * server (the filters live in the address bar, and the CSV export asks for exactly that list).
 * Members can be nudged and exempted; a static cohort's members are added by search or by pasting
 * a list.
 */
@Component({
  selector: 'equip-cohort-page',
  imports: [ReactiveFormsModule, RouterLink, MatAnchor, MatButton, MatFormField, MatLabel, MatHint, MatInput, PageHeader, ErrorSummary, Pagination, AssignForm],
  providers: [CohortStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './cohort-page.html',
  styleUrl: './cohort-page.css',
})
export class CohortPage {
  protected readonly store = inject(CohortStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly dialog = inject(MatDialog);
  private readonly session = inject(SessionStore);
  private readonly document = inject(DOCUMENT);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly cohortId = this.route.snapshot.paramMap.get('id') ?? '';
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly kindLabels = COHORT_KIND_LABELS;
  protected readonly filterOptions = MEMBER_FILTERS.map((value) => ({ value, label: MEMBER_FILTER_LABELS[value] }));
  protected readonly sortOptions = MEMBER_SORTS.map((value) => ({ value, label: MEMBER_SORT_LABELS[value] }));
  protected readonly formatDate = formatDate;
  protected readonly formatDateTime = formatDateTime;
  protected readonly describeDue = describeDue;
  protected readonly describeRecurrence = describeRecurrence;
  protected readonly accountLabel = accountStatusLabel;
  /** Why someone joined or left, in words (never the stored code); an unknown reason as "Changed". */
  protected membershipReason(reason: string | null): string {
    return reason === null ? '' : ((MEMBERSHIP_REASON_LABELS as Record<string, string>)[reason] ?? 'Changed');
  }

  protected readonly cohort = this.store.cohort;
  protected readonly members = this.store.members;
  protected readonly heading = computed(() => this.cohort.value()?.name ?? (this.cohort.error() ? 'Cohort not found' : 'Cohort'));
  protected readonly ruleClauses = computed(() => {
    const cohort = this.cohort.value();
    return cohort?.rule ? describeRule(cohort.rule, this.store.departments.value() ?? []) : [];
  });
  protected readonly assignable = computed(() => this.store.assignable.value() ?? { courses: [], tracks: [] });

  protected readonly filtersForm = this.fb.group({ status: '' as MembersFilters['status'], search: '', sort: 'name' as MembersFilters['sort'], direction: 'asc' as MembersFilters['direction'] });
  protected readonly filters = signal<MembersFilters>(DEFAULT_MEMBERS_FILTERS);
  /** Exactly the list the table shows, every page of it. */
  protected readonly csvUrl = computed(() => membersCsvUrl(this.cohortId, membersFiltersToQuery(this.filters())));
  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  protected readonly selectedCount = computed(() => this.selected().size);

  protected readonly assignOutcome = signal<Outcome | null>(null);
  /** Archiving is being confirmed. */
  protected readonly archiving = signal(false);
  protected readonly archiveError = signal<string | null>(null);
  /** A withdrawal being confirmed, with its counts. */
  protected readonly withdrawal = signal<{ assignment: CohortAssignmentView; preview: WithdrawalPreview } | null>(null);
  /** A new due rule or recurrence being chosen (no preview yet) or confirmed (with its counts). */
  protected readonly ruleChange = signal<{ assignment: CohortAssignmentView; request?: RuleChangePreviewRequest; preview?: RuleChangePreview } | null>(null);
  protected readonly ruleForm = this.fb.group({ kind: 'absolute' as DueRule['kind'], dueOn: '', days: 30, recurrenceMonths: '' });
  /** Assigning again what the cohort already assigns, being confirmed. */
  protected readonly reassign = signal<{ request: AssignRequest; preview: AssignPreview } | null>(null);
  protected readonly membersOutcome = signal<Outcome | null>(null);
  protected readonly addOutcome = signal<Outcome | null>(null);
  protected readonly pasteErrors = signal<readonly { line: number; value: string; message: string }[]>([]);
  protected readonly addForm = this.fb.group({ search: '' });
  protected readonly exemptForm = this.fb.group({ cohortAssignmentId: '', reason: '' });
  protected readonly extendForm = this.fb.group({ cohortAssignmentId: '', dueOn: '', reason: '' });
  /** A bulk extension being confirmed, with its counts. */
  protected readonly extension = signal<{ title: string; request: { staffIds: string[]; cohortAssignmentId: string; dueOn: string; reason: string }; preview: BulkExtendPreview } | null>(null);
  /** A bulk exemption being confirmed, with its count. */
  protected readonly exemption = signal<{ title: string; request: { staffIds: string[]; cohortAssignmentId: string; reason: string }; preview: BulkExemptPreview } | null>(null);
  protected readonly pasteForm = this.fb.group({ text: '' });

  protected readonly caption = computed(() => {
    const page = this.members.value();
    if (!page) return 'Members';
    return `Members, page ${page.page} of ${Math.max(1, Math.ceil(page.total / page.pageSize))}`;
  });
  protected readonly membersStatus = computed(() => {
    if (this.members.loading()) return 'Loading members…';
    const page = this.members.value();
    if (!page) return '';
    if (page.total === 0) return 'No members match these filters.';
    const first = (page.page - 1) * page.pageSize + 1;
    const last = first + page.items.length - 1;
    return `${page.total} ${page.total === 1 ? 'member' : 'members'} found. Showing ${first} to ${last}.`;
  });

  constructor() {
    this.store.load(this.cohortId);
    this.store.loadDepartments();
    this.store.loadAssignable();
    this.store.loadHistory();
    this.route.queryParamMap.pipe(takeUntilDestroyed()).subscribe((params) => {
      const filters = membersFiltersFromParams(params);
      this.filters.set(filters);
      const { status, search, sort, direction } = filters;
      this.filtersForm.setValue({ status, search, sort, direction });
      this.selected.set(new Set());
      this.store.loadMembers(membersFiltersToQuery(filters));
    });
    // The bulk forms' "From"/"For" choice shows the assignment it acts on: the first until another is chosen.
    effect(() => {
      const ids = (this.store.assignments.value() ?? []).map((a) => a.id);
      for (const control of [this.exemptForm.controls.cohortAssignmentId, this.extendForm.controls.cohortAssignmentId]) {
        if (ids.length && !ids.includes(control.value)) control.setValue(ids[0]);
      }
    });
  }

  protected applyFilters(): void {
    this.navigate({ ...this.filters(), ...this.filtersForm.getRawValue(), page: 1 });
  }

  protected clearFilters(): void {
    this.navigate(DEFAULT_MEMBERS_FILTERS);
  }

  protected goToPage(page: number): void {
    this.navigate({ ...this.filters(), page });
  }

  private navigate(filters: MembersFilters): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: membersFiltersToParams(filters) });
  }

  protected isSelected(staffId: string): boolean {
    return this.selected().has(staffId);
  }

  protected toggle(staffId: string, checked: boolean): void {
    const next = new Set(this.selected());
    if (checked) next.add(staffId);
    else next.delete(staffId);
    this.selected.set(next);
  }

  protected allSelected(rows: readonly CohortMemberRow[]): boolean {
    return rows.length > 0 && rows.every((row) => this.selected().has(row.staff.id));
  }

  protected toggleAll(rows: readonly CohortMemberRow[], checked: boolean): void {
    this.selected.set(checked ? new Set(rows.map((row) => row.staff.id)) : new Set());
  }

  protected people(n: number): string {
    return `${n} ${n === 1 ? 'person' : 'people'}`;
  }

  /** The count first: how many of the selected people it exempts; then an explicit confirmation. */
  protected async previewExemptions(): Promise<void> {
    this.exemption.set(null);
    const staffIds = [...this.selected()];
    const assignments = this.store.assignments.value() ?? [];
    const { cohortAssignmentId, reason } = this.exemptForm.getRawValue();
    const assignment = assignments.find((a) => a.id === cohortAssignmentId) ?? assignments[0];
    const problem = !staffIds.length ? 'Select the people to exempt first.' : !reason.trim() ? 'Give a reason for the exemption.' : null;
    if (problem || !assignment) {
      this.membersOutcome.set({ kind: 'error', text: problem ?? 'Nothing is assigned to exempt from.' });
      this.focusSoon('#members-outcome');
      return;
    }
    const request = { staffIds, cohortAssignmentId: assignment.id, reason: reason.trim() };
    try {
      this.exemption.set({ title: assignment.title, request, preview: await this.store.previewExemptions({ staffIds, cohortAssignmentId: assignment.id }) });
      this.focusSoon('#exempt-confirm-heading');
    } catch (error) {
      this.membersOutcome.set({ kind: 'error', text: `Nobody was exempted: ${failure(error)}` });
      this.focusSoon('#members-outcome');
    }
  }

  protected async exemptMany(): Promise<void> {
    const x = this.exemption();
    if (!x) return;
    try {
      const result = await this.store.exemptMany({ ...x.request, count: x.preview.count });
      this.membersOutcome.set({ kind: 'status', text: `${this.people(result.exempted)} exempt from ${x.title}.` });
      this.selected.set(new Set());
      this.exemptForm.controls.reason.setValue('');
    } catch (error) {
      this.membersOutcome.set({ kind: 'error', text: `Nobody was exempted: ${failure(error)}` });
    }
    this.exemption.set(null);
    this.focusSoon('#members-outcome');
  }

  /** The counts first: whom a later day extends, who is left as they are and why; then an explicit confirmation. */
  protected async previewExtensions(): Promise<void> {
    this.extension.set(null);
    const staffIds = [...this.selected()];
    const assignments = this.store.assignments.value() ?? [];
    const { cohortAssignmentId, dueOn, reason } = this.extendForm.getRawValue();
    const assignment = assignments.find((a) => a.id === cohortAssignmentId) ?? assignments[0];
    const problem = !staffIds.length
      ? 'Select the people whose due date to extend first.'
      : !dueOn
        ? 'Choose the new due date.'
        : !reason.trim()
          ? 'Give a reason for the extension.'
          : null;
    if (problem || !assignment) {
      this.membersOutcome.set({ kind: 'error', text: problem ?? 'Nothing is assigned to extend.' });
      this.focusSoon('#members-outcome');
      return;
    }
    const request = { staffIds, cohortAssignmentId: assignment.id, dueOn, reason: reason.trim() };
    try {
      this.extension.set({ title: assignment.title, request, preview: await this.store.previewExtensions({ staffIds, cohortAssignmentId: assignment.id, dueOn }) });
      this.focusSoon('#extend-confirm-heading');
    } catch (error) {
      this.membersOutcome.set({ kind: 'error', text: `No due date was extended: ${failure(error)}` });
      this.focusSoon('#members-outcome');
    }
  }

  protected async extendMany(): Promise<void> {
    const x = this.extension();
    if (!x) return;
    try {
      const result = await this.store.extendMany({ ...x.request, count: x.preview.extending });
      this.membersOutcome.set({
        kind: 'status',
        text: `${this.people(result.extended)} now ${result.extended === 1 ? 'has' : 'have'} ${x.title} due ${formatDate(x.request.dueOn)}; ${result.told === 1 ? '1 email' : `${result.told} emails`} sent.`,
      });
      this.selected.set(new Set());
      this.extendForm.controls.reason.setValue('');
    } catch (error) {
      this.membersOutcome.set({ kind: 'error', text: `No due date was extended: ${failure(error)}` });
    }
    this.extension.set(null);
    this.focusSoon('#members-outcome');
  }

  protected askArchive(): void {
    this.archiveError.set(null);
    this.archiving.set(true);
    this.focusSoon('#archive-heading');
  }

  /** Archives, then shows the archived cohorts, where it can be restored. */
  protected async archive(): Promise<void> {
    try {
      await this.store.archive();
      await this.router.navigate(['..'], { relativeTo: this.route, queryParams: { archived: 'true' } });
    } catch (error) {
      this.archiveError.set(`The cohort was not archived: ${failure(error)}`);
    }
  }

  /** "38 people; 5 already completed keep their completion." */
  protected withdrawalSummary(preview: WithdrawalPreview): string {
    const kept = preview.completed ? `; ${preview.completed} already completed ${preview.completed === 1 ? 'keeps their' : 'keep their'} completion` : '';
    return `${this.people(preview.people)}${kept}.`;
  }

  /** Counts first: who withdrawing would affect, then an explicit confirmation. */
  protected async previewWithdrawal(assignment: CohortAssignmentView): Promise<void> {
    this.assignOutcome.set(null);
    this.reassign.set(null);
    this.ruleChange.set(null);
    try {
      this.withdrawal.set({ assignment, preview: await this.store.withdrawalPreview(assignment.id) });
      this.focusSoon('#withdraw-heading');
    } catch (error) {
      this.assignOutcome.set({ kind: 'error', text: `The withdrawal could not be prepared: ${failure(error)}` });
      this.focusSoon('#assign-outcome');
    }
  }

  protected cancelWithdrawal(): void {
    this.withdrawal.set(null);
  }

  protected async withdraw(assignment: CohortAssignmentView, people: number): Promise<void> {
    try {
      const result = await this.store.withdraw(assignment.id, people);
      this.assignOutcome.set({
        kind: 'status',
        text: `${assignment.title} was withdrawn. ${this.people(result.told)} ${result.told === 1 ? 'was' : 'were'} told by email.${result.completed ? ` ${result.completed} kept their completion.` : ''}`,
      });
    } catch (error) {
      this.assignOutcome.set({ kind: 'error', text: `Nothing was withdrawn: ${failure(error)}` });
    }
    this.withdrawal.set(null);
    this.focusSoon('#assign-outcome');
  }

  /** Opens the due-rule change for one assignment, starting from its current rule. */
  protected startRuleChange(assignment: CohortAssignmentView): void {
    this.assignOutcome.set(null);
    this.withdrawal.set(null);
    this.reassign.set(null);
    const due = assignment.due;
    this.ruleForm.setValue({
      kind: due.kind,
      dueOn: due.kind === 'absolute' ? due.dueOn : '',
      days: due.kind === 'absolute' ? 30 : due.days,
      recurrenceMonths: assignment.recurrenceMonths ? String(assignment.recurrenceMonths) : '',
    });
    this.ruleChange.set({ assignment });
    this.focusSoon('#rule-change-heading');
  }

  /** A changed choice needs a new preview: the counts shown are always for what would be sent. */
  protected dropRulePreview(assignment: CohortAssignmentView): void {
    if (this.ruleChange()?.preview) this.ruleChange.set({ assignment });
  }

  /** Counts first: who the new rule affects and how, then an explicit confirmation. */
  protected async previewRuleChange(assignment: CohortAssignmentView): Promise<void> {
    const v = this.ruleForm.getRawValue();
    const due: DueRule = v.kind === 'absolute' ? { kind: 'absolute', dueOn: v.dueOn } : { kind: v.kind, days: Number(v.days) };
    const request: RuleChangePreviewRequest = { due, recurrenceMonths: v.recurrenceMonths === '' ? null : Number(v.recurrenceMonths) };
    try {
      this.ruleChange.set({ assignment, request, preview: await this.store.ruleChangePreview(assignment.id, request) });
      this.focusSoon('#rule-change-summary');
    } catch (error) {
      this.assignOutcome.set({ kind: 'error', text: `The change could not be previewed: ${failure(error)}` });
      this.focusSoon('#assign-outcome');
    }
  }

  /** "38 people; 5 already completed keep their completion." */
  protected ruleChangeSummary(preview: RuleChangePreview): string {
    return this.withdrawalSummary({ people: preview.people, completed: preview.completed, losing: 0, keepingElsewhere: 0 });
  }

  protected async changeRule(assignment: CohortAssignmentView, request: RuleChangePreviewRequest, people: number): Promise<void> {
    try {
      const result = await this.store.changeRule(assignment.id, { ...request, people });
      this.assignOutcome.set({
        kind: 'status',
        text: `The due date of ${assignment.title} changed. ${this.people(result.newDueDay)} got a new due date; ${result.told} ${result.told === 1 ? 'was' : 'were'} told by email.`,
      });
    } catch (error) {
      this.assignOutcome.set({ kind: 'error', text: `Nothing was changed: ${failure(error)}` });
    }
    this.ruleChange.set(null);
    this.focusSoon('#assign-outcome');
  }

  /** A course or track the cohort already assigns (or withdrew) is previewed before it is updated; a new one is assigned at once. */
  protected async assign(request: AssignRequest): Promise<void> {
    this.withdrawal.set(null);
    this.reassign.set(null);
    try {
      const preview = await this.store.previewAssign(request);
      if (preview.existing || preview.withdrawn) {
        this.reassign.set({ request, preview });
        this.focusSoon('#reassign-heading');
        return;
      }
    } catch (error) {
      this.assignOutcome.set({ kind: 'error', text: `Nothing was assigned: ${failure(error)}` });
      this.focusSoon('#assign-outcome');
      return;
    }
    await this.confirmReassign(request);
  }

  protected async confirmReassign(request: AssignRequest): Promise<void> {
    this.reassign.set(null);
    try {
      const result = await this.store.assign(request);
      const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;
      this.assignOutcome.set({
        kind: 'status',
        text: `${result.updated ? `Assignment updated: ${people(result.created)} got it now.` : `Assigned to ${people(result.created)}.`}${result.merged ? ` ${people(result.merged)} already had it open; the earliest due date counts.` : ''}`,
      });
    } catch (error) {
      this.assignOutcome.set({ kind: 'error', text: `Nothing was assigned: ${failure(error)}` });
    }
    this.focusSoon('#assign-outcome');
  }

  protected async nudge(): Promise<void> {
    const staffIds = [...this.selected()];
    if (!staffIds.length) {
      this.membersOutcome.set({ kind: 'error', text: 'Select the people to remind first.' });
      this.focusSoon('#members-outcome');
      return;
    }
    // The preview names the open trainings of the selected people shown on this page.
    const rows = (this.members.value()?.items ?? []).filter((row) => this.selected().has(row.staff.id));
    const titles = [...new Set(rows.flatMap((row) => row.assignments.filter((c) => ['not_started', 'in_progress', 'overdue'].includes(c.status)).map((c) => c.title)))].sort();
    const user = this.session.user();
    const confirmed = await confirmNudge(this.dialog, { people: staffIds.length, from: user ? `${user.firstName} ${user.lastName}` : null, titles });
    if (!confirmed) return;
    try {
      const result = await this.store.nudge(staffIds, confirmed.note);
      const sent = `${result.queued} ${result.queued === 1 ? 'reminder' : 'reminders'} sent`;
      this.membersOutcome.set({
        kind: 'status',
        text: result.skipped ? `${sent}; ${result.skipped} not sent (already reminded today, or nothing left to do).` : `${sent}.`,
      });
      this.selected.set(new Set());
      this.members.reload();
    } catch (error) {
      this.membersOutcome.set({ kind: 'error', text: `No reminders were sent: ${failure(error)}` });
    }
    this.focusSoon('#members-outcome');
  }

  /** "Nudged Dec 4 by Emily Sullivan". */
  protected nudgedText(row: CohortMemberRow): string | null {
    const nudge = row.lastNudge;
    if (!nudge) return null;
    return `Nudged ${formatDate(nudge.at)}${nudge.by ? ` by ${nudge.by.firstName} ${nudge.by.lastName}` : ''}`;
  }

  protected async inviteMembers(): Promise<void> {
    try {
      this.membersOutcome.set({ kind: 'status', text: invitationResultMessage(await this.store.inviteMembers()) });
    } catch (error) {
      this.membersOutcome.set({ kind: 'error', text: `No invitations were sent: ${failure(error)}` });
    }
    this.focusSoon('#members-outcome');
  }

  /** "Due Feb 3, 2027: hired before the assignment started, so 60 days after it starts" — only where the rule alone would surprise. */
  protected dueWhy(cell: MemberAssignmentCell): string | null {
    const why = cell.dueBasis;
    if (!why || !cell.dueOn) return null;
    const due = `Due ${formatDate(cell.dueOn)}`;
    const start = formatDate(why.startsOn);
    if (why.basis === 'extended') return `${due}: extended by a lead (see their record)`;
    const after = `${why.days ?? 0} days after it started on ${start}`;
    return why.basis === 'hired_before_start' ? `${due}: hired before the assignment started, so ${after}` : `${due}: no hire date on file, so ${after}`;
  }

  protected async exempt(row: CohortMemberRow, cell: MemberAssignmentCell): Promise<void> {
    const personName = `${row.staff.firstName} ${row.staff.lastName}`;
    const reason = await askExemptionReason(this.dialog, { personName, assignmentTitle: cell.title });
    if (!reason) return;
    try {
      await this.store.exempt(cell.assignmentId, reason);
      this.membersOutcome.set({ kind: 'status', text: `${personName} is exempt from ${cell.title}.` });
    } catch (error) {
      this.membersOutcome.set({ kind: 'error', text: `${personName} was not exempted: ${failure(error)}` });
    }
    this.focusSoon('#members-outcome');
  }

  protected async removeExemption(row: CohortMemberRow, cell: MemberAssignmentCell): Promise<void> {
    const personName = `${row.staff.firstName} ${row.staff.lastName}`;
    try {
      await this.store.removeExemption(cell.assignmentId);
      this.membersOutcome.set({ kind: 'status', text: `${personName} is no longer exempt from ${cell.title}.` });
    } catch (error) {
      this.membersOutcome.set({ kind: 'error', text: `The exemption was not removed: ${failure(error)}` });
    }
    this.focusSoon('#members-outcome');
  }

  protected findCandidates(): void {
    this.store.findCandidates(this.addForm.getRawValue().search.trim());
  }

  protected async add(staffId: string, name: string): Promise<void> {
    try {
      const result = await this.store.addMembers([staffId]);
      this.addOutcome.set({ kind: 'status', text: result.changed ? `${name} added. The cohort has ${result.memberCount} members.` : `${name} was already a member.` });
    } catch (error) {
      this.addOutcome.set({ kind: 'error', text: `${name} was not added: ${failure(error)}` });
    }
    this.focusSoon('#add-outcome');
  }

  protected async remove(row: CohortMemberRow): Promise<void> {
    const name = `${row.staff.firstName} ${row.staff.lastName}`;
    try {
      const result = await this.store.removeMembers([row.staff.id]);
      this.membersOutcome.set({ kind: 'status', text: `${name} removed. The cohort has ${result.memberCount} members.` });
    } catch (error) {
      this.membersOutcome.set({ kind: 'error', text: `${name} was not removed: ${failure(error)}` });
    }
    this.focusSoon('#members-outcome');
  }

  protected async paste(): Promise<void> {
    const text = this.pasteForm.getRawValue().text;
    if (!text.trim()) {
      this.pasteErrors.set([]);
      this.addOutcome.set({ kind: 'error', text: 'Paste at least one email or employee ID.' });
      this.focusSoon('#add-outcome');
      return;
    }
    try {
      const result = await this.store.paste(text);
      this.pasteErrors.set(result.errors);
      const errors = result.errors.length;
      this.addOutcome.set({
        kind: errors ? 'error' : 'status',
        text: `${result.changed} ${result.changed === 1 ? 'person' : 'people'} added; the cohort has ${result.memberCount} members.${errors ? ` ${errors} ${errors === 1 ? 'line' : 'lines'} matched nobody; see the list below.` : ''}`,
      });
      if (!errors) this.pasteForm.setValue({ text: '' });
    } catch (error) {
      this.pasteErrors.set([]);
      this.addOutcome.set({ kind: 'error', text: `Nobody was added: ${failure(error)}` });
    }
    this.focusSoon('#add-outcome');
  }

  protected historyPage(page: number): void {
    this.store.loadHistory(page);
  }

  /** Focuses an element once it has rendered (after change detection). */
  private focusSoon(selector: string): void {
    setTimeout(() => this.document.querySelector<HTMLElement>(selector)?.focus());
  }
}
