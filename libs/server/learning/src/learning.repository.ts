import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@equip/server/config';
import { assignmentSourcesJson } from '@equip/server/database';
import type { Audience, CatalogCourse, CompetencyAward, MyCompetency, RecordAssignmentSource, StoredLesson, TrackStep } from '@equip/shared/contracts';
import { type LessonRule, nextCycleDueOn } from '@equip/shared/domain';
import { EntityManager } from 'typeorm';

export interface CatalogFilter {
  search?: string;
  audience?: string;
  competency?: string;
  tag?: string;
}

/** A course's current version, with what enrolment needs. */
export interface CourseVersionRow extends CatalogCourse {
  courseId: string;
  versionId: string;
  version: number;
  archived: boolean;
  lessons: StoredLesson[];
}

/** An enrollment of the caller, with its pinned version and the lessons done. */
export interface EnrollmentRow {
  id: string;
  staffId: string;
  courseId: string;
  courseSlug: string;
  courseTitle: string;
  courseArchived: boolean;
  versionId: string;
  version: number;
  lessons: StoredLesson[];
  startedAt: Date;
  completedAt: Date | null;
  done: string[];
}

export interface AttemptRow {
  attempt: number;
  answers: Record<string, string[]>;
  score: number;
  passed: boolean;
  submittedAt: Date;
}

export interface AssignmentRow {
  id: string;
  kind: 'course' | 'track';
  slug: string;
  title: string;
  /** YYYY-MM-DD, the city's day. */
  dueOn: string | null;
  completedAt: Date | null;
  exemptedAt: Date | null;
  /** Track assignments: the track's steps. */
  steps: TrackStep[] | null;
  /** Course assignments: the current version's lessons' rules (the count and first lesson before anyone starts). */
  lessons: LessonRule[] | null;
  estimatedMinutes: number | null;
  sources: RecordAssignmentSource[];
  certificateId: string | null;
  /** Open course assignments: prerequisite courses the person has completed no version of, in the course's order. */
  missingPrerequisites: { slug: string; title: string }[];
}

/** What the person did in one course, across its versions. */
export interface CourseFacts {
  slug: string;
  courseId: string;
  enrollmentId: string;
  /** The latest enrollment's version lessons' rules and lessons done. */
  lessons: LessonRule[];
  done: string[];
  startedAt: Date;
  /** The first completion of any version. */
  completedAt: Date | null;
  lastActivityAt: Date;
}

export interface TrackRow {
  id: string;
  slug: string;
  title: string;
  summary: string;
  audience: Audience;
  steps: TrackStep[];
  awards: (CompetencyAward & { competencyName: string }) | null;
  completedAt: Date | null;
  courseTitles: Record<string, string>;
}

