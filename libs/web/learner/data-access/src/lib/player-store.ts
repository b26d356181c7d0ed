import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { AttemptResult, CourseDetail, LessonContent, MyEnrollment } from '@equip/shared/contracts';
import { ApiError, toProblem } from '@equip/web/shared/data-access';
import { Observable, Subject, catchError, firstValueFrom, map, of, switchMap } from 'rxjs';
import { LearningApi } from './learning-api';

/** Which lesson of which course the player shows. */
export interface LessonRef {
  courseSlug: string;
  lessonSlug: string;
  /** Opened from "Start" on assigned work: enrol first when not enrolled yet (no separate enrol step for required work). */
  start?: boolean;
}

/**
 * The course player's state: the course, my enrollment in it (from the course detail), the open
 * lesson, and the last knowledge-check result. Every action is saved on the server at once, and the
 * enrollment it answers with replaces the one shown, so the lesson list and "Resume" follow the api.
 * Provide it on the page.
 */
@Injectable()
export class PlayerStore {
  private readonly api = inject(LearningApi);
  private readonly requests = new Subject<LessonRef>();

  readonly course = signal<CourseDetail | undefined>(undefined);
  readonly enrollment = signal<MyEnrollment | undefined>(undefined);
  readonly lesson = signal<LessonContent | undefined>(undefined);
  /** The knowledge check's latest result, from this visit or an earlier one. */
  readonly attempt = signal<AttemptResult | undefined>(undefined);
  readonly loading = signal(false);
  /** Why the lesson could not be opened (not enrolled, not reachable yet, not found). */
  readonly loadError = signal<ApiError | undefined>(undefined);
  readonly saving = signal(false);
  /** Why the last action failed. */
  readonly actionError = signal<ApiError | undefined>(undefined);
  /** Asking my lead for more attempts is under way. */
  readonly asking = signal(false);
  /** Why asking my lead failed. */
  readonly askError = signal<ApiError | undefined>(undefined);

  /** The lesson after the open one, in course order. */
  readonly nextLesson = computed(() => {
    const lessons = this.enrollment()?.lessons ?? [];
    const index = lessons.findIndex((lesson) => lesson.slug === this.lesson()?.slug);
    return index >= 0 ? lessons[index + 1] : undefined;
  });

