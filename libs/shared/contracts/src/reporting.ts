import type { Page } from './organisation';

/**
 * RASE reporting (`/api/reports/*`): the city-wide dashboard, drill-down, disaggregation and each
 * department's equity progression.
 *
 * Who sees what: RASE administrators and viewers see the whole city; equity leads see the
 * departments they lead and everything under them (a department outside that scope answers 404).
 * Person-level lists are for administrators and for leads in their own departments: viewers get
 * 403 on them (aggregates only). Learners get 403 on every route.
 *
 * Exact or protected figures: a caller who may see the people behind a figure — a RASE
 * administrator, an equity lead inside their own departments — gets it exact. Viewers get protected
 * figures: every count of people (or of their assignments) between 1 and 4 is shown as "fewer
 * than 5" (`suppressed: 'fewer_than_5'`, `count: null`), and further cells are hidden
 * (`suppressed: 'complementary'`) so that no hidden number can be worked out from totals and the
 * other cells. A viewer who also leads departments gets exact figures for those departments and
 * protected ones elsewhere (`disclosure: 'mixed'`). `figures=published` asks for what a viewer
 * would see (an administrator's "show as published"); the CSV exports and the summary PDF default
 * to it, since they are made to be shared, and take `figures=exact` for the caller's own figures.
 * A suppressed cell is written as "fewer than 5" or "suppressed" in a CSV, never as the number.
 *
 * Figures follow the one status rule (assignmentStatus in shared-domain): exempt > completed >
 * overdue > in progress > not started. The dashboard counts the current cycle of each
 * assignment (a recurring assignment's completed earlier cycles are history, not workload);
 * completions over time count every completion.
 *
 *   GET  /api/reports/filters                                   → ReportFilterOptions
 *   GET  /api/reports/dashboard?…DashboardQuery                 → Dashboard
 *   GET  /api/reports/dashboard/heatmap.csv?…DashboardQuery     → text/csv, columns HEATMAP_CSV_COLUMNS
 *   GET  /api/reports/dashboard/weekly.csv?…DashboardQuery      → text/csv, columns WEEKLY_CSV_COLUMNS
 *   GET  /api/reports/dashboard/competencies.csv?…DashboardQuery → text/csv, columns COMPETENCY_CSV_COLUMNS
 *   GET  /api/reports/dashboard/summary.pdf?…DashboardQuery    → application/pdf: one page for leadership (same figures, same suppression)
 *   GET  /api/reports/departments/:id?…DashboardQuery           → DepartmentReport
 *   GET  /api/reports/departments/:id/people?…PeopleQuery        → Page<ReportPerson>   (admins; leads in scope; viewers 403)
 *   GET  /api/reports/departments/:id/people.csv?…PeopleQuery    → text/csv, columns PEOPLE_CSV_COLUMNS, every row (viewers 403)
 *   GET  /api/reports/cohorts/:id                               → CohortReport (aggregates; viewers may see it)
 *   GET  /api/reports/cohorts/:id/people?…CohortPeopleQuery      → Page<ReportPerson>   (admins; leads in scope; viewers 403)
 *   GET  /api/reports/cohorts/:id/people.csv?…CohortPeopleQuery  → text/csv, columns PEOPLE_CSV_COLUMNS, every row (viewers 403)
 *   GET  /api/reports/disaggregation?…DisaggregationQuery       → Disaggregation
 *   GET  /api/reports/disaggregation.csv?…DisaggregationQuery   → text/csv, columns DISAGGREGATION_CSV_COLUMNS
 *   GET  /api/reports/progression                               → ProgressionOverview
 *   GET  /api/reports/progression.csv                           → text/csv, columns PROGRESSION_CSV_COLUMNS
 *   GET  /api/reports/progression/:departmentId                 → DepartmentProgression
 *   GET  /api/reports/indicators/records?departmentId=          → IndicatorRecordView[]
 *   POST /api/reports/indicators/records   RecordIndicatorRequest → 201 IndicatorRecordView (RASE administrators; audited)
 */