export interface CertificateRow {
  id: string;
  kind: 'course' | 'track';
  slug: string;
  title: string;
  serial: string;
  verificationCode: string;
  issuedAt: Date;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The catalog card of a course's version `v` (course `c`). */
const CATALOG_COLUMNS = `
  c.slug, v.title, v.summary, v.audience, v.estimated_minutes AS "estimatedMinutes",
  COALESCE((SELECT json_agg(json_build_object('competency', a.award->>'competency', 'level', a.award->>'level', 'competencyName', k.name) ORDER BY a.ord)
              FROM jsonb_array_elements(v.competencies) WITH ORDINALITY AS a (award, ord)
              JOIN competency k ON k.slug = a.award->>'competency'), '[]'::json) AS competencies,
  v.tags,
  COALESCE((SELECT json_agg(json_build_object('slug', p.slug, 'title', pv.title) ORDER BY array_position(v.prerequisites, p.slug))
              FROM course p JOIN course_version pv ON pv.id = p.current_version_id
             WHERE p.slug = ANY (v.prerequisites)), '[]'::json) AS prerequisites,
  jsonb_array_length(v.lessons) AS "lessonCount"`;

const ENROLLMENT_COLUMNS = `
  e.id, e.staff_id AS "staffId", c.id AS "courseId", c.slug AS "courseSlug", v.title AS "courseTitle",
  c.archived_at IS NOT NULL AS "courseArchived", v.id AS "versionId", v.version, v.lessons,
  e.started_at AS "startedAt", e.completed_at AS "completedAt",
  ARRAY(SELECT p.lesson_slug FROM lesson_progress p WHERE p.enrollment_id = e.id) AS done`;

/**
 * A person's assignments (`$1`: their staff id), as the learner's home lists them; exported for the
 * bare baseline of `bench/learning-load.bench.ts`. `lessons` are the version's lesson rules (slug,
 * type, required; the generated column of migration LessonRulesColumn), not its stored content.
 */
export const ASSIGNMENTS_SQL = `SELECT a.id, CASE WHEN a.course_id IS NOT NULL THEN 'course' ELSE 'track' END AS kind,
              COALESCE(c.slug, t.slug) AS slug, COALESCE(cv.title, t.title) AS title,
              to_char(a.due_on, 'YYYY-MM-DD') AS "dueOn", a.completed_at AS "completedAt", a.exempted_at AS "exemptedAt", t.steps,
              cv.lesson_rules AS lessons, COALESCE(cv.estimated_minutes,
                (SELECT sum(sv.estimated_minutes)::int FROM jsonb_array_elements(t.steps) st JOIN course sc ON sc.slug = st->>'course'
                   JOIN course_version sv ON sv.id = sc.current_version_id WHERE NOT COALESCE((st->>'optional')::boolean, false))) AS "estimatedMinutes",
              ${assignmentSourcesJson('a')} AS sources,
              (SELECT ce.id FROM certificate ce
                 LEFT JOIN course_version ev ON ev.id = ce.course_version_id
                WHERE ce.staff_id = a.staff_id AND ce.revoked_at IS NULL AND a.completed_at IS NOT NULL
                  AND (ev.course_id = a.course_id OR ce.track_id = a.track_id)
                ORDER BY abs(extract(epoch FROM ce.issued_at - a.completed_at)) LIMIT 1) AS "certificateId",
              COALESCE((SELECT json_agg(json_build_object('slug', pc.slug, 'title', pv.title) ORDER BY p.ord)
                          FROM unnest(cv.prerequisites) WITH ORDINALITY AS p (slug, ord)
                          JOIN course pc ON pc.slug = p.slug
                          JOIN course_version pv ON pv.id = pc.current_version_id
                         WHERE a.completed_at IS NULL
                           AND NOT EXISTS (SELECT 1 FROM enrollment pe JOIN course_version pev ON pev.id = pe.course_version_id
                                            WHERE pe.staff_id = a.staff_id AND pe.completed_at IS NOT NULL AND pev.course_id = pc.id)), '[]') AS "missingPrerequisites"
         FROM assignment a
         LEFT JOIN course c ON c.id = a.course_id
         LEFT JOIN course_version cv ON cv.id = c.current_version_id
         LEFT JOIN track t ON t.id = a.track_id
        WHERE a.staff_id = $1`;

/** Per course the person (`$1`) has started: the enrollment to resume and when they first completed it. */
export const COURSE_FACTS_SQL = `SELECT DISTINCT ON (c.id)
              c.slug, c.id AS "courseId", e.id AS "enrollmentId", v.lesson_rules AS lessons,
              ARRAY(SELECT p.lesson_slug FROM lesson_progress p WHERE p.enrollment_id = e.id) AS done,
              e.started_at AS "startedAt",
              (SELECT min(e2.completed_at) FROM enrollment e2 JOIN course_version v2 ON v2.id = e2.course_version_id
                WHERE e2.staff_id = e.staff_id AND v2.course_id = c.id) AS "completedAt",
              GREATEST(e.started_at, e.completed_at,
                       (SELECT max(p.completed_at) FROM lesson_progress p WHERE p.enrollment_id = e.id),
                       (SELECT max(k.submitted_at) FROM knowledge_check_attempt k WHERE k.enrollment_id = e.id)) AS "lastActivityAt"
         FROM enrollment e
         JOIN course_version v ON v.id = e.course_version_id
         JOIN course c ON c.id = v.course_id
        WHERE e.staff_id = $1
        ORDER BY c.id, e.completed_at IS NULL DESC, e.started_at DESC`;

/**
 * The learner's records. Every read of a person's progress takes the caller's staff id and filters
 * on it, so nobody reads another person's enrollment, attempts or reflections through this class.
 * Methods take the EntityManager of the caller's transaction.
 */
@Injectable()
export class LearningRepository {
  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'cityTimeZone'>) {}

  // ── the catalog, as a learner sees it ────────────────────────────────────────────────────────

