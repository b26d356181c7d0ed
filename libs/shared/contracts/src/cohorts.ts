import type { AssignmentStatus } from './learning';
import type { AccountStatus, Page } from './organisation';

/**
 * The equity lead's cohorts and assignments (`/api/cohorts/*`, `/api/assignments/*`).
 *
 * Scope: a lead sees and changes only cohorts owned by a department in their scope (the department
 * they lead and its sub-departments) and only people in that scope; RASE administrators see all and
 * alone create or change city-wide cohorts (`departmentId: null`). Anything out of scope answers
 * 404, never 403, so its existence does not leak. Viewers and learners get 403 on every route.
 * Every change is audited. Errors are application/problem+json with field-level messages.
 *
 *   GET    /api/cohorts?search=&departmentId=&page=&pageSize=         → Page<CohortSummary>
 *   POST   /api/cohorts                       CreateCohortRequest     → 201 CohortDetail
 *   GET    /api/cohorts/:id                                           → CohortDetail
 *   PATCH  /api/cohorts/:id                   UpdateCohortRequest     → CohortDetail (a rule change re-evaluates membership)
 *   DELETE /api/cohorts/:id                                           → 204 (archives; members leave with reason 'cohort_archived')
 *   POST   /api/cohorts/:id/restore                                   → 200 CohortDetail (the definition only: no members, no assignments)
 *   POST   /api/cohorts/preview               CohortRulePreviewRequest → CohortRulePreview (nothing is saved)
 *
 *   POST   /api/cohorts/:id/members           AddMembersRequest       → MembershipChangeResult (static cohorts; 409 for rule cohorts)
 *   POST   /api/cohorts/:id/members/paste     PasteMembersRequest     → PasteMembersResult      (static cohorts)
 *   POST   /api/cohorts/:id/members/remove    RemoveMembersRequest    → MembershipChangeResult  (static cohorts)
 *   GET    /api/cohorts/:id/members?…MembersQuery                     → Page<CohortMemberRow>
 *   GET    /api/cohorts/:id/members.csv?…MembersQuery                 → text/csv, every row of the filtered, sorted list
 *                                                                       (no paging), columns = CSV_COLUMNS
 *   GET    /api/cohorts/:id/history?page=&pageSize=                   → Page<MembershipHistoryRow>
 *
 *   GET    /api/cohorts/:id/assignments                               → CohortAssignmentView[]
 *   POST   /api/cohorts/:id/assignments       AssignRequest           → 201 AssignResult (one set-based statement; assigning the same
 *                                                                        course or track again updates the one definition)
 *   POST   /api/cohorts/:id/assignments/preview  AssignRequest        → 200 AssignPreview (nothing is saved)
 *   GET    /api/cohorts/:id/assignments/:assignmentId/withdrawal      → 200 WithdrawalPreview (who is affected)
 *   POST   /api/cohorts/:id/assignments/:assignmentId/withdrawal  WithdrawRequest → 200 WithdrawalResult (audited; people told by mail)
 *   POST   /api/cohorts/:id/assignments/:assignmentId/rule/preview  RuleChangePreviewRequest → 200 RuleChangePreview (nothing changes)
 *   POST   /api/cohorts/:id/assignments/:assignmentId/rule  RuleChangeRequest → 200 RuleChangeResult (audited; people whose
 *                                                                        due day changes are told by mail)
 *   POST   /api/assignments                   AssignToPersonRequest   → 201 AssignResult (one person in scope)
 *   POST   /api/assignments/:id/exemption     ExemptRequest           → 200 AssignmentView
 *   DELETE /api/assignments/:id/exemption                             → 200 AssignmentView (reverses it)
 *   POST   /api/assignments/:id/extension     ExtendRequest           → 200 AssignmentView (a later due day, with a reason;
 *                                                                        audited; the person is told by mail)
 *   POST   /api/cohorts/:id/nudges            NudgeRequest            → 202 NudgeResult
 *   POST   /api/cohorts/:id/exemptions/preview  BulkExemptPreviewRequest → 200 BulkExemptPreview (nothing changes)
 *   POST   /api/cohorts/:id/exemptions        BulkExemptRequest       → 200 BulkExemptResult (one audit event per assignment)
 *   POST   /api/cohorts/:id/extensions/preview  BulkExtendPreviewRequest → 200 BulkExtendPreview (nothing changes)
 *   POST   /api/cohorts/:id/extensions        BulkExtendRequest       → 200 BulkExtendResult (each as one extension:
 *                                                                        kept, audited, the person told by mail)
 */

