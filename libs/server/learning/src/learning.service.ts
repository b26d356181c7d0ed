import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@equip/server/config';
import { SharedReads } from '@equip/server/database';
import { ConflictError, InvalidInputError, NotFoundError } from '@equip/server/http';
import { renderActionMail } from '@equip/server/mail';
import type {
  AttemptResult,
  CatalogCourse,
  CourseDetail,
  KnowledgeCheckLesson,
  LessonContent,
  LessonSummary,
  MoreAttemptsRequestResult,
  MyCertificate,
  MyCompetency,
  MyEnrollment,
  StoredLesson,
  TrackProgress,
} from '@equip/shared/contracts';
import {
  answerProblems,
  assignmentStatus,
  attemptRefusal,
  compareAssignments,
  courseProgress,
  isReachable,
  lessonStates,
  resumeLesson,
  scoreAttempt,
} from '@equip/shared/domain';
import { certificatePdfPath, type MyAssignment } from '@equip/shared/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { CourseCompletion } from './course-completion';
import { KnowledgeCheckRepository } from './knowledge-check.repository';
import { AttemptRow, CatalogFilter, CourseFacts, EnrollmentRow, LearningRepository } from './learning.repository';

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);
const isoDate = (d: Date | string): string => new Date(d).toISOString();

const summary = (l: StoredLesson): LessonSummary => ({ slug: l.slug, title: l.title, type: l.type, minutes: l.minutes, required: l.required });

export const RETIRED = 'This course has been retired';
export const EMPTY_REFLECTION = 'Write something to complete this lesson';

/**
 * The learner's use cases. Every one acts on the caller's own records (`staffId` is the signed-in
 * person): an enrollment of someone else answers exactly like one that does not exist.
 */