  async catalog(manager: EntityManager, filter: CatalogFilter): Promise<CatalogCourse[]> {
    const params: unknown[] = [];
    const where = ['c.archived_at IS NULL'];
    if (filter.search) {
      params.push(likePattern(filter.search));
      where.push(`(v.title ILIKE $${params.length} OR v.summary ILIKE $${params.length})`);
    }
    if (filter.audience) {
      params.push(filter.audience);
      where.push(`v.audience = $${params.length}`);
    }
    if (filter.competency) {
      params.push(JSON.stringify([{ competency: filter.competency }]));
      where.push(`v.competencies @> $${params.length}::jsonb`);
    }
    if (filter.tag) {
      params.push(filter.tag);
      where.push(`$${params.length} = ANY (v.tags)`);
    }
    return manager.query(
      `SELECT ${CATALOG_COLUMNS}
         FROM course c JOIN course_version v ON v.id = c.current_version_id
        WHERE ${where.join(' AND ')}
        ORDER BY v.title, c.slug`,
      params,
    );
  }

  /** A course's current version, archived or not (the caller decides what archived means). */
  async currentVersion(manager: EntityManager, slug: string): Promise<CourseVersionRow | undefined> {
    const rows: CourseVersionRow[] = await manager.query(
      `SELECT ${CATALOG_COLUMNS}, c.id AS "courseId", v.id AS "versionId", v.version, c.archived_at IS NOT NULL AS archived, v.lessons
         FROM course c JOIN course_version v ON v.id = c.current_version_id
        WHERE c.slug = $1`,
      [slug],
    );
    return rows[0];
  }

  /** Prerequisites (slugs) of which the person has completed no version. */
  async missingPrerequisites(manager: EntityManager, staffId: string, slugs: string[]): Promise<string[]> {
    if (slugs.length === 0) return [];
    const rows: { slug: string }[] = await manager.query(
      `SELECT s.slug FROM unnest($2::text[]) AS s (slug)
        WHERE NOT EXISTS (SELECT 1 FROM enrollment e
                            JOIN course_version v ON v.id = e.course_version_id
                            JOIN course c ON c.id = v.course_id
                           WHERE e.staff_id = $1 AND e.completed_at IS NOT NULL AND c.slug = s.slug)`,
      [staffId, slugs],
    );
    return rows.map((r) => r.slug);
  }

  // ── enrollments ──────────────────────────────────────────────────────────────────────────────

  /** The person's enrollment in a course to continue: an unfinished one, else the latest. */
  async enrollmentInCourse(manager: EntityManager, staffId: string, courseId: string): Promise<EnrollmentRow | undefined> {
    const rows: EnrollmentRow[] = await manager.query(
      `SELECT ${ENROLLMENT_COLUMNS}
         FROM enrollment e JOIN course_version v ON v.id = e.course_version_id JOIN course c ON c.id = v.course_id
        WHERE e.staff_id = $1 AND c.id = $2
        ORDER BY e.completed_at IS NULL DESC, e.started_at DESC
        LIMIT 1`,
      [staffId, courseId],
    );
    return rows[0];
  }

  /** Inserts an enrollment unless the person already has one in this version; returns whether it did. */
  async insertEnrollment(manager: EntityManager, staffId: string, versionId: string): Promise<boolean> {
    const rows = await manager.query(
      `INSERT INTO enrollment (staff_id, course_version_id) VALUES ($1, $2)
       ON CONFLICT ON CONSTRAINT enrollment_unique DO NOTHING RETURNING id`,
      [staffId, versionId],
    );
    return rows.length > 0;
  }

  /** A self-enrolment assignment (no due date), unless the person has an open one for the course. */
  async insertSelfAssignment(manager: EntityManager, staffId: string, courseId: string): Promise<void> {
    await manager.query(
      `INSERT INTO assignment (staff_id, course_id, sources) VALUES ($1, $2, '[{"kind":"self"}]')
       ON CONFLICT (staff_id, course_id) WHERE completed_at IS NULL AND course_id IS NOT NULL DO NOTHING`,
      [staffId, courseId],
    );
  }

  /**
   * Locks the person's enrollment for the rest of the transaction (two tabs, a double click:
   * the second waits), then reads it afresh. Undefined when it is not theirs or does not exist.
   */
  async lockEnrollment(manager: EntityManager, staffId: string, enrollmentId: string): Promise<EnrollmentRow | undefined> {
    const locked = await manager.query(`SELECT id FROM enrollment WHERE id = $1 AND staff_id = $2 FOR UPDATE`, [enrollmentId, staffId]);
    if (locked.length === 0) return undefined;
    return this.enrollment(manager, staffId, enrollmentId);
  }