/**
 * Why a figure is hidden: a group of 1–4; a complement, hidden to keep a hidden figure from being
 * worked out (5 or more); or withheld — not published at all, since even its mark would give a
 * hidden figure away, or since it is not part of the published figures (a sum over hidden ones).
 */
export type Suppression = 'fewer_than_5' | 'complementary' | 'withheld';

/** Groups smaller than this are never shown. */
export const SUPPRESSION_THRESHOLD = 5;

/** The words that stand for a hidden count on every page, export and PDF. */
export const SUPPRESSION_WORDS: Record<Suppression, string> = {
  fewer_than_5: `fewer than ${SUPPRESSION_THRESHOLD}`,
  complementary: 'suppressed',
  withheld: 'not published',
};

/** Each hidden cell's reason, as the administrator's "show as published" preview gives it. */
export const SUPPRESSION_REASONS: Record<Suppression, string> = {
  fewer_than_5: `Hidden because it counts a group of 1 to ${SUPPRESSION_THRESHOLD - 1} people.`,
  complementary: 'Hidden so that a smaller hidden figure cannot be worked out from the totals.',
  withheld: 'Not published: it is not one of the published figures, or it would let a hidden figure be worked out.',
};

/** Where protected figures were read from: the publication the worker stores (nightly, and on "Publish now"). */
export interface PublicationInfo {
  /** When it was computed (ISO 8601). */
  computedAt: string;
  /** The city day its "overdue" counts (YYYY-MM-DD). */
  asOfDay: string;
}

/** The one sentence shown wherever figures are protected. */
export const PROTECTED_FIGURES_EXPLANATION =
  `To protect small groups, "fewer than ${SUPPRESSION_THRESHOLD}" stands for a count from 1 to ${SUPPRESSION_THRESHOLD - 1} ` +
  '(zero is shown as 0 and nothing is rounded), "suppressed" hides a figure that would let a hidden one be worked out, ' +
  'and "not published" marks a figure outside the published ones.';

/**
 * Which figures to answer with: `exact` — as exact as the caller may see (still protected for a
 * viewer, and outside the departments a lead leads); `published` — what a viewer sees, for everyone.
 */
export const REPORT_FIGURES = ['exact', 'published'] as const;
export type ReportFigures = (typeof REPORT_FIGURES)[number];

/**
 * How the figures of an answer were published: all `exact`, all `protected`, or `mixed` (exact for
 * the departments a viewer also leads, protected elsewhere; a total spanning both is protected).
 */
export type FigureDisclosure = 'exact' | 'protected' | 'mixed';

/** A count that may be hidden. When `suppressed` is set, `count` is null. */
export interface ReportCount {
  count: number | null;
  suppressed: Suppression | null;
}

/** `course:<slug>` or `track:<slug>`: a column of the heatmap. */
export type SubjectKey = `${'course' | 'track'}:${string}`;

export interface ReportSubject {
  key: SubjectKey;
  kind: 'course' | 'track';
  slug: string;
  title: string;
}

/**
 * Filters shared by the dashboard, its CSVs and the department report. Every field is optional.
 * `from`/`to` (ISO dates, inclusive, UTC) bound the completions-over-time series (default: the 26
 * weeks up to today; weeks start on Monday and a range is widened to whole weeks).
 */
export interface DashboardQuery {
  /** The department and everything under it (must be in the caller's scope). */
  departmentId?: string;
  /** Only this course or track (a SubjectKey). */
  subject?: SubjectKey;
  from?: string;
  to?: string;
  /** Exact job class (as GET /api/reports/filters lists them). */
  jobClass?: string;
  workLocation?: string;
  /** Default false: staff who have left are counted too (their history stays in the record). */
  activeOnly?: boolean;
  /** Default `exact` for the dashboard and the department report; `published` for the CSVs and the PDF. */
  figures?: ReportFigures;
}

/** GET /api/reports/filters: what the filter controls offer, in the caller's scope. */
export interface ReportFilterOptions {
  departments: { id: string; code: string; name: string; parentId: string | null; depth: number }[];
  subjects: ReportSubject[];
  jobClasses: string[];
  workLocations: string[];
}

