import type { AssignmentStatus } from './learning';
import type { NotificationDelivery, NotificationKind } from './notifications';

/** A person named in a record: enough to show and link the name. */
export interface RecordPersonRef {
  id: string;
  firstName: string;
  lastName: string;
}

/** Why a piece of work is assigned: a cohort, a person (a lead or administrator), or the learner's own choice. */
export type RecordAssignmentSource =
  | { kind: 'cohort'; cohort: { id: string; name: string } }
  | { kind: 'person'; assignedBy: RecordPersonRef | null }
  | { kind: 'self' };

export interface RecordAssignment {
  id: string;
  subject: { kind: 'course' | 'track'; id: string; slug: string; title: string };
  /** ISO date-time; null for work without a due date (chosen by the learner). */
  /** The due day in the city (YYYY-MM-DD), shown as written. */
  dueOn: string | null;
  /** Now, by the one status rule. */
  status: AssignmentStatus;
  /** False for a completed earlier cycle (history). */
  current: boolean;
  cycle: number;
  /** Months between cycles, or null for once. */
  recurrenceMonths: number | null;
  sources: RecordAssignmentSource[];
  assignedAt: string;
  completedAt: string | null;
  exemption: { reason: string; at: string; by: RecordPersonRef | null } | null;
  /** Due days moved later for this person, latest first. */
  extensions: RecordExtension[];
}

/** One person's due day moved later by a lead or administrator, with their reason. */
export interface RecordExtension {
  /** The due day before (YYYY-MM-DD, a city day), if there was one. */
  fromDueOn: string | null;
  /** The due day given (YYYY-MM-DD, a city day). */
  toDueOn: string;
  reason: string;
  at: string;
  by: RecordPersonRef | null;
}

/** A course the person has started: the version they are taking and how far they are. */
export interface RecordCourseProgress {
  course: { id: string; slug: string; title: string };
  version: number;
  startedAt: string;
  completedAt: string | null;
  lessonsCompleted: number;
  lessonsTotal: number;
  /** Percent of knowledge-check questions answered correctly in the passing attempts (completed courses). */
  score: number | null;
}

export interface RecordKnowledgeCheckAttempt {
  course: { id: string; slug: string; title: string };
  lessonTitle: string;
  attempt: number;
  /** Questions answered correctly. */
  score: number;
  passed: boolean;
  submittedAt: string;
}

/**
 * A knowledge check with a limit on attempts, in the latest enrollment in each course the person
 * has started (the one more attempts are granted on), once they have tried it or been granted more.
 */
export interface RecordKnowledgeCheckAllowance {
  course: { id: string; slug: string; title: string };
  lessonSlug: string;
  lessonTitle: string;
  attemptsUsed: number;
  /** The lesson's own allowance plus every grant. */
  attemptsAllowed: number;
  passed: boolean;
  /** The course is retired: no more attempts can be granted. */
  courseRetired: boolean;
  /** More attempts granted, oldest first. */
  grants: { extraAttempts: number; at: string; by: RecordPersonRef | null }[];
}

export interface RecordCertificate {
  id: string;
  title: string;
  serial: string;
  issuedAt: string;
  revokedAt: string | null;
}

/** A reminder about this person's work: their own (due soon, today, overdue), a nudge, or an escalation to a lead. */
export interface RecordReminder {
  kind: NotificationKind;
  /** City-local day (YYYY-MM-DD) it was for. */
  day: string;
  createdAt: string;
  delivery: NotificationDelivery;
  subjectTitle: string;
  /** Nudges: who sent it. Escalations: the lead who was told. */
  by: RecordPersonRef | null;
}

/** Why someone joined or left a cohort. */
export type MembershipReason = 'added' | 'removed' | 'rule' | 'rule_no_longer_matches' | 'cohort_archived';

export interface RecordCohortMembership {
  cohort: { id: string; name: string; archived: boolean };
  joinedAt: string;
  joinReason: MembershipReason;
  leftAt: string | null;
  leaveReason: MembershipReason | null;
}

/**
 * GET /api/staff/:staffId/record — a person's record of learning, for the person, their equity
 * leads and RASE administrators (404 to anyone else, as for a person who does not exist).
 */
export interface PersonRecord {
  person: RecordPersonRef & {
    employeeId: string;
    email: string | null;
    jobTitle: string | null;
    department: { id: string; code: string; name: string };
    active: boolean;
  };
  /** When the record was read (ISO date-time): statuses are as of then. */
  asOf: string;
  /** Current assignments by status, and certificates not revoked. */
  summary: Record<AssignmentStatus, number> & { certificates: number };
  /** Current first (by due date), then past cycles (latest first). */
  assignments: RecordAssignment[];
  courses: RecordCourseProgress[];
  knowledgeChecks: RecordKnowledgeCheckAttempt[];
  /** Limited knowledge checks: attempts used of allowed, and who granted more. */
  knowledgeCheckAllowances: RecordKnowledgeCheckAllowance[];
  certificates: RecordCertificate[];
  /** Latest first, at most RECORD_REMINDER_LIMIT. */
  reminders: RecordReminder[];
  /** Current memberships first, then past ones; latest first. */
  cohorts: RecordCohortMembership[];
}

/** The record shows this many of the latest reminders. */
export const RECORD_REMINDER_LIMIT = 100;

/**
 * record.csv: one row per assignment (current and past), each followed by a row per extension of
 * it (from, to, why, who, when); then a row per knowledge check the person has tried or was given
 * more attempts at (attempts used and allowed, "No limit" where there is none).
 */
export const PERSON_RECORD_CSV_COLUMNS = [
  'row', 'employee_id', 'last_name', 'first_name', 'kind', 'title', 'cycle', 'current', 'status', 'due_on', 'assigned_by',
  'recurrence_months', 'completed_at', 'exempt_reason', 'exempted_by',
  'extended_from', 'extended_to', 'extension_reason', 'extended_by', 'extended_on',
  'knowledge_check', 'attempts_used', 'attempts_allowed', 'passed',
] as const;

/** What a row of record.csv is about (its `row` column). */
export const PERSON_RECORD_CSV_ROWS = { assignment: 'Assignment', extension: 'Extension', knowledgeCheck: 'Knowledge check' } as const;

/** Membership reasons in words, for every screen and file a person reads. */
export const MEMBERSHIP_REASON_LABELS: Record<MembershipReason, string> = {
  added: 'Added by hand',
  removed: 'Removed by hand',
  rule: 'Matched the cohort’s rule',
  rule_no_longer_matches: 'No longer matched the cohort’s rule',
  cohort_archived: 'Cohort archived',
};


/** Assignment statuses in words, for the record's page, CSV and PDF. */
export const RECORD_STATUS_LABELS: Record<AssignmentStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
  overdue: 'Overdue',
  exempt: 'Exempt',
};

/** Reminder kinds in words, as a lead or administrator reads them on someone's record. */
export const RECORD_REMINDER_LABELS: Record<NotificationKind, string> = {
  due_soon: 'Due-soon reminder',
  due_today: 'Due-today reminder',
  overdue: 'Overdue reminder',
  escalation: 'Overdue, told their equity lead',
  nudge: 'Nudge',
};

/** Reminder kinds in words, as the person reads them on their own record ("your", never "their"). */
export const MY_RECORD_REMINDER_LABELS: Record<NotificationKind, string> = {
  ...RECORD_REMINDER_LABELS,
  escalation: 'Overdue, told your equity lead',
};