  async enrollment(manager: EntityManager, staffId: string, enrollmentId: string): Promise<EnrollmentRow | undefined> {
    const rows: EnrollmentRow[] = await manager.query(
      `SELECT ${ENROLLMENT_COLUMNS}
         FROM enrollment e JOIN course_version v ON v.id = e.course_version_id JOIN course c ON c.id = v.course_id
        WHERE e.id = $1 AND e.staff_id = $2`,
      [enrollmentId, staffId],
    );
    return rows[0];
  }

  /** Records a lesson as done; a second request for the same lesson changes nothing. */
  async markDone(manager: EntityManager, enrollmentId: string, lessonSlug: string): Promise<void> {
    await manager.query(
      `INSERT INTO lesson_progress (enrollment_id, lesson_slug) VALUES ($1, $2)
       ON CONFLICT (enrollment_id, lesson_slug) DO NOTHING`,
      [enrollmentId, lessonSlug],
    );
  }

  // ── knowledge checks, reflections, attestations ─────────────────────────────────────────────

  async attempts(manager: EntityManager, enrollmentId: string, lessonSlug: string): Promise<AttemptRow[]> {
    return manager.query(
      `SELECT attempt, answers, score, passed, submitted_at AS "submittedAt"
         FROM knowledge_check_attempt WHERE enrollment_id = $1 AND lesson_slug = $2 ORDER BY attempt`,
      [enrollmentId, lessonSlug],
    );
  }

  async insertAttempt(
    manager: EntityManager,
    attempt: { enrollmentId: string; lessonSlug: string; attempt: number; answers: Record<string, string[]>; score: number; passed: boolean },
  ): Promise<AttemptRow> {
    const rows: AttemptRow[] = await manager.query(
      `INSERT INTO knowledge_check_attempt (enrollment_id, lesson_slug, attempt, answers, score, passed)
       VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING attempt, answers, score, passed, submitted_at AS "submittedAt"`,
      [attempt.enrollmentId, attempt.lessonSlug, attempt.attempt, JSON.stringify(attempt.answers), attempt.score, attempt.passed],
    );
    return rows[0];
  }

  /** The author's reflection: only found through the author's own enrollment. */
  async reflection(manager: EntityManager, staffId: string, enrollmentId: string, lessonSlug: string): Promise<{ text: string; savedAt: Date } | undefined> {
    const rows = await manager.query(
      `SELECT r.text, r.saved_at AS "savedAt"
         FROM reflection r JOIN enrollment e ON e.id = r.enrollment_id
        WHERE r.enrollment_id = $2 AND r.lesson_slug = $3 AND e.staff_id = $1`,
      [staffId, enrollmentId, lessonSlug],
    );
    return rows[0];
  }

  async saveReflection(manager: EntityManager, enrollmentId: string, lessonSlug: string, text: string): Promise<Date> {
    const rows: { savedAt: Date }[] = await manager.query(
      `INSERT INTO reflection (enrollment_id, lesson_slug, text) VALUES ($1, $2, $3)
       ON CONFLICT (enrollment_id, lesson_slug) DO UPDATE SET text = EXCLUDED.text, saved_at = now()
       RETURNING saved_at AS "savedAt"`,
      [enrollmentId, lessonSlug, text],
    );
    return rows[0].savedAt;
  }

  async attestation(manager: EntityManager, enrollmentId: string, lessonSlug: string): Promise<Date | null> {
    const rows: { affirmedAt: Date }[] = await manager.query(
      `SELECT affirmed_at AS "affirmedAt" FROM attestation WHERE enrollment_id = $1 AND lesson_slug = $2`,
      [enrollmentId, lessonSlug],
    );
    return rows[0]?.affirmedAt ?? null;
  }

  /** Records the affirmation once; affirming again keeps the first time. */
  async affirm(manager: EntityManager, enrollmentId: string, lessonSlug: string): Promise<Date> {
    const rows: { affirmedAt: Date }[] = await manager.query(
      `INSERT INTO attestation (enrollment_id, lesson_slug) VALUES ($1, $2)
       ON CONFLICT (enrollment_id, lesson_slug) DO UPDATE SET affirmed_at = attestation.affirmed_at
       RETURNING affirmed_at AS "affirmedAt"`,
      [enrollmentId, lessonSlug],
    );
    return rows[0].affirmedAt;
  }

  // ── completion ───────────────────────────────────────────────────────────────────────────────

