import { courseProgress, isCourseComplete, isReachable, lessonStates, LessonRule, resumeLesson } from './lesson-reachability';

const lessons: LessonRule[] = [
  { slug: 'read', type: 'reading', required: true },
  { slug: 'extra', type: 'reading', required: false },
  { slug: 'watch', type: 'video', required: true },
  { slug: 'check', type: 'knowledge-check', required: false },
  { slug: 'reflect', type: 'reflection', required: false },
  { slug: 'affirm', type: 'attestation', required: true },
];

describe('lesson reachability', () => {
  it('makes only the lessons up to the first undone required one available', () => {
    expect(lessonStates(lessons, new Set()).map((l) => l.state)).toEqual(['available', 'locked', 'locked', 'locked', 'locked', 'locked']);
    expect(lessonStates(lessons, new Set(['read'])).map((l) => l.state)).toEqual(['done', 'available', 'available', 'locked', 'locked', 'locked']);
  });

  it('does not let an optional lesson block what follows, but a knowledge check always does', () => {
    const done = new Set(['read', 'watch']);
    expect(isReachable(lessons, done, 'check')).toBe(true);
    expect(isReachable(lessons, done, 'reflect')).toBe(false);
    expect(isReachable(lessons, new Set([...done, 'check']), 'affirm')).toBe(true);
  });

  it('answers false for a lesson that is not in the course', () => {
    expect(isReachable(lessons, new Set(), 'nope')).toBe(false);
  });

  it('resumes at the first available lesson not done, and nowhere when all are done', () => {
    expect(resumeLesson(lessons, new Set(['read']))).toBe('extra');
    expect(resumeLesson(lessons, new Set(lessons.map((l) => l.slug)))).toBeNull();
  });

  it('completes a course when required lessons and knowledge checks are done, optional ones aside', () => {
    expect(isCourseComplete(lessons, new Set(['read', 'watch', 'affirm']))).toBe(false);
    expect(isCourseComplete(lessons, new Set(['read', 'watch', 'check', 'affirm']))).toBe(true);
    expect(courseProgress(lessons, new Set(['read', 'extra']))).toEqual({ done: 1, total: 4 });
  });
});
