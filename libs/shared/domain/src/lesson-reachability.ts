import type { LessonState, LessonType } from '@equip/shared/contracts';

export interface LessonRule {
  slug: string;
  type: LessonType;
  required: boolean;
}

/**
 * A lesson counts towards completing its course when it is required, and every knowledge check
 * does (a course completes only when its knowledge checks are passed).
 */
export function countsForCompletion(lesson: LessonRule): boolean {
  return lesson.required || lesson.type === 'knowledge-check';
}

/**
 * Each lesson's state, in order: done, available (every lesson before it that counts for
 * completion is done), or locked.
 */
export function lessonStates(lessons: readonly LessonRule[], done: ReadonlySet<string>): { slug: string; state: LessonState }[] {
  let blocked = false;
  return lessons.map((lesson) => {
    const state: LessonState = done.has(lesson.slug) ? 'done' : blocked ? 'locked' : 'available';
    if (state !== 'done' && countsForCompletion(lesson)) blocked = true;
    return { slug: lesson.slug, state };
  });
}

export function isReachable(lessons: readonly LessonRule[], done: ReadonlySet<string>, slug: string): boolean {
  const found = lessonStates(lessons, done).find((l) => l.slug === slug);
  return found !== undefined && found.state !== 'locked';
}

/** The first reachable lesson not yet done: where "Resume" goes; null when everything is done. */
export function resumeLesson(lessons: readonly LessonRule[], done: ReadonlySet<string>): string | null {
  return lessonStates(lessons, done).find((l) => l.state === 'available')?.slug ?? null;
}

/** Every lesson that counts for completion is done (knowledge checks are done only once passed). */
export function isCourseComplete(lessons: readonly LessonRule[], done: ReadonlySet<string>): boolean {
  return lessons.filter(countsForCompletion).every((l) => done.has(l.slug));
}

/** Lessons that count for completion: done / total, for progress bars. */
export function courseProgress(lessons: readonly LessonRule[], done: ReadonlySet<string>): { done: number; total: number } {
  const counted = lessons.filter(countsForCompletion);
  return { done: counted.filter((l) => done.has(l.slug)).length, total: counted.length };
}