  /** Sum of the passing attempts' scores, for the enrollment's score. */
  async passedScore(manager: EntityManager, enrollmentId: string): Promise<number> {
    const [{ score }] = await manager.query(
      `SELECT COALESCE(sum(score), 0)::int AS score FROM knowledge_check_attempt WHERE enrollment_id = $1 AND passed`,
      [enrollmentId],
    );
    return score;
  }

  /** Marks the enrollment complete; false when it already was (the lock makes that rare; this is the backstop). */
  async completeEnrollment(manager: EntityManager, enrollmentId: string, score: number | null): Promise<boolean> {
    const [, affected]: [unknown[], number] = await manager.query(
      `UPDATE enrollment SET completed_at = now(), score = $2 WHERE id = $1 AND completed_at IS NULL`,
      [enrollmentId, score],
    );
    return affected > 0;
  }

  /**
   * Completes the person's open assignment for the course or track. A recurring one opens its next
   * cycle in the same transaction: a new row (same sources and recurrence, cycle + 1) due
   * `nextCycleDueOn(completion, months, CITY_TIME_ZONE)` (months after the city's day of the completion); the completed row stays as history.
   */
  async completeAssignment(manager: EntityManager, staffId: string, subject: { courseId: string } | { trackId: string }): Promise<void> {
    const [column, id] = 'courseId' in subject ? ['course_id', subject.courseId] : ['track_id', subject.trackId];
    const [done]: [{ id: string; completedAt: Date; recurrenceMonths: number | null }[], number] = await manager.query(
      `UPDATE assignment SET completed_at = now() WHERE staff_id = $1 AND ${column} = $2 AND completed_at IS NULL
       RETURNING id, completed_at AS "completedAt", recurrence_months AS "recurrenceMonths"`,
      [staffId, id],
    );
    for (const row of done) {
      if (row.recurrenceMonths === null) continue;
      await manager.query(
        `INSERT INTO assignment (staff_id, course_id, track_id, due_on, sources, recurrence_months, cycle, previous_assignment_id)
         SELECT staff_id, course_id, track_id, $2, sources, recurrence_months, cycle + 1, id FROM assignment WHERE id = $1`,
        [row.id, nextCycleDueOn(new Date(row.completedAt), row.recurrenceMonths, this.config.cityTimeZone)],
      );
    }
  }

  async versionCompetencies(manager: EntityManager, versionId: string): Promise<CompetencyAward[]> {
    const rows: { competencies: CompetencyAward[] }[] = await manager.query(`SELECT competencies FROM course_version WHERE id = $1`, [versionId]);
    return rows[0]?.competencies ?? [];
  }

  /** Awards levels ({ competency slug, level name }); a level the person holds already is left as it was. */
  async award(manager: EntityManager, staffId: string, awards: CompetencyAward[], source: { kind: 'course' | 'track'; id: string }): Promise<void> {
    if (awards.length === 0) return;
    await manager.query(
      `INSERT INTO competency_award (staff_id, competency_id, level, level_rank, source_kind, source_id)
       SELECT $1, k.id, lv.level->>'name', lv.ord - 1, $3, $4
         FROM jsonb_to_recordset($2::jsonb) AS a (competency text, level text)
         JOIN competency k ON k.slug = a.competency
         CROSS JOIN LATERAL jsonb_array_elements(k.levels) WITH ORDINALITY AS lv (level, ord)
        WHERE lv.level->>'name' = a.level
       ON CONFLICT ON CONSTRAINT competency_award_unique DO NOTHING`,
      [staffId, JSON.stringify(awards), source.kind, source.id],
    );
  }

  /** Tracks (not archived) that include the course and whose every non-optional course the person has completed. */
  async tracksNowComplete(
    manager: EntityManager,
    staffId: string,
    courseSlug: string,
  ): Promise<{ id: string; slug: string; awards: CompetencyAward | null }[]> {
    return manager.query(
      `SELECT t.id, t.slug, t.awards
         FROM track t
        WHERE t.archived_at IS NULL
          AND t.steps @> jsonb_build_array(jsonb_build_object('course', $2::text))
          AND NOT EXISTS (
                SELECT 1 FROM jsonb_array_elements(t.steps) AS s (step)
                 WHERE NOT COALESCE((s.step->>'optional')::boolean, false)
                   AND NOT EXISTS (SELECT 1 FROM enrollment e
                                     JOIN course_version v ON v.id = e.course_version_id
                                     JOIN course c ON c.id = v.course_id
                                    WHERE e.staff_id = $1 AND e.completed_at IS NOT NULL AND c.slug = s.step->>'course'))`,
      [staffId, courseSlug],
    );
  }

