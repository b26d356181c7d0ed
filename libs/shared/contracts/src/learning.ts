import type { RecordAssignmentSource } from './record';
import type { Audience, CompetencyAward, LessonType, QuestionKind } from './catalog';

/**
 * The learner's API (`/api/learning/*` and `/api/catalog/*`). Every route acts on the signed-in
 * person's own records only. Correct answers are never sent before an attempt is submitted.
 */

/** Derived from facts (one rule in shared-domain), never stored. */
export const ASSIGNMENT_STATUSES = ['not_started', 'in_progress', 'completed', 'overdue', 'exempt'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/** GET /api/learning/assignments — what is on my plate, overdue first, then due soonest. */
export interface MyAssignment {
  id: string;
  kind: 'course' | 'track';
  slug: string;
  title: string;
  /** The due day, YYYY-MM-DD, in the city's time zone (due at the end of that day there), or null for self-enrolment. Shown as written, never through a time zone. */
  dueOn: string | null;
  status: AssignmentStatus;
  /** Required lessons done / required lessons (course), or required courses done / required courses (track). */
  progress: { done: number; total: number };
  lastActivityAt: string | null;
  /** The enrollment to resume (course assignments), if started. */
  enrollmentId: string | null;
  /** ISO date-time this cycle was completed, or null. */
  completedAt: string | null;
  /** Minutes the course (or the track's required courses) takes, as the catalog estimates them. */
  estimatedMinutes: number | null;
  /** Courses: the first lesson of the current version, where "Start" goes (no enrol step for assigned work). */
  firstLessonSlug: string | null;
  /** Courses not yet completed: prerequisite courses I have not completed, which come first ("Finish … first" instead of "Start"). */
  missingPrerequisites: { slug: string; title: string }[];
  /** Why it is on my list: a cohort, a person (a lead or administrator), or my own choice. */
  sources: RecordAssignmentSource[];
  /** The certificate this completion earned (not revoked), if any: "Completed Dec 4" links to it. */
  certificateId: string | null;
}

/** GET /api/catalog/courses?search=&audience=&competency=&tag= — published, not archived. */
export interface CatalogCourse {
  slug: string;
  title: string;
  summary: string;
  audience: Audience;
  estimatedMinutes: number;
  competencies: (CompetencyAward & { competencyName: string })[];
  tags: string[];
  prerequisites: { slug: string; title: string }[];
  lessonCount: number;
}

export interface LessonSummary {
  slug: string;
  title: string;
  type: LessonType;
  minutes: number;
  required: boolean;
}

/** GET /api/catalog/courses/:slug — the current version, plus my enrollment if I have one. */
export interface CourseDetail extends CatalogCourse {
  version: number;
  lessons: LessonSummary[];
  /** Prerequisite courses I have not completed; enrolment is refused (409) while non-empty. */
  missingPrerequisites: { slug: string; title: string }[];
  enrollment: MyEnrollment | null;
}

export type LessonState = 'locked' | 'available' | 'done';

/**
 * POST /api/learning/courses/:slug/enrol → 201 MyEnrollment (200 if already enrolled; creates an
 * assignment with no due date when I had none). GET /api/learning/enrollments/:id → MyEnrollment.
 * An enrollment is pinned to the course version it started on.
 */
export interface MyEnrollment {
  id: string;
  courseSlug: string;
  courseTitle: string;
  version: number;
  startedAt: string;
  completedAt: string | null;
  /** Lessons in order. A lesson is reachable when every required lesson before it is done. */
  lessons: (LessonSummary & { state: LessonState })[];
  /** The first reachable lesson not yet done: where "Resume" goes. */
  resumeLesson: string | null;
}

export interface PublicOption {
  id: string;
  text: string;
}

export interface PublicQuestion {
  id: string;
  prompt: string;
  kind: QuestionKind;
  options: PublicOption[];
}

/** GET /api/learning/enrollments/:id/lessons/:lessonSlug — 409 when the lesson is not reachable yet. */
export interface LessonContent extends LessonSummary {
  html: string;
  state: LessonState;
  video?: { url: string; captions: string; transcriptHtml: string };
  knowledgeCheck?: {
    passMark: number;
    /** 0 = unlimited; the lesson's own allowance plus any more attempts a lead granted me. */
    attemptsAllowed: number;
    attemptsUsed: number;
    passed: boolean;
    /** When I asked my lead for more attempts, once I had used all of mine (null: not asked). */
    moreAttemptsRequestedAt: string | null;
    questions: PublicQuestion[];
    /** The latest attempt's result, with feedback, once one was submitted. */
    lastAttempt: AttemptResult | null;
  };
  /** My own saved answer; nobody else can read it. */
  reflection?: { prompt: string; text: string | null; savedAt: string | null };
  attestation?: { statement: string; affirmedAt: string | null };
}

/** POST /api/learning/enrollments/:id/lessons/:lessonSlug/complete — reading and video lessons. → MyEnrollment */

/** POST …/attempts — `answers` maps every question id to the chosen option ids. */
export interface SubmitAttemptRequest {
  answers: Record<string, string[]>;
}

/** Scored on the server. 409 when no attempts are left or the check was already passed. */
export interface AttemptResult {
  attempt: number;
  score: number;
  passMark: number;
  passed: boolean;
  attemptsUsed: number;
  attemptsAllowed: number;
  questions: {
    id: string;
    correct: boolean;
    options: { id: string; chosen: boolean; correct: boolean; feedback: string | null }[];
  }[];
  /** The enrollment after this attempt (the lesson is done when passed). */
  enrollment: MyEnrollment;
}

/**
 * POST …/attempt-requests — "ask my lead": once every attempt is used and the check is not passed,
 * the person's equity leads (RASE administrators when no lead covers their department) are mailed.
 * Asking again before a grant asks nobody twice (`alreadyAsked`). 409 while attempts remain.
 */
export interface MoreAttemptsRequestResult {
  requestedAt: string;
  alreadyAsked: boolean;
  /** How many people were asked (0 when already asked). */
  asked: number;
}

/** PUT …/reflection → { savedAt, enrollment }; a reflection with no words is refused (422 on `text`). */
export interface SaveReflectionRequest {
  text: string;
}

/**
 * POST /api/knowledge-check-grants — a lead (for people in their departments) or an administrator
 * gives a person more attempts at one knowledge check of a course they have started. Audited.
 */
export interface GrantAttemptsRequest {
  staffId: string;
  courseSlug: string;
  lessonSlug: string;
  /** 1 to 5 more attempts. */
  extraAttempts: number;
}

export interface GrantAttemptsResult {
  attemptsAllowed: number;
  attemptsUsed: number;
}

/** GET /api/knowledge-check-requests — people in the caller's scope waiting for more attempts, oldest request first. */
export interface MoreAttemptsRequestRow {
  staff: { id: string; firstName: string; lastName: string };
  course: { slug: string; title: string };
  lesson: { slug: string; title: string };
  attemptsUsed: number;
  attemptsAllowed: number;
  requestedAt: string;
}

/** POST …/attestation → { affirmedAt, enrollment }. */
export interface AffirmRequest {
  affirm: true;
}

/** GET /api/learning/tracks and /api/learning/tracks/:slug */
export interface TrackProgress {
  slug: string;
  title: string;
  summary: string;
  audience: Audience;
  steps: { course: { slug: string; title: string }; optional: boolean; status: AssignmentStatus | 'not_enrolled' }[];
  awards: (CompetencyAward & { competencyName: string }) | null;
  completedAt: string | null;
}

/** GET /api/learning/competencies — the highest level I hold in each competency. */
export interface MyCompetency {
  competency: string;
  name: string;
  level: string;
  awardedAt: string;
  /** The course or track that awarded it. */
  source: { kind: 'course' | 'track'; slug: string; title: string };
}

/** GET /api/learning/certificates — issued by the worker after a completion (empty until then). */
export interface MyCertificate {
  id: string;
  kind: 'course' | 'track';
  slug: string;
  title: string;
  serial: string;
  verificationCode: string;
  issuedAt: string;
  downloadUrl: string;
}
