/**
 * The course catalog: what `content/` files become once published (content/README.md is the
 * authors' format), and what `content:check` / `content:sync` report.
 */

/** Who a course or track is written for. */
export const AUDIENCES = ['all-staff', 'managers', 'equity-leads'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const LESSON_TYPES = ['reading', 'video', 'knowledge-check', 'reflection', 'attestation'] as const;
export type LessonType = (typeof LESSON_TYPES)[number];

/** `single`: exactly one correct option; `multiple`: one or more. */
export const QUESTION_KINDS = ['single', 'multiple'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** Lessons are short enough to take in a break. */
export const MAX_LESSON_MINUTES = 15;

/** Course, lesson, track and competency slugs. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Media a lesson links to are served under `<prefix>/<course-slug>/<path inside media/>`. */
export const CATALOG_MEDIA_URL_PREFIX = '/api/catalog/media';
/** A link to a lesson becomes `<prefix>/<course-slug>/lessons/<lesson-slug>`, a route of the player. */
export const LESSON_ROUTE_PREFIX = '/learn/courses';

export interface CompetencyLevel {
  name: string;
  description: string;
}

/** A level of a competency, awarded by completing a course or a track. */
export interface CompetencyAward {
  competency: string;
  level: string;
}

export interface TrackStep {
  course: string;
  /** An elective: the track completes without it. */
  optional: boolean;
}

interface LessonBase {
  slug: string;
  title: string;
  minutes: number;
  required: boolean;
  /** The Markdown body rendered to HTML, links rewritten (see libs/server/catalog/README.md). */
  html: string;
}

export interface ReadingLesson extends LessonBase {
  type: 'reading';
}

export interface VideoLesson extends LessonBase {
  type: 'video';
  /** An https URL, or a media URL for a file in the course's media/ folder. */
  video: string;
  /** Media URL of the WebVTT captions. */
  captions: string;
  /** Media URL of the transcript's Markdown source, and the transcript rendered. */
  transcript: string;
  transcriptHtml: string;
}

export interface QuestionOption {
  id: string;
  text: string;
  /** Stored for scoring; the learner api strips it. */
  correct: boolean;
  feedback: string | null;
}

export interface Question {
  id: string;
  prompt: string;
  kind: QuestionKind;
  options: QuestionOption[];
}

export interface KnowledgeCheckLesson extends LessonBase {
  type: 'knowledge-check';
  /** Correct answers needed to pass, 1 … questions.length. */
  passMark: number;
  /** Attempts allowed; 0 for unlimited. */
  attempts: number;
  questions: Question[];
}

export interface ReflectionLesson extends LessonBase {
  type: 'reflection';
  prompt: string;
}

export interface AttestationLesson extends LessonBase {
  type: 'attestation';
  statement: string;
}

/** One element of `course_version.lessons`, in lesson order. */
export type StoredLesson = ReadingLesson | VideoLesson | KnowledgeCheckLesson | ReflectionLesson | AttestationLesson;

/** One problem in the catalog files: a path relative to `content/`, its 1-based line, what is wrong. */
export interface ContentProblem {
  file: string;
  line: number;
  message: string;
}

export interface CatalogSyncCounts {
  created: number;
  /** Changed (a course: a new current version) or brought back from the archive. */
  updated: number;
  /** Gone from the files: archived, never deleted. */
  archived: number;
  unchanged: number;
}

/** What `content:sync` did. */
export interface CatalogSyncResult {
  competencies: CatalogSyncCounts;
  courses: CatalogSyncCounts;
  tracks: CatalogSyncCounts;
  /** New `course_version` rows (a changed course makes one; content reverted to an earlier version makes none). */
  courseVersionsCreated: number;
}