  /** Records a track completion once; the id when this call recorded it. */
  async insertTrackCompletion(manager: EntityManager, staffId: string, trackId: string): Promise<string | undefined> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO track_completion (staff_id, track_id) VALUES ($1, $2)
       ON CONFLICT ON CONSTRAINT track_completion_unique DO NOTHING RETURNING id`,
      [staffId, trackId],
    );
    return rows[0]?.id;
  }

  async outbox(manager: EntityManager, event: string, payload: Record<string, unknown>): Promise<void> {
    await manager.query(`INSERT INTO outbox (event, payload) VALUES ($1, $2)`, [event, JSON.stringify(payload)]);
  }

  // ── the person's lists ───────────────────────────────────────────────────────────────────────

  async assignments(manager: EntityManager, staffId: string): Promise<AssignmentRow[]> {
    return manager.query(ASSIGNMENTS_SQL, [staffId]);
  }

  /** Per course the person has started: the enrollment to resume and when they first completed it. */
  async courseFacts(manager: EntityManager, staffId: string): Promise<CourseFacts[]> {
    return manager.query(COURSE_FACTS_SQL, [staffId]);
  }

  async tracks(manager: EntityManager, staffId: string, slug?: string): Promise<TrackRow[]> {
    const params: unknown[] = [staffId];
    let where = 't.archived_at IS NULL';
    if (slug) {
      params.push(slug);
      where = 't.slug = $2 AND t.archived_at IS NULL';
    }
    return manager.query(
      `SELECT t.id, t.slug, t.title, t.summary, t.audience, t.steps,
              CASE WHEN t.awards IS NULL THEN NULL
                   ELSE t.awards || jsonb_build_object('competencyName', (SELECT k.name FROM competency k WHERE k.slug = t.awards->>'competency')) END AS awards,
              (SELECT tc.completed_at FROM track_completion tc WHERE tc.track_id = t.id AND tc.staff_id = $1) AS "completedAt",
              (SELECT COALESCE(jsonb_object_agg(c.slug, v.title), '{}'::jsonb)
                 FROM course c JOIN course_version v ON v.id = c.current_version_id
                WHERE t.steps @> jsonb_build_array(jsonb_build_object('course', c.slug))) AS "courseTitles"
         FROM track t
        WHERE ${where}
        ORDER BY t.title`,
      params,
    );
  }

  /** The highest level the person holds in each competency, and what awarded it. */
  async competencies(manager: EntityManager, staffId: string): Promise<MyCompetency[]> {
    const rows: (Omit<MyCompetency, 'source'> & { sourceKind: 'course' | 'track'; sourceSlug: string; sourceTitle: string })[] = await manager.query(
      `SELECT * FROM (
         SELECT DISTINCT ON (k.id) k.slug AS competency, k.name, a.level, a.awarded_at AS "awardedAt",
                a.source_kind AS "sourceKind", COALESCE(c.slug, t.slug) AS "sourceSlug", COALESCE(v.title, t.title) AS "sourceTitle"
           FROM competency_award a
           JOIN competency k ON k.id = a.competency_id
           LEFT JOIN course_version v ON a.source_kind = 'course' AND v.id = a.source_id
           LEFT JOIN course c ON c.id = v.course_id
           LEFT JOIN track t ON a.source_kind = 'track' AND t.id = a.source_id
          WHERE a.staff_id = $1
          ORDER BY k.id, a.level_rank DESC) best
        ORDER BY name`,
      [staffId],
    );
    return rows.map(({ sourceKind, sourceSlug, sourceTitle, ...rest }) => ({
      ...rest,
      awardedAt: new Date(rest.awardedAt).toISOString(),
      source: { kind: sourceKind, slug: sourceSlug, title: sourceTitle },
    }));
  }

  async certificates(manager: EntityManager, staffId: string): Promise<CertificateRow[]> {
    return manager.query(
      `SELECT ce.id, ce.kind, COALESCE(c.slug, t.slug) AS slug, COALESCE(v.title, t.title) AS title,
              ce.serial, ce.verification_code AS "verificationCode", ce.issued_at AS "issuedAt"
         FROM certificate ce
         LEFT JOIN course_version v ON v.id = ce.course_version_id
         LEFT JOIN course c ON c.id = v.course_id
         LEFT JOIN track t ON t.id = ce.track_id
        WHERE ce.staff_id = $1 AND ce.revoked_at IS NULL
        ORDER BY ce.issued_at DESC`,
      [staffId],
    );
  }
}