/** The headline figures. */
export interface DashboardOverview {
  /** The track counted as "trained" (content/indicators.yaml `foundationsTrack`). */
  foundationsTrack: ReportSubject;
  /** Staff (matching the filters) who completed the foundations track. */
  staffTrained: ReportCount;
  /** Staff matching the filters (the denominator of the share trained). */
  staff: ReportCount;
  /** staffTrained / staff, 0–100 with one decimal; null when either is hidden or staff is 0. */
  shareTrainedPercent: number | null;
  /** Completions (assignments completed, any cycle) since the first day of this calendar quarter (UTC). */
  completionsThisQuarter: ReportCount;
  quarterStart: string;
  /** Open assignments whose due instant has passed (the status rule's "overdue"). */
  overdueNow: ReportCount;
  /** Open assignments due from now until the end of the 30th day from today (UTC). */
  dueNext30Days: ReportCount;
  /** When the figures were computed (the status rule depends on it). */
  asOf: string;
}

/** One heatmap cell: a department (its whole subtree) against a course or track. Current cycles only. */
export interface HeatmapCell {
  subject: SubjectKey;
  /** Assignments (one per person, current cycle). */
  assigned: ReportCount;
  completed: ReportCount;
  exempt: ReportCount;
  overdue: ReportCount;
  /** completed / (assigned − exempt), 0–100 with one decimal; null when hidden or nothing is due. */
  percentCompleted: number | null;
}

/** A heatmap row: a department with its subtree's figures, in tree order (parents before children). */
export interface HeatmapRow {
  department: { id: string; code: string; name: string; parentId: string | null; depth: number; hasChildren: boolean };
  cells: HeatmapCell[];
}

/** One week (Monday, UTC) of the completions-over-time series. */
export interface WeeklyPoint {
  weekStart: string;
  /** Completions (any course or track matching the filters) in the week. */
  completions: ReportCount;
  /** Staff who had completed the foundations track by the end of the week. */
  trainedCumulative: ReportCount;
  /** trainedCumulative / today's staff count, 0–100 with one decimal. */
  shareTrainedPercent: number | null;
}

export interface CompetencyLevelCount {
  competency: { slug: string; name: string };
  level: string;
  /** 0 = the lowest level. */
  rank: number;
  /** Staff awarded this level. */
  staff: ReportCount;
}

/** GET /api/reports/dashboard */
export interface Dashboard {
  query: DashboardQuery;
  disclosure: FigureDisclosure;
  subjects: ReportSubject[];
  overview: DashboardOverview;
  heatmap: HeatmapRow[];
  weekly: WeeklyPoint[];
  competencies: CompetencyLevelCount[];
  /** Protected figures: the publication they were read from (weekly and competencies are then empty: not published). Exact: null. */
  publication: PublicationInfo | null;
}

export const HEATMAP_CSV_COLUMNS = [
  'department_code', 'department', 'depth', 'subject', 'assigned', 'completed', 'exempt', 'overdue', 'percent_completed',
] as const;
export const WEEKLY_CSV_COLUMNS = ['week_start', 'completions', 'trained_cumulative', 'share_trained_percent'] as const;
export const COMPETENCY_CSV_COLUMNS = ['competency', 'level', 'staff'] as const;

/** A cohort owned by the department (or under it), with completion across what it assigns. */
export interface CohortCompletion {
  id: string;
  name: string;
  department: { id: string; code: string; name: string } | null;
  members: ReportCount;
  /** Current-cycle assignments from this cohort, by status. */
  assigned: ReportCount;
  completed: ReportCount;
  overdue: ReportCount;
  percentCompleted: number | null;
}

/** GET /api/reports/departments/:id: the department's heatmap row and its children, and its cohorts. */
export interface DepartmentReport {
  department: { id: string; code: string; name: string; parentId: string | null };
  /** The department first, then its direct sub-departments. */
  rows: HeatmapRow[];
  subjects: ReportSubject[];
  cohorts: CohortCompletion[];
  /** Whether the caller may open the people list (administrators; leads in their departments). */
  canListPeople: boolean;
  disclosure: FigureDisclosure;
  /** Protected figures: the publication they were read from (cohorts are then not listed: not published). Exact: null. */
  publication: PublicationInfo | null;
}

