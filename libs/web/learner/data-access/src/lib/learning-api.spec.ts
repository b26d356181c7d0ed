import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { enrollment } from '../testing';
import { LearningApi } from './learning-api';

describe('LearningApi', () => {
  let api: LearningApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(LearningApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('searches the catalog with only the filters that are set', async () => {
    const courses = firstValueFrom(api.catalog({ search: ' racism ', audience: '', competency: 'racial-equity-foundations' }));
    const request = http.expectOne((r) => r.url === '/api/catalog/courses');
    expect(request.request.params.toString()).toBe('search=racism&competency=racial-equity-foundations');
    request.flush([]);
    expect(await courses).toEqual([]);
  });

  it('enrols with a POST to the course', async () => {
    const enrolled = firstValueFrom(api.enrol('racial-equity-foundations'));
    const request = http.expectOne('/api/learning/courses/racial-equity-foundations/enrol');
    expect(request.request.method).toBe('POST');
    request.flush(enrollment(), { status: 201, statusText: 'Created' });
    expect((await enrolled).id).toBe('e-1');
  });

  it('saves each kind of lesson progress on its own route', () => {
    api.complete('e-1', 'why').subscribe();
    api.submitAttempt('e-1', 'check', { answers: { q1: ['b'] } }).subscribe();
    api.saveReflection('e-1', 'reflect', 'My note').subscribe();
    api.affirm('e-1', 'commit').subscribe();

    const base = '/api/learning/enrollments/e-1/lessons';
    expect(http.expectOne(`${base}/why/complete`).request.method).toBe('POST');
    const attempt = http.expectOne(`${base}/check/attempts`).request;
    expect([attempt.method, attempt.body]).toEqual(['POST', { answers: { q1: ['b'] } }]);
    const reflection = http.expectOne(`${base}/reflect/reflection`).request;
    expect([reflection.method, reflection.body]).toEqual(['PUT', { text: 'My note' }]);
    const attestation = http.expectOne(`${base}/commit/attestation`).request;
    expect([attestation.method, attestation.body]).toEqual(['POST', { affirm: true }]);
  });

  it('reads tracks, competencies and certificates from the learning api', () => {
    api.tracks().subscribe();
    api.track('all-staff-foundations').subscribe();
    api.competencies().subscribe();
    api.certificates().subscribe();
    for (const url of ['/api/learning/tracks', '/api/learning/tracks/all-staff-foundations', '/api/learning/competencies', '/api/learning/certificates']) {
      http.expectOne(url).flush([]);
    }
  });
});
