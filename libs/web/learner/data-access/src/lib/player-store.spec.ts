import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { AttemptResult } from '@equip/shared/contracts';
import { courseDetail, enrollment, knowledgeCheckLesson, readingLesson } from '../testing';
import { PlayerStore } from './player-store';

const lessons = '/api/learning/enrollments/e-1/lessons';

describe('PlayerStore', () => {
  let store: PlayerStore;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), PlayerStore] });
    store = TestBed.inject(PlayerStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  function openReading(): void {
    store.open({ courseSlug: 'racial-equity-foundations', lessonSlug: 'why' });
    http.expectOne('/api/catalog/courses/racial-equity-foundations').flush(courseDetail({ enrollment: enrollment() }));
    http.expectOne(`${lessons}/why`).flush(readingLesson());
  }

  it("opens a lesson through the enrollment in the course's detail", () => {
    openReading();
    expect(store.lesson()?.title).toBe('Why local government acts');
    expect(store.enrollment()?.id).toBe('e-1');
    expect(store.nextLesson()?.slug).toBe('check');
    expect(store.loading()).toBe(false);
  });

  it('asks for the course only once while moving between its lessons', () => {
    openReading();
    store.open({ courseSlug: 'racial-equity-foundations', lessonSlug: 'check' });
    http.expectOne(`${lessons}/check`).flush(knowledgeCheckLesson());
    expect(store.lesson()?.type).toBe('knowledge-check');
  });

  it('says so when I am not enrolled in the course', () => {
    store.open({ courseSlug: 'racial-equity-foundations', lessonSlug: 'why' });
    http.expectOne('/api/catalog/courses/racial-equity-foundations').flush(courseDetail());
    expect(store.loadError()?.problem.detail).toMatch(/not enrolled/);
  });

  it('shows the api problem when the lesson is not reachable yet', () => {
    store.open({ courseSlug: 'racial-equity-foundations', lessonSlug: 'check' });
    http.expectOne('/api/catalog/courses/racial-equity-foundations').flush(courseDetail({ enrollment: enrollment() }));
    http
      .expectOne(`${lessons}/check`)
      .flush({ title: 'Conflict', status: 409, detail: 'Finish the lessons before this one first.' }, { status: 409, statusText: 'Conflict' });
    expect(store.loadError()?.status).toBe(409);
    expect(store.lesson()).toBeUndefined();
  });

  it('saves a reading lesson as done and takes the enrollment the api answers with', async () => {
    openReading();
    const done = store.complete();
    const after = enrollment({ resumeLesson: 'check' });
    http.expectOne(`${lessons}/why/complete`).flush(after);
    expect(await done).toBe(true);
    expect(store.enrollment()?.resumeLesson).toBe('check');
    expect(store.lesson()?.state).toBe('done');
  });

  it('keeps the attempt result, with the attempts used, after a knowledge check', async () => {
    openReading();
    store.open({ courseSlug: 'racial-equity-foundations', lessonSlug: 'check' });
    http.expectOne(`${lessons}/check`).flush(knowledgeCheckLesson());

    const submitted = store.submitAttempt({ q1: ['a'], q2: ['a'] });
    const result: AttemptResult = {
      attempt: 1,
      score: 0,
      passMark: 2,
      passed: false,
      attemptsUsed: 1,
      attemptsAllowed: 3,
      questions: [],
      enrollment: enrollment(),
    };
    http.expectOne(`${lessons}/check/attempts`).flush(result);
    expect(await submitted).toBe(true);
    expect(store.attempt()?.passed).toBe(false);
    expect(store.lesson()?.knowledgeCheck?.attemptsUsed).toBe(1);
    expect(store.lesson()?.state).toBe('available');
  });

  it('keeps the problem when an action is refused', async () => {
    openReading();
    const done = store.complete();
    http.expectOne(`${lessons}/why/complete`).flush({ title: 'Server error', status: 500 }, { status: 500, statusText: 'Error' });
    expect(await done).toBe(false);
    expect(store.actionError()?.status).toBe(500);
  });
});