/** GET /api/reports/cohorts/:id: a cohort's figures per course or track. */
export interface CohortReport {
  cohort: { id: string; name: string; department: { id: string; code: string; name: string } | null };
  members: ReportCount;
  subjects: (HeatmapCell & { title: string })[];
  canListPeople: boolean;
  disclosure: FigureDisclosure;
}

export const REPORT_PERSON_STATUSES = ['overdue', 'not_started', 'in_progress', 'completed', 'exempt'] as const;

/**
 * GET /api/reports/cohorts/:id/people: the cohort's current members in the caller's scope, by
 * name, each with the current cycle of what the cohort assigns (what its figures count).
 */
export interface CohortPeopleQuery {
  /** People with at least one listed assignment in this status (the one status rule). */
  status?: (typeof REPORT_PERSON_STATUSES)[number];
  /** Part of a name, an email or an employee ID. */
  search?: string;
  page?: number;
  /** 1..200, default 50. */
  pageSize?: number;
}

/** GET /api/reports/departments/:id/people: staff of the department subtree (filters apply), by name. */
export interface PeopleQuery extends DashboardQuery, CohortPeopleQuery {}

export interface ReportPerson {
  id: string;
  employeeId: string;
  firstName: string;
  lastName: string;
  department: { id: string; code: string; name: string };
  jobClass: string | null;
  workLocation: string | null;
  active: boolean;
  /** Their current-cycle assignments (only the filtered subject when `subject` is set). */
  assignments: { subject: SubjectKey; title: string; status: (typeof REPORT_PERSON_STATUSES)[number]; /** YYYY-MM-DD, the city's day. */ dueOn: string | null; completedAt: string | null }[];
}

export type ReportPeoplePage = Page<ReportPerson>;

export const PEOPLE_CSV_COLUMNS = [
  'employee_id', 'last_name', 'first_name', 'department', 'job_class', 'work_location', 'active', 'subject', 'status', 'due_on', 'completed_at',
] as const;

export const DISAGGREGATION_DIMENSIONS = ['job_class', 'work_location', 'tenure_band'] as const;
export type DisaggregationDimension = (typeof DISAGGREGATION_DIMENSIONS)[number];

/** Years of service (current year − hire year), in bands. Unknown hire dates form their own group. */
export const TENURE_BANDS = ['under 2 years', '2–4 years', '5–9 years', '10–19 years', '20 years or more', 'unknown'] as const;

/** GET /api/reports/disaggregation: completion of one course or track by a staff attribute. */
export interface DisaggregationQuery {
  dimension: DisaggregationDimension;
  /** Required: the course or track. */
  subject: SubjectKey;
  departmentId?: string;
  activeOnly?: boolean;
  /** Default `exact` for the JSON answer, `published` for the CSV. */
  figures?: ReportFigures;
}

export interface DisaggregationRow {
  /** The attribute's value ('unknown' when the roster has none). */
  group: string;
  assigned: ReportCount;
  completed: ReportCount;
  percentCompleted: number | null;
}

export interface Disaggregation {
  query: DisaggregationQuery;
  subject: ReportSubject;
  rows: DisaggregationRow[];
  total: DisaggregationRow;
  disclosure: FigureDisclosure;
  /** Protected figures: the publication they were read from. Exact: null. */
  publication: PublicationInfo | null;
}

export const DISAGGREGATION_CSV_COLUMNS = ['group', 'assigned', 'completed', 'percent_completed'] as const;

// ── department equity progression ───────────────────────────────────────────────────────────────

export const PROGRESSION_STAGES = ['emerging', 'developing', 'practicing', 'embedded'] as const;
export type ProgressionStage = (typeof PROGRESSION_STAGES)[number];

/** How an indicator's value is read: a share (0–100) or yes/no. */
export type IndicatorKind = 'percent' | 'boolean';
/** Measured: computed from Equip's data. Recorded: entered by RASE administrators with evidence. */
export type IndicatorSource = 'measured' | 'recorded';

export interface IndicatorDefinition {
  key: string;
  name: string;
  description: string;
  source: IndicatorSource;
  kind: IndicatorKind;
}