export const COHORT_KINDS = ['static', 'rule'] as const;
export type CohortKind = (typeof COHORT_KINDS)[number];

export const MANAGER_SCOPES = ['direct', 'chain'] as const;
export type ManagerScope = (typeof MANAGER_SCOPES)[number];

/**
 * A rule selects staff whose attributes satisfy EVERY present criterion (AND); within a list
 * criterion any value matches (OR). Absent/empty criteria do not restrict. The rule is always
 * intersected with the cohort's owning department subtree (and the caller's scope).
 */
export interface CohortRule {
  /** Each id includes its whole sub-department tree. */
  departmentIds?: string[];
  /** Exact, case-insensitive. */
  jobClasses?: string[];
  /** Case-insensitive substring of the job title. */
  jobTitleContains?: string;
  /** Exact, case-insensitive. */
  workLocations?: string[];
  /** ISO dates (YYYY-MM-DD), inclusive. */
  hiredAfter?: string;
  hiredBefore?: string;
  /** Hired within the last N days (evaluated whenever membership is re-evaluated). */
  hiredWithinDays?: number;
  /** Reports of this person: direct reports only, or the whole reporting chain below them. */
  managerId?: string;
  managerScope?: ManagerScope;
  /** Default true: inactive staff never match. */
  activeOnly?: boolean;
}

export interface CohortSummary {
  id: string;
  name: string;
  description: string | null;
  kind: CohortKind;
  /** null = city-wide (RASE administrators only). */
  department: { id: string; code: string; name: string } | null;
  memberCount: number;
  assignmentCount: number;
  createdAt: string;
  updatedAt: string;
  /** When it was archived (only archived cohorts, listed with `archived=true`, have one). */
  archivedAt?: string | null;
}

/** GET /api/cohorts/:id */
export interface CohortDetail extends CohortSummary {
  /** Present for kind 'rule'. */
  rule: CohortRule | null;
  owner: { id: string; firstName: string; lastName: string } | null;
  /** When rule membership was last recomputed. */
  evaluatedAt: string | null;
}

/** GET /api/cohorts query. */
export interface CohortQuery {
  search?: string;
  departmentId?: string;
  /** 'true': archived cohorts (to restore one) instead of current ones. */
  archived?: 'true' | 'false';
  page?: number;
  pageSize?: number;
}

/** POST /api/cohorts — `rule` required iff kind = 'rule'. A leads' departmentId is required and must be in scope. */
export interface CreateCohortRequest {
  name: string;
  description?: string | null;
  departmentId: string | null;
  kind: CohortKind;
  rule?: CohortRule;
}

/** PATCH /api/cohorts/:id — kind cannot change. */
export interface UpdateCohortRequest {
  name?: string;
  description?: string | null;
  departmentId?: string | null;
  rule?: CohortRule;
}

/** POST /api/cohorts/preview — who the rule would select, in the caller's scope, for the given owner department. */
export interface CohortRulePreviewRequest {
  departmentId: string | null;
  rule: CohortRule;
  pageSize?: number;
}

export interface CohortPerson {
  id: string;
  employeeId: string;
  firstName: string;
  lastName: string;
  email: string;
  department: { id: string; code: string; name: string };
  jobTitle: string | null;
  jobClass: string | null;
}

export interface CohortRulePreview {
  count: number;
  /** The first page, by last name then first name. */
  people: CohortPerson[];
}

/** POST /api/cohorts/:id/members and …/members/remove — staff ids; out of scope → 400 with field errors. */
export interface AddMembersRequest {
  staffIds: string[];
}
export type RemoveMembersRequest = AddMembersRequest;

