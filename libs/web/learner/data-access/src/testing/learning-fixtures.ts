import type { CatalogCourse, CourseDetail, LessonContent, MyAssignment, MyEnrollment } from '@equip/shared/contracts';

// Test data for the learner specs; never imported by production code.

export function assignment(overrides: Partial<MyAssignment> = {}): MyAssignment {
  return {
    id: 'a-1',
    kind: 'course',
    slug: 'racial-equity-foundations',
    title: 'Racial equity foundations',
    dueOn: null,
    status: 'not_started',
    progress: { done: 0, total: 6 },
    lastActivityAt: null,
    enrollmentId: null,
    completedAt: null,
    estimatedMinutes: 45,
    firstLessonSlug: 'welcome',
    missingPrerequisites: [],
    sources: [{ kind: 'cohort', cohort: { id: 'co-1', name: 'TES planners' } }],
    certificateId: null,
    ...overrides,
  };
}

export function catalogCourse(overrides: Partial<CatalogCourse> = {}): CatalogCourse {
  return {
    slug: 'racial-equity-foundations',
    title: 'Racial equity foundations',
    summary: 'Shared language for equity work.',
    audience: 'all-staff',
    estimatedMinutes: 31,
    competencies: [{ competency: 'racial-equity-foundations', level: 'Aware', competencyName: 'Racial equity foundations' }],
    tags: ['foundations'],
    prerequisites: [],
    lessonCount: 3,
    ...overrides,
  };
}

export function enrollment(overrides: Partial<MyEnrollment> = {}): MyEnrollment {
  return {
    id: 'e-1',
    courseSlug: 'racial-equity-foundations',
    courseTitle: 'Racial equity foundations',
    version: 1,
    startedAt: '2026-03-01T14:00:00Z',
    completedAt: null,
    lessons: [
      { slug: 'why', title: 'Why local government acts', type: 'reading', minutes: 5, required: true, state: 'available' },
      { slug: 'check', title: 'Check your understanding', type: 'knowledge-check', minutes: 6, required: true, state: 'locked' },
      { slug: 'reflect', title: 'Reflect', type: 'reflection', minutes: 3, required: true, state: 'locked' },
    ],
    resumeLesson: 'why',
    ...overrides,
  };
}

export function courseDetail(overrides: Partial<CourseDetail> = {}): CourseDetail {
  const { lessons } = enrollment();
  return {
    ...catalogCourse(),
    version: 1,
    lessons: lessons.map(({ state: _state, ...lesson }) => lesson),
    missingPrerequisites: [],
    enrollment: null,
    ...overrides,
  };
}

export function readingLesson(overrides: Partial<LessonContent> = {}): LessonContent {
  return {
    slug: 'why',
    title: 'Why local government acts',
    type: 'reading',
    minutes: 5,
    required: true,
    html: '<h1>Why local government acts</h1><p>Read <a href="/learn/courses/racial-equity-foundations/lessons/check">the check</a>.</p>',
    state: 'available',
    ...overrides,
  };
}

export function knowledgeCheckLesson(overrides: Partial<LessonContent> = {}): LessonContent {
  return {
    slug: 'check',
    title: 'Check your understanding',
    type: 'knowledge-check',
    minutes: 6,
    required: true,
    html: '<p>Answer both questions.</p>',
    state: 'available',
    knowledgeCheck: {
      passMark: 2,
      attemptsAllowed: 3,
      moreAttemptsRequestedAt: null,
      attemptsUsed: 0,
      passed: false,
      lastAttempt: null,
      questions: [
        {
          id: 'q1',
          prompt: 'What is equity?',
          kind: 'single',
          options: [
            { id: 'a', text: 'Same for all' },
            { id: 'b', text: 'Outcomes not predicted by race' },
          ],
        },
        {
          id: 'q2',
          prompt: 'Which are structural?',
          kind: 'multiple',
          options: [
            { id: 'a', text: 'Lending' },
            { id: 'b', text: 'A joke' },
            { id: 'c', text: 'Investment' },
          ],
        },
      ],
    },
    ...overrides,
  };
}