@Injectable()
export class LearningService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: LearningRepository,
    private readonly completion: CourseCompletion,
    private readonly checks: KnowledgeCheckRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private readonly catalogReads = new SharedReads<CatalogCourse[]>();

  // ── catalog ──────────────────────────────────────────────────────────────────────────────────

  /**
   * The same for every learner: requests for the same filter while one is being read share it (every
   * learner's home asks for it; nothing is kept once it has answered).
   */
  catalog(filter: CatalogFilter): Promise<CatalogCourse[]> {
    return this.catalogReads.read(JSON.stringify(filter), () => this.repository.catalog(this.dataSource.manager, filter));
  }

  async courseDetail(staffId: string, slug: string): Promise<CourseDetail> {
    const manager = this.dataSource.manager;
    const course = await this.repository.currentVersion(manager, slug);
    if (!course || course.archived) throw new NotFoundError('No such course');
    const { courseId: _c, versionId: _v, archived: _a, lessons, ...card } = course;
    const missing = new Set(await this.repository.missingPrerequisites(manager, staffId, course.prerequisites.map((p) => p.slug)));
    const enrollment = await this.repository.enrollmentInCourse(manager, staffId, course.courseId);
    return {
      ...card,
      lessons: lessons.map(summary),
      missingPrerequisites: course.prerequisites.filter((p) => missing.has(p.slug)),
      enrollment: enrollment ? this.view(enrollment) : null,
    };
  }

  // ── enrollments ──────────────────────────────────────────────────────────────────────────────

  /**
   * Enrols the person in the course's current version (pinned from then on), with a self-enrolment
   * assignment when they have no open one. An unfinished enrollment, or one of the current version,
   * is returned as it is (`created: false`).
   */
  async enrol(staffId: string, slug: string): Promise<{ enrollment: MyEnrollment; created: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const course = await this.repository.currentVersion(manager, slug);
      if (!course) throw new NotFoundError('No such course');
      if (course.archived) throw new ConflictError(RETIRED);
      const existing = await this.repository.enrollmentInCourse(manager, staffId, course.courseId);
      if (existing && (!existing.completedAt || existing.versionId === course.versionId)) {
        return { enrollment: this.view(existing), created: false };
      }
      const missing = await this.repository.missingPrerequisites(manager, staffId, course.prerequisites.map((p) => p.slug));
      if (missing.length > 0) {
        const names = course.prerequisites.filter((p) => missing.includes(p.slug));
        throw new ConflictError(
          `Complete ${names.map((p) => p.title).join(', ')} first`,
          names.map((p) => ({ field: 'prerequisites', message: `${p.title} (${p.slug}) is not completed` })),
        );
      }
      const created = await this.repository.insertEnrollment(manager, staffId, course.versionId);
      await this.repository.insertSelfAssignment(manager, staffId, course.courseId);
      return { enrollment: this.view(await this.required(this.repository.enrollmentInCourse(manager, staffId, course.courseId))), created };
    });
  }

  async enrollment(staffId: string, enrollmentId: string): Promise<MyEnrollment> {
    return this.view(await this.find(this.dataSource.manager, staffId, enrollmentId));
  }

  async lesson(staffId: string, enrollmentId: string, lessonSlug: string): Promise<LessonContent> {
    const manager = this.dataSource.manager;
    const enrollment = await this.find(manager, staffId, enrollmentId);
    const lesson = this.lessonOf(enrollment, lessonSlug);
    const done = new Set(enrollment.done);
    if (!isReachable(enrollment.lessons, done, lesson.slug)) throw new ConflictError('Finish the lessons before this one first');
    const content: LessonContent = { ...summary(lesson), html: lesson.html, state: done.has(lesson.slug) ? 'done' : 'available' };
    switch (lesson.type) {
      case 'video':
        content.video = { url: lesson.video, captions: lesson.captions, transcriptHtml: lesson.transcriptHtml };
        break;
      case 'knowledge-check': {
        const attempts = await this.repository.attempts(manager, enrollment.id, lesson.slug);
        const allowed = await this.allowance(manager, enrollment.id, lesson);
        const last = attempts.at(-1);
        const out = allowed > 0 && attempts.length >= allowed;
        content.knowledgeCheck = {
          passMark: lesson.passMark,
          attemptsAllowed: allowed,
          attemptsUsed: attempts.length,
          passed: attempts.some((a) => a.passed),
          moreAttemptsRequestedAt: out ? iso(await this.checks.requestedAt(manager, enrollment.id, lesson.slug, allowed)) : null,
          // Correct flags and feedback stay on the server until an attempt is scored.
          questions: lesson.questions.map((q) => ({ id: q.id, prompt: q.prompt, kind: q.kind, options: q.options.map((o) => ({ id: o.id, text: o.text })) })),
          lastAttempt: last ? this.attemptResult(lesson, last, attempts.length, allowed, this.view(enrollment)) : null,
        };
        break;
      }
      case 'reflection': {
        const saved = await this.repository.reflection(manager, staffId, enrollment.id, lesson.slug);
        content.reflection = { prompt: lesson.prompt, text: saved?.text ?? null, savedAt: iso(saved?.savedAt) };
        break;
      }
      case 'attestation':
        content.attestation = { statement: lesson.statement, affirmedAt: iso(await this.repository.attestation(manager, enrollment.id, lesson.slug)) };
        break;
    }
    return content;
  }

  /** Marks a reading or video lesson done (once, however many tabs ask), completing the course when it was the last. */
  async complete(staffId: string, enrollmentId: string, lessonSlug: string): Promise<MyEnrollment> {
    return this.act(staffId, enrollmentId, lessonSlug, async (manager, enrollment, lesson) => {
      if (lesson.type !== 'reading' && lesson.type !== 'video') {
        throw new InvalidInputError(`A ${lesson.type} lesson is completed by ${lesson.type === 'knowledge-check' ? 'passing it' : lesson.type === 'reflection' ? 'saving a reflection' : 'affirming it'}`);
      }
      return this.markDone(manager, enrollment, lesson.slug);
    });
  }

  async submitAttempt(staffId: string, enrollmentId: string, lessonSlug: string, answers: Record<string, unknown>): Promise<AttemptResult> {
    return this.act(staffId, enrollmentId, lessonSlug, async (manager, enrollment, lesson) => {
      if (lesson.type !== 'knowledge-check') throw new InvalidInputError(`${lesson.title} is not a knowledge check`);
      const problems = answerProblems(lesson.questions, answers);
      if (problems.length > 0) throw new InvalidInputError('Some answers cannot be scored', problems);
      const previous = await this.repository.attempts(manager, enrollment.id, lesson.slug);
      const allowed = await this.allowance(manager, enrollment.id, lesson);
      const refusal = attemptRefusal(previous.length, allowed, previous.some((a) => a.passed));
      if (refusal) throw new ConflictError(refusal);
      const valid = answers as Record<string, string[]>;
      const { score, passed } = scoreAttempt(lesson.questions, valid, lesson.passMark);
      const attempt = await this.repository.insertAttempt(manager, {
        enrollmentId: enrollment.id,
        lessonSlug: lesson.slug,
        attempt: previous.length + 1,
        answers: valid,
        score,
        passed,
      });
      const after = passed ? await this.markDone(manager, enrollment, lesson.slug) : this.view(enrollment);
      return this.attemptResult(lesson, attempt, previous.length + 1, allowed, after);
    });
  }

  /**
   * "Ask my lead": once every attempt is used and the check is not passed, mails the person's
   * equity leads (administrators when no lead covers their department) through the outbox, in
   * the transaction that records the request. A request is kept per allowance, so a double click,
   * or asking again before anyone grants more, asks nobody twice.
   */
  async askForMoreAttempts(staffId: string, enrollmentId: string, lessonSlug: string): Promise<MoreAttemptsRequestResult> {
    return this.act(staffId, enrollmentId, lessonSlug, async (manager, enrollment, lesson) => {
      if (lesson.type !== 'knowledge-check') throw new InvalidInputError(`${lesson.title} is not a knowledge check`, [{ field: 'lessonSlug', message: 'lessonSlug must name a knowledge check' }]);
      const previous = await this.repository.attempts(manager, enrollment.id, lesson.slug);
      if (previous.some((a) => a.passed)) throw new ConflictError('This knowledge check is already passed');
      const allowed = await this.allowance(manager, enrollment.id, lesson);
      if (allowed === 0 || previous.length < allowed) throw new ConflictError('You still have attempts left at this knowledge check');
      const { requestedAt, created } = await this.checks.request(manager, enrollment.id, lesson.slug, allowed);
      if (!created) return { requestedAt: isoDate(requestedAt), alreadyAsked: true, asked: 0 };
      const recipients = await this.checks.recipients(manager, staffId);
      const name = await this.checks.name(manager, staffId);
      const footer = { cityName: this.config.cityName, officeName: this.config.officeName, appUrl: this.config.appUrl };
      const mails = recipients.map((r) => {
        const url = `${this.config.appUrl}/${r.role === 'equity_lead' ? 'lead' : 'rase'}/attempt-requests`;
        const mail = renderActionMail(
          {
            subject: `${name} asks for another attempt at a knowledge check`,
            preview: `${enrollment.courseTitle}: ${lesson.title}`,
            greeting: `Hello ${r.firstName},`,
            paragraphs: [
              `${name} has used all ${allowed} attempts at the knowledge check “${lesson.title}” in ${enrollment.courseTitle} without passing it, and cannot finish the course without another attempt.`,
              'You can give them more attempts in Equip.',
            ],
            action: { label: 'Review the request', url },
          },
          footer,
        );
        return { key: `more-attempts:${enrollment.id}:${lesson.slug}:${allowed}:${r.staffId}`, to: r.email, ...mail };
      });
      await this.checks.queueMail(manager, mails);
      return { requestedAt: isoDate(requestedAt), alreadyAsked: false, asked: mails.length };
    });
  }

  /** Saves the author's reflection (private to them), which completes the lesson; one with no words is refused by its DTO. */
  async saveReflection(staffId: string, enrollmentId: string, lessonSlug: string, text: string): Promise<{ savedAt: string; enrollment: MyEnrollment }> {
    return this.act(staffId, enrollmentId, lessonSlug, async (manager, enrollment, lesson) => {
      if (lesson.type !== 'reflection') throw new InvalidInputError(`${lesson.title} is not a reflection`);
      if (!text.trim()) throw new InvalidInputError(EMPTY_REFLECTION, [{ field: 'text', message: EMPTY_REFLECTION }]);
      const savedAt = await this.repository.saveReflection(manager, enrollment.id, lesson.slug, text);
      return { savedAt: isoDate(savedAt), enrollment: await this.markDone(manager, enrollment, lesson.slug) };
    });
  }

  async affirm(staffId: string, enrollmentId: string, lessonSlug: string): Promise<{ affirmedAt: string; enrollment: MyEnrollment }> {
    return this.act(staffId, enrollmentId, lessonSlug, async (manager, enrollment, lesson) => {
      if (lesson.type !== 'attestation') throw new InvalidInputError(`${lesson.title} is not an attestation`);
      const affirmedAt = await this.repository.affirm(manager, enrollment.id, lesson.slug);
      return { affirmedAt: isoDate(affirmedAt), enrollment: await this.markDone(manager, enrollment, lesson.slug) };
    });
  }

  // ── the person's lists ───────────────────────────────────────────────────────────────────────

  async assignments(staffId: string, now = new Date()): Promise<MyAssignment[]> {
    const manager = this.dataSource.manager;
    const [rows, facts] = await Promise.all([this.repository.assignments(manager, staffId), this.repository.courseFacts(manager, staffId)]);
    const bySlug = new Map(facts.map((f) => [f.slug, f]));
    return rows
      .map((row): MyAssignment => {
        let progress: MyAssignment['progress'];
        let started: CourseFacts[];
        if (row.kind === 'course') {
          const f = bySlug.get(row.slug);
          // Not started: the current version's lessons, so the list says "6 lessons", never "0 of 0".
          progress = courseProgress(f ? f.lessons : (row.lessons ?? []), new Set(f?.done ?? []));
          started = f ? [f] : [];
        } else {
          const required = (row.steps ?? []).filter((s) => !s.optional);
          started = (row.steps ?? []).flatMap((s) => bySlug.get(s.course) ?? []);
          progress = { done: required.filter((s) => bySlug.get(s.course)?.completedAt).length, total: required.length };
        }
        const startedAt = started.map((f) => new Date(f.startedAt).getTime()).sort()[0];
        const last = started.map((f) => new Date(f.lastActivityAt).getTime()).sort().at(-1);
        return {
          id: row.id,
          kind: row.kind,
          slug: row.slug,
          title: row.title,
          dueOn: row.dueOn,
          status: assignmentStatus({ dueOn: row.dueOn, completedAt: row.completedAt, exemptedAt: row.exemptedAt, startedAt: startedAt ? new Date(startedAt) : null }, now, this.config.cityTimeZone),
          progress,
          lastActivityAt: last ? new Date(last).toISOString() : null,
          enrollmentId: row.kind === 'course' ? (bySlug.get(row.slug)?.enrollmentId ?? null) : null,
          completedAt: iso(row.completedAt),
          estimatedMinutes: row.estimatedMinutes,
          firstLessonSlug: row.kind === 'course' ? (row.lessons?.[0]?.slug ?? null) : null,
          missingPrerequisites: row.missingPrerequisites,
          sources: row.sources,
          certificateId: row.certificateId,
        };
      })
      .sort(compareAssignments);
  }

  async tracks(staffId: string, now = new Date()): Promise<TrackProgress[]> {
    return this.trackProgress(staffId, undefined, now);
  }

  async track(staffId: string, slug: string, now = new Date()): Promise<TrackProgress> {
    const [track] = await this.trackProgress(staffId, slug, now);
    if (!track) throw new NotFoundError('No such track');
    return track;
  }

  competencies(staffId: string): Promise<MyCompetency[]> {
    return this.repository.competencies(this.dataSource.manager, staffId);
  }

  async certificates(staffId: string): Promise<MyCertificate[]> {
    const rows = await this.repository.certificates(this.dataSource.manager, staffId);
    return rows.map((c) => ({ ...c, issuedAt: isoDate(c.issuedAt), downloadUrl: certificatePdfPath(c.id) }));
  }

  // ── inside ───────────────────────────────────────────────────────────────────────────────────

  private async trackProgress(staffId: string, slug: string | undefined, now: Date): Promise<TrackProgress[]> {
    const manager = this.dataSource.manager;
    const [tracks, facts, assignments] = await Promise.all([
      this.repository.tracks(manager, staffId, slug),
      this.repository.courseFacts(manager, staffId),
      this.repository.assignments(manager, staffId),
    ]);
    const bySlug = new Map(facts.map((f) => [f.slug, f]));
    const courseAssignment = new Map(assignments.filter((a) => a.kind === 'course').map((a) => [a.slug, a]));
    return tracks.map((t) => ({
      slug: t.slug,
      title: t.title,
      summary: t.summary,
      audience: t.audience,
      steps: t.steps.map((step) => {
        const f = bySlug.get(step.course);
        const a = courseAssignment.get(step.course);
        const status =
          !f && !a
            ? ('not_enrolled' as const)
            : assignmentStatus({ dueOn: a?.dueOn ?? null, completedAt: f?.completedAt ?? a?.completedAt ?? null, exemptedAt: a?.exemptedAt ?? null, startedAt: f?.startedAt ?? null }, now, this.config.cityTimeZone);
        return { course: { slug: step.course, title: t.courseTitles[step.course] ?? step.course }, optional: step.optional ?? false, status };
      }),
      // A track may award nothing; the contract's type says it always does.
      awards: t.awards as TrackProgress['awards'],
      completedAt: iso(t.completedAt),
    }));
  }

  private async find(manager: EntityManager, staffId: string, enrollmentId: string): Promise<EnrollmentRow> {
    const enrollment = await this.repository.enrollment(manager, staffId, enrollmentId);
    if (!enrollment) throw new NotFoundError('No such enrollment');
    return enrollment;
  }

  /** An enrollment read back inside the transaction that wrote it. */
  private async required(read: Promise<EnrollmentRow | undefined>): Promise<EnrollmentRow> {
    const enrollment = await read;
    if (!enrollment) throw new Error('The enrollment just written could not be read back');
    return enrollment;
  }

  private lessonOf(enrollment: EnrollmentRow, lessonSlug: string): StoredLesson {
    const lesson = enrollment.lessons.find((l) => l.slug === lessonSlug);
    if (!lesson) throw new NotFoundError(`${enrollment.courseTitle} has no lesson ${lessonSlug}`);
    return lesson;
  }

  /**
   * A learner's write on one lesson, in one transaction holding the enrollment's row lock:
   * the enrollment must be theirs (404), its course not retired (409), the lesson in its version
   * (404) and reachable (409).
   */
  private act<T>(staffId: string, enrollmentId: string, lessonSlug: string, work: (manager: EntityManager, enrollment: EnrollmentRow, lesson: StoredLesson) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const enrollment = await this.repository.lockEnrollment(manager, staffId, enrollmentId);
      if (!enrollment) throw new NotFoundError('No such enrollment');
      if (enrollment.courseArchived) throw new ConflictError(RETIRED);
      const lesson = this.lessonOf(enrollment, lessonSlug);
      if (!isReachable(enrollment.lessons, new Set(enrollment.done), lesson.slug)) throw new ConflictError('Finish the lessons before this one first');
      return work(manager, enrollment, lesson);
    });
  }

  /** Records the lesson done and completes the course if that was the last; the enrollment after. */
  private async markDone(manager: EntityManager, enrollment: EnrollmentRow, lessonSlug: string): Promise<MyEnrollment> {
    await this.repository.markDone(manager, enrollment.id, lessonSlug);
    const done = new Set([...enrollment.done, lessonSlug]);
    await this.completion.completeIfDone(manager, enrollment, done);
    return this.view(await this.required(this.repository.enrollment(manager, enrollment.staffId, enrollment.id)));
  }

  private view(e: EnrollmentRow): MyEnrollment {
    const done = new Set(e.done);
    const states = lessonStates(e.lessons, done);
    return {
      id: e.id,
      courseSlug: e.courseSlug,
      courseTitle: e.courseTitle,
      version: e.version,
      startedAt: isoDate(e.startedAt),
      completedAt: iso(e.completedAt),
      lessons: e.lessons.map((l, i) => ({ ...summary(l), state: states[i].state })),
      resumeLesson: resumeLesson(e.lessons, done),
    };
  }

  /** The lesson's own attempts plus every grant (0 stays unlimited). */
  private async allowance(manager: EntityManager, enrollmentId: string, lesson: KnowledgeCheckLesson): Promise<number> {
    if (lesson.attempts === 0) return 0;
    return lesson.attempts + (await this.checks.extraAttempts(manager, enrollmentId, lesson.slug));
  }

  private attemptResult(lesson: KnowledgeCheckLesson, attempt: AttemptRow, attemptsUsed: number, attemptsAllowed: number, enrollment: MyEnrollment): AttemptResult {
    const scored = scoreAttempt(lesson.questions, attempt.answers, lesson.passMark);
    return {
      attempt: attempt.attempt,
      score: attempt.score,
      passMark: lesson.passMark,
      passed: attempt.passed,
      attemptsUsed,
      attemptsAllowed,
      questions: scored.questions,
      enrollment,
    };
  }
}