  constructor() {
    this.requests
      .pipe(
        switchMap((ref) =>
          this.enrollmentFor(ref.courseSlug, ref.start ?? false).pipe(
            switchMap(({ course, enrollment }) =>
              this.api.lesson(enrollment.id, ref.lessonSlug).pipe(map((lesson) => ({ course, enrollment, lesson }))),
            ),
            catchError((failure: unknown) => of({ failure: asApiError(failure) })),
          ),
        ),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe((outcome) => {
        this.loading.set(false);
        if ('failure' in outcome) {
          this.lesson.set(undefined);
          this.loadError.set(outcome.failure);
          return;
        }
        this.course.set(outcome.course);
        this.enrollment.set(outcome.enrollment);
        this.lesson.set(outcome.lesson);
        this.attempt.set(outcome.lesson.knowledgeCheck?.lastAttempt ?? undefined);
      });
  }

  /** Opens a lesson; the course and enrollment are asked for only when the course changes. */
  open(ref: LessonRef): void {
    this.loading.set(true);
    this.loadError.set(undefined);
    this.actionError.set(undefined);
    this.askError.set(undefined);
    this.requests.next(ref);
  }

  /** Marks a reading or video lesson done. */
  complete(): Promise<boolean> {
    return this.act((enrollmentId, lesson) =>
      this.api.complete(enrollmentId, lesson.slug).pipe(
        map((enrollment) => {
          this.lesson.set({ ...lesson, state: 'done' });
          return enrollment;
        }),
      ),
    );
  }

  /** Submits a knowledge-check attempt; `answers` maps every question id to the chosen option ids. */
  submitAttempt(answers: Record<string, string[]>): Promise<boolean> {
    return this.act((enrollmentId, lesson) =>
      this.api.submitAttempt(enrollmentId, lesson.slug, { answers }).pipe(
        map((result) => {
          this.attempt.set(result);
          if (lesson.knowledgeCheck) {
            this.lesson.set({
              ...lesson,
              state: result.passed ? 'done' : lesson.state,
              knowledgeCheck: { ...lesson.knowledgeCheck, attemptsUsed: result.attemptsUsed, passed: result.passed, lastAttempt: result },
            });
          }
          return result.enrollment;
        }),
      ),
    );
  }

  /** Asks my lead for more attempts at the open knowledge check; the lesson then says when I asked. */
  async askForMoreAttempts(): Promise<boolean> {
    const enrollment = this.enrollment();
    const lesson = this.lesson();
    if (!enrollment || !lesson?.knowledgeCheck || this.asking()) return false;
    this.asking.set(true);
    this.askError.set(undefined);
    try {
      const { requestedAt } = await firstValueFrom(this.api.askForMoreAttempts(enrollment.id, lesson.slug));
      const current = this.lesson();
      if (current?.slug === lesson.slug && current.knowledgeCheck) this.lesson.set({ ...current, knowledgeCheck: { ...current.knowledgeCheck, moreAttemptsRequestedAt: requestedAt } });
      return true;
    } catch (error) {
      this.askError.set(asApiError(error));
      return false;
    } finally {
      this.asking.set(false);
    }
  }

  saveReflection(text: string): Promise<boolean> {
    return this.act((enrollmentId, lesson) =>
      this.api.saveReflection(enrollmentId, lesson.slug, text).pipe(
        map(({ savedAt, enrollment }) => {
          if (lesson.reflection) {
            this.lesson.set({ ...lesson, state: text.trim() ? 'done' : lesson.state, reflection: { ...lesson.reflection, text, savedAt } });
          }
          return enrollment;
        }),
      ),
    );
  }

  affirm(): Promise<boolean> {
    return this.act((enrollmentId, lesson) =>
      this.api.affirm(enrollmentId, lesson.slug).pipe(
        map(({ affirmedAt, enrollment }) => {
          if (lesson.attestation) this.lesson.set({ ...lesson, state: 'done', attestation: { ...lesson.attestation, affirmedAt } });
          return enrollment;
        }),
      ),
    );
  }

  private enrollmentFor(courseSlug: string, start: boolean): Observable<{ course: CourseDetail; enrollment: MyEnrollment }> {
    const course = this.course();
    const enrollment = this.enrollment();
    if (course?.slug === courseSlug && enrollment) return of({ course, enrollment });
    return this.api.course(courseSlug).pipe(
      switchMap((detail) => {
        if (detail.enrollment) return of({ course: detail, enrollment: detail.enrollment });
        // "Start" on assigned work enrols on the way in (the api answers 200 when already enrolled).
        if (start) return this.api.enrol(courseSlug).pipe(map((started) => ({ course: detail, enrollment: started })));
        throw new ApiError({
          type: 'about:blank',
          title: 'Not enrolled',
          status: 409,
          detail: `You are not enrolled in ${detail.title} yet. Enroll from the course page to start it.`,
        });
      }),
    );
  }

  /** Runs one saving action; the enrollment it answers with replaces the one shown. Resolves true when saved. */
  private async act(action: (enrollmentId: string, lesson: LessonContent) => Observable<MyEnrollment>): Promise<boolean> {
    const enrollment = this.enrollment();
    const lesson = this.lesson();
    if (!enrollment || !lesson || this.saving()) return false;
    this.saving.set(true);
    this.actionError.set(undefined);
    try {
      this.enrollment.set(await firstValueFrom(action(enrollment.id, lesson)));
      return true;
    } catch (error) {
      this.actionError.set(asApiError(error));
      return false;
    } finally {
      this.saving.set(false);
    }
  }
}

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(toProblem(error));
}