/** A stage's requirement: indicator value ≥ min (percent) or true (boolean). */
export interface StageRequirement {
  indicator: string;
  /** Percent indicators: the minimum share; boolean indicators: true. */
  min: number | true;
}

export interface StageDefinition {
  stage: ProgressionStage;
  name: string;
  description: string;
  /** Every requirement of this stage and of the stages before it must hold. */
  requires: StageRequirement[];
}

/**
 * An indicator's value for a department: a percent, yes/no, or null when not known (nothing
 * recorded, nobody to count) or withheld. A measured share of a group of 1–4 people (a small
 * department's staff, its managers) is withheld: `value` null, `suppressed` 'fewer_than_5'.
 */
export interface IndicatorValue {
  indicator: string;
  value: number | boolean | null;
  /** Why `value` is withheld; null or absent when it is shown (or simply not known). */
  suppressed?: Extract<Suppression, 'fewer_than_5'> | null;
  /** Recorded indicators: when, by whom (name), evidence link. */
  recordedOn?: string | null;
  evidenceUrl?: string | null;
}

export interface DepartmentStage {
  department: { id: string; code: string; name: string };
  /** null = not yet at the first stage's requirements (shown as "Not started"). */
  stage: ProgressionStage | null;
  /**
   * The next stage and what it still needs; null at the last stage. `current` is withheld (null,
   * `suppressed` set) exactly when the indicator's value is.
   */
  next: { stage: ProgressionStage; missing: { indicator: string; needed: number | true; current: number | boolean | null; suppressed?: Extract<Suppression, 'fewer_than_5'> | null }[] } | null;
  indicators: IndicatorValue[];
}

/**
 * GET /api/reports/progression: every top-level department in scope. A department's stage is
 * placed on its true values, withheld ones included (a stage tells that a share crossed a
 * threshold, never the share).
 */
export interface ProgressionOverview {
  indicators: IndicatorDefinition[];
  stages: StageDefinition[];
  departments: DepartmentStage[];
  asOf: string;
  disclosure: FigureDisclosure;
}

export interface ProgressionSnapshotView {
  /** First day of the month (YYYY-MM-01). */
  month: string;
  stage: ProgressionStage | null;
  indicators: IndicatorValue[];
}

/** GET /api/reports/progression/:departmentId: current stage and monthly history (oldest first). */
export interface DepartmentProgression {
  indicators: IndicatorDefinition[];
  stages: StageDefinition[];
  current: DepartmentStage;
  history: ProgressionSnapshotView[];
  records: IndicatorRecordView[];
  disclosure: FigureDisclosure;
}

export const PROGRESSION_CSV_COLUMNS = ['department_code', 'department', 'stage', 'next_stage', 'missing', 'indicator', 'value'] as const;

/** POST /api/reports/indicators/records: a recorded indicator's value for a department, with evidence. */
export interface RecordIndicatorRequest {
  departmentId: string;
  /** A recorded indicator's key from content/indicators.yaml. */
  indicator: string;
  /** Percent indicators: 0–100; boolean indicators: true/false. */
  value: number | boolean;
  /** ISO date (YYYY-MM-DD), not in the future. */
  recordedOn: string;
  /** An https:// (or http://) link to the evidence. */
  evidenceUrl: string;
  note?: string | null;
}

export interface IndicatorRecordView {
  id: string;
  department: { id: string; code: string; name: string };
  indicator: string;
  value: number | boolean;
  recordedOn: string;
  evidenceUrl: string;
  note: string | null;
  recordedBy: { id: string; firstName: string; lastName: string } | null;
  recordedAt: string;
}

/**
 * GET /api/reports/publication (RASE administrators): the newest publication viewers are answered
 * from. POST /api/reports/publication (audited) asks the worker to compute it again now → 202.
 */
export interface PublicationStatus {
  /**
   * Titles of the courses and tracks whose protection took too long this time: `departmentsOnly`,
   * published as department totals without breakdowns by job class or work location; `unfinished`,
   * every figure withheld.
   */
  latest: (PublicationInfo & { figures: number; hidden: number; departmentsOnly: string[]; unfinished: string[] }) | null;
}
