import { Injectable, inject, signal } from '@angular/core';
import type { MyEnrollment } from '@equip/shared/contracts';
import { ApiError, latestRequest, toProblem } from '@equip/web/shared/data-access';
import { firstValueFrom } from 'rxjs';
import { LearningApi } from './learning-api';

/** A course page: the course (with my enrollment, if any) and enrolling in it. Provide it on the page. */
@Injectable()
export class CourseStore {
  private readonly api = inject(LearningApi);

  readonly course = latestRequest((slug: string) => this.api.course(slug));
  readonly enrolling = signal(false);
  /** Why enrolling failed (a 409 names the missing prerequisites). */
  readonly enrolError = signal<ApiError | undefined>(undefined);

  load(slug: string): void {
    this.enrolError.set(undefined);
    this.course.load(slug);
  }

  /** Enrols me (the api answers 200 when I already was); resolves with the enrollment, or undefined after a failure. */
  async enrol(slug: string): Promise<MyEnrollment | undefined> {
    this.enrolling.set(true);
    this.enrolError.set(undefined);
    try {
      return await firstValueFrom(this.api.enrol(slug));
    } catch (error) {
      this.enrolError.set(error instanceof ApiError ? error : new ApiError(toProblem(error)));
      return undefined;
    } finally {
      this.enrolling.set(false);
    }
  }
}
