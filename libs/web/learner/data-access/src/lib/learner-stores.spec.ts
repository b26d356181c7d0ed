import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { assignment, catalogCourse, courseDetail, enrollment } from '../testing';
import { CourseStore } from './course-store';
import { CatalogStore, MyLearningStore } from './learner-stores';

describe('learner stores', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), MyLearningStore, CatalogStore, CourseStore] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('suggests a few catalog courses I have no assignment for', () => {
    const store = TestBed.inject(MyLearningStore);
    store.load();
    http.expectOne('/api/learning/assignments').flush([assignment({ slug: 'a', status: 'in_progress' })]);
    http
      .expectOne('/api/catalog/courses')
      .flush(['a', 'b', 'c', 'd', 'e'].map((slug) => catalogCourse({ slug, title: slug.toUpperCase() })));
    expect(store.suggestions().map((c) => c.slug)).toEqual(['b', 'c', 'd']);
    expect(store.sections()?.inProgress).toHaveLength(1);
  });

  it('reads filter options from the whole catalog and results for the filters', () => {
    const store = TestBed.inject(CatalogStore);
    store.search({ audience: 'managers' });
    http
      .expectOne((r) => r.url === '/api/catalog/courses' && r.params.keys().length === 0)
      .flush([
        catalogCourse({ competencies: [{ competency: 'z', level: 'Aware', competencyName: 'Zeta' }] }),
        catalogCourse({ competencies: [{ competency: 'a', level: 'Aware', competencyName: 'Alpha' }] }),
      ]);
    http.expectOne((r) => r.url === '/api/catalog/courses' && r.params.get('audience') === 'managers').flush([]);
    expect(store.competencyOptions()).toEqual([
      { value: 'a', label: 'Alpha' },
      { value: 'z', label: 'Zeta' },
    ]);
    expect(store.results.value()).toEqual([]);
  });

  it('enrols, and keeps the 409 when prerequisites are missing', async () => {
    const store = TestBed.inject(CourseStore);
    store.load('racial-equity-foundations');
    http.expectOne('/api/catalog/courses/racial-equity-foundations').flush(courseDetail());

    const refused = store.enrol('racial-equity-foundations');
    http
      .expectOne('/api/learning/courses/racial-equity-foundations/enrol')
      .flush({ title: 'Conflict', status: 409, detail: 'Complete Our city’s commitment first.' }, { status: 409, statusText: 'Conflict' });
    expect(await refused).toBeUndefined();
    expect(store.enrolError()?.problem.detail).toContain('first');

    const enrolled = store.enrol('racial-equity-foundations');
    http.expectOne('/api/learning/courses/racial-equity-foundations/enrol').flush(enrollment());
    expect((await enrolled)?.resumeLesson).toBe('why');
    expect(store.enrolError()).toBeUndefined();
  });
});