export interface MembershipChangeResult {
  /** How many people actually joined (or left); repeats are harmless. */
  changed: number;
  memberCount: number;
}

/** POST /api/cohorts/:id/members/paste — one email or employee id per line (commas/semicolons also split). */
export interface PasteMembersRequest {
  text: string;
}

export interface PasteMembersResult extends MembershipChangeResult {
  /** 1-based line numbers of entries that matched nobody in scope (or an inactive person). */
  errors: { line: number; value: string; message: string }[];
}

export const MEMBER_FILTERS = ['overdue', 'not_started', 'in_progress', 'completed', 'exempt'] as const;
export type MemberFilter = (typeof MEMBER_FILTERS)[number];

export const MEMBER_SORTS = ['name', 'department', 'due', 'lastActivity', 'status'] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];

/**
 * GET /api/cohorts/:id/members — current members, server-paged. `status` keeps members with at
 * least one of this cohort's assignments in that status; `search` matches name, email, employee id.
 */
export interface MembersQuery {
  status?: MemberFilter;
  search?: string;
  sort?: MemberSort;
  direction?: 'asc' | 'desc';
  page?: number;
  /** 1..200, default 50. */
  pageSize?: number;
}

/** One assignment of a member that this cohort is a source of. */
export interface MemberAssignmentCell {
  assignmentId: string;
  kind: 'course' | 'track';
  slug: string;
  title: string;
  status: AssignmentStatus;
  /** The due day, YYYY-MM-DD, in the city's time zone. */
  dueOn: string | null;
  completedAt: string | null;
  exemptReason: string | null;
  /** Why open work is due when it is, where the rule alone would surprise; null otherwise. */
  dueBasis?: DueBasis | null;
}

/**
 * `extended`: a lead or administrator gave this person a later day. `hired_before_start` /
 * `no_hire_date`: "days after hire" counted from the day the assignment started (`startsOn`).
 */
export interface DueBasis {
  basis: 'extended' | 'hired_before_start' | 'no_hire_date';
  days: number | null;
  startsOn: string;
}

export interface CohortMemberRow {
  staff: CohortPerson;
  /** How the member gets into Equip (see AccountStatus). */
  account: AccountStatus;
  joinedAt: string;
  /** Earliest due day (YYYY-MM-DD, the city's) among this cohort's open assignments for the person. */
  nextDueOn: string | null;
  lastActivityAt: string | null;
  assignments: MemberAssignmentCell[];
  /** The member's latest nudge from this cohort ("nudged Dec 4 by Emily Sullivan"), or null. */
  lastNudge: { at: string; by: { id: string; firstName: string; lastName: string } | null } | null;
}

/**
 * members.csv: one row per member × cohort assignment (a member without assignments gets one row
 * with empty assignment columns), in the members page's filter and sort order.
 */
export const COHORT_MEMBERS_CSV_COLUMNS = [
  'employee_id', 'last_name', 'first_name', 'email', 'department', 'job_title', 'joined_at',
  'last_activity_at', 'assignment_kind', 'assignment', 'status', 'due_on', 'completed_at', 'exempt_reason',
] as const;

export interface MembershipHistoryRow {
  staff: { id: string; firstName: string; lastName: string };
  joinedAt: string;
  leftAt: string | null;
  /** Why they joined/left: 'added', 'removed', 'rule', 'rule_no_longer_matches', 'cohort_archived'. */
  joinReason: string;
  leaveReason: string | null;
}

/**
 * Due date: a calendar day (YYYY-MM-DD) in the city's time zone, due at the end of that day there, or
 * N days after the person's hire date / the city day they joined the cohort.
 */
export type DueRule =
  | { kind: 'absolute'; dueOn: string }
  | { kind: 'after_hire'; days: number }
  | { kind: 'after_joining'; days: number };

/** POST /api/cohorts/:id/assignments — exactly one of courseSlug / trackSlug. */
export interface AssignRequest {
  courseSlug?: string;
  trackSlug?: string;
  /** ISO date; default today. Assignments do not open for a person before it. */
  startsOn?: string;
  due: DueRule;
  /** Months between cycles (1..60), or null for once. */
  recurrenceMonths?: number | null;
}

