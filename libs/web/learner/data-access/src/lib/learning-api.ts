import { Injectable, inject } from '@angular/core';
import type {
  AttemptResult,
  CatalogCourse,
  CourseDetail,
  LessonContent,
  MoreAttemptsRequestResult,
  MyAssignment,
  MyCertificate,
  MyCompetency,
  MyEnrollment,
  SubmitAttemptRequest,
  TrackProgress,
} from '@equip/shared/contracts';
import { ApiClient } from '@equip/web/shared/data-access';
import { Observable } from 'rxjs';

/** What the catalog can be narrowed by; empty values are left out of the query. */
export interface CatalogFilters {
  search?: string;
  audience?: string;
  competency?: string;
}

/** `PUT …/reflection` and `POST …/attestation` answer with the time saved and the enrollment after it. */
export interface ReflectionSaved {
  savedAt: string;
  enrollment: MyEnrollment;
}
export interface AttestationAffirmed {
  affirmedAt: string;
  enrollment: MyEnrollment;
}

/**
 * The learner's own api (`/api/learning/*`) and the catalog (`/api/catalog/*`), typed by
 * `@equip/shared/contracts` (learning.ts). Every call acts on the signed-in person's records only.
 */
@Injectable({ providedIn: 'root' })
export class LearningApi {
  private readonly api = inject(ApiClient);

  assignments(): Observable<MyAssignment[]> {
    return this.api.get('/api/learning/assignments');
  }

  catalog(filters: CatalogFilters = {}): Observable<CatalogCourse[]> {
    return this.api.get('/api/catalog/courses', {
      search: filters.search?.trim(),
      audience: filters.audience,
      competency: filters.competency,
    });
  }

  course(slug: string): Observable<CourseDetail> {
    return this.api.get(`/api/catalog/courses/${encodeURIComponent(slug)}`);
  }

  /** 201 (or 200 when already enrolled) with the enrollment; 409 while prerequisites are missing. */
  enrol(courseSlug: string): Observable<MyEnrollment> {
    return this.api.post(`/api/learning/courses/${encodeURIComponent(courseSlug)}/enrol`);
  }

  enrollment(id: string): Observable<MyEnrollment> {
    return this.api.get(enrollmentPath(id));
  }

  /** 409 when the lesson is not reachable yet. */
  lesson(enrollmentId: string, lessonSlug: string): Observable<LessonContent> {
    return this.api.get(lessonPath(enrollmentId, lessonSlug));
  }

  /** Reading and video lessons. */
  complete(enrollmentId: string, lessonSlug: string): Observable<MyEnrollment> {
    return this.api.post(`${lessonPath(enrollmentId, lessonSlug)}/complete`);
  }

  submitAttempt(enrollmentId: string, lessonSlug: string, request: SubmitAttemptRequest): Observable<AttemptResult> {
    return this.api.post(`${lessonPath(enrollmentId, lessonSlug)}/attempts`, request);
  }

  /** "Ask my lead" for more attempts at a knowledge check once mine are used up (asking twice asks nobody twice). */
  askForMoreAttempts(enrollmentId: string, lessonSlug: string): Observable<MoreAttemptsRequestResult> {
    return this.api.post(`${lessonPath(enrollmentId, lessonSlug)}/attempt-requests`, {});
  }

  saveReflection(enrollmentId: string, lessonSlug: string, text: string): Observable<ReflectionSaved> {
    return this.api.put(`${lessonPath(enrollmentId, lessonSlug)}/reflection`, { text });
  }

  affirm(enrollmentId: string, lessonSlug: string): Observable<AttestationAffirmed> {
    return this.api.post(`${lessonPath(enrollmentId, lessonSlug)}/attestation`, { affirm: true });
  }

  tracks(): Observable<TrackProgress[]> {
    return this.api.get('/api/learning/tracks');
  }

  track(slug: string): Observable<TrackProgress> {
    return this.api.get(`/api/learning/tracks/${encodeURIComponent(slug)}`);
  }

  competencies(): Observable<MyCompetency[]> {
    return this.api.get('/api/learning/competencies');
  }

  certificates(): Observable<MyCertificate[]> {
    return this.api.get('/api/learning/certificates');
  }
}

function enrollmentPath(id: string): string {
  return `/api/learning/enrollments/${encodeURIComponent(id)}`;
}

function lessonPath(enrollmentId: string, lessonSlug: string): string {
  return `${enrollmentPath(enrollmentId)}/lessons/${encodeURIComponent(lessonSlug)}`;
}