/** POST /api/assignments — one person (in scope). `after_joining` is not allowed here. */
export interface AssignToPersonRequest extends AssignRequest {
  staffId: string;
}

export interface AssignResult {
  /** The cohort assignment definition (null when assigning to one person). */
  cohortAssignmentId: string | null;
  /** The cohort already assigned this course or track (or had withdrawn it): its one definition was updated. */
  updated?: boolean;
  /** New assignment rows. */
  created: number;
  /** People who already had it open: this source is added, the due date becomes the earliest. */
  merged: number;
}

/**
 * POST /api/cohorts/:id/assignments/preview — what assigning would do, worked out exactly and not
 * saved: whether it updates an assignment the cohort already has (`existing`), how many people get
 * a new assignment, how many already had it open, and how many already completed it.
 */
export interface AssignPreview {
  existing: CohortAssignmentView | null;
  /** The existing definition was withdrawn; assigning brings it back. */
  withdrawn: boolean;
  members: number;
  created: number;
  merged: number;
}

/**
 * GET /api/cohorts/:id/assignments/:assignmentId/withdrawal — who withdrawing would affect:
 * "38 people; 5 already completed keep their completion". `losing` have it open and lose it (they
 * are told by mail); `keepingElsewhere` have it open from another cohort or a lead and keep it.
 */
export interface WithdrawalPreview {
  people: number;
  completed: number;
  losing: number;
  keepingElsewhere: number;
}

/** POST …/withdrawal — `people` must equal the preview's count (409 when it changed since). */
export interface WithdrawRequest {
  people: number;
}

export interface WithdrawalResult extends WithdrawalPreview {
  /** People mailed that the work is no longer assigned to them. */
  told: number;
}

/**
 * A new due rule or recurrence for one of a cohort's assignments. The first day it opens stays;
 * open work from it gets the new due day, except where a personal extension is later.
 */
export interface RuleChangePreviewRequest {
  due: DueRule;
  recurrenceMonths?: number | null;
}

/** Who a rule change affects: everyone whose latest cycle came from it. */
export interface RuleChangePreview {
  people: number;
  /** Already completed: they keep their completion. */
  completed: number;
  /** Open work that gets a different due day (they are told by mail). */
  newDueDay: number;
  /** Open work whose personal extension is later than the new day: it stands. */
  keepingExtension: number;
  /** Exempt: nothing changes for them. */
  exempt: number;
}

/** POST …/rule — `people` must equal the preview's count (409 when it changed since). */
export interface RuleChangeRequest extends RuleChangePreviewRequest {
  people: number;
}

export interface RuleChangeResult extends RuleChangePreview {
  /** People mailed their new due day. */
  told: number;
}

/** GET /api/cohorts/:id/assignments — what the cohort assigns. */
export interface CohortAssignmentView {
  id: string;
  kind: 'course' | 'track';
  slug: string;
  title: string;
  startsOn: string;
  due: DueRule;
  recurrenceMonths: number | null;
  createdAt: string;
  counts: Record<AssignmentStatus, number>;
}

/** POST /api/assignments/:id/exemption — reason required (1..500 chars). */
export interface ExemptRequest {
  reason: string;
}

/**
 * POST /api/assignments/:id/extension — one person's open assignment gets a later due day:
 * `dueOn` (YYYY-MM-DD, city day) after the current one and not in the past; reason required (1..500 chars).
 */
export interface ExtendRequest {
  dueOn: string;
  reason: string;
}

export interface AssignmentView {
  id: string;
  staffId: string;
  kind: 'course' | 'track';
  slug: string;
  title: string;
  /** The due day, YYYY-MM-DD, in the city's time zone. */
  dueOn: string | null;
  status: AssignmentStatus;
  exemptReason: string | null;
  exemptedAt: string | null;
  completedAt: string | null;
  recurrenceMonths: number | null;
  cycle: number;
}

/**
 * POST /api/cohorts/:id/nudges — remind selected members of this cohort's open assignments. At most
 * one nudge per person × assignment per calendar day (UTC): repeats are counted as skipped. Each
 * recorded nudge is a `nudge` row plus an outbox event 'assignment.nudged' for the worker.
 */
export interface NudgeRequest {
  staffIds: string[];
  /** Only these of the cohort's assignments; default all open ones. */
  assignmentIds?: string[];
  /** A personal note quoted in the mail (at most 500 characters; blank means none). */
  note?: string | null;
}

export interface NudgeResult {
  queued: number;
  skipped: number;
}

export type CohortPage = Page<CohortSummary>;

/** A cohort on the lead's home with work needing attention. */
export interface LeadHomeCohort {
  id: string;
  name: string;
  /** Open assignments from this cohort past their due date. */
  overdue: number;
  /** Open assignments from this cohort due in the next `LEAD_HOME_DUE_DAYS` days and not started. */
  dueSoonNotStarted: number;
}

/** A nudge on the lead's home: who was reminded of what, by whom, when. */
export interface LeadHomeNudge {
  at: string;
  person: { id: string; firstName: string; lastName: string };
  title: string;
  cohort: { id: string; name: string } | null;
  by: { id: string; firstName: string; lastName: string } | null;
}

/**
 * GET /api/lead/home — the equity lead's home (administrators: the city): cohorts with
 * overdue or soon-due unstarted work, how many active people in scope cannot sign in yet, and the
 * latest nudges.
 */
export interface LeadHome {
  cohorts: LeadHomeCohort[];
  withoutAccount: number;
  recentNudges: LeadHomeNudge[];
}

/** "Due in the next 14 days and not started" on the lead's home. */
export const LEAD_HOME_DUE_DAYS = 14;
/** How many of the latest nudges the lead's home lists. */
export const LEAD_HOME_NUDGES = 10;

/** POST /api/cohorts/:id/exemptions/preview — how many of the selected members one of the cohort's assignments would exempt. */
export interface BulkExemptPreviewRequest {
  staffIds: string[];
  cohortAssignmentId: string;
}

export interface BulkExemptPreview {
  /** Selected members with this assignment open and not exempt: the ones it exempts. */
  count: number;
  /** Selected but left alone: completed, already exempt, not a member, or oneself. */
  skipped: number;
}

/** POST /api/cohorts/:id/exemptions — `count` is the preview's; refused (409) when it changed since. */
export interface BulkExemptRequest extends BulkExemptPreviewRequest {
  reason: string;
  count: number;
}

export interface BulkExemptResult {
  exempted: number;
}

/** POST /api/cohorts/:id/extensions/preview — the selected members, one of the cohort's assignments, the new due day. */
export interface BulkExtendPreviewRequest {
  staffIds: string[];
  cohortAssignmentId: string;
  /** The new due day (YYYY-MM-DD, a city day): today or later. */
  dueOn: string;
}

/** What extending the selected members would do; nothing changes. */
export interface BulkExtendPreview {
  /** Selected members who have this assignment (open, completed or exempt). */
  people: number;
  /** Open, not exempt, due before the new day (or with no due day): the ones it extends. */
  extending: number;
  /** Already completed: left as they are. */
  completed: number;
  /** Open but already due on the new day or later: left as they are. */
  alreadyLater: number;
  /** Exempt: there is no due day to extend. */
  exempt: number;
  /** Selected but not given this assignment by the cohort (not a current member, or oneself). */
  skipped: number;
}

/** POST /api/cohorts/:id/extensions — `count` is the preview's `extending`; refused (409) when it changed since. */
export interface BulkExtendRequest extends BulkExtendPreviewRequest {
  reason: string;
  count: number;
}

export interface BulkExtendResult {
  extended: number;
  /** How many of them were mailed (those with an email address). */
  told: number;
}

/**
 * GET /api/cohort-rule-choices — the job classes and work locations of active staff the caller may
 * see (the city's own values, from the staff table), each with how many people have it, so a rule
 * is built from values that exist.
 */
export interface RuleChoices {
  jobClasses: { value: string; count: number }[];
  workLocations: { value: string; count: number }[];
}
