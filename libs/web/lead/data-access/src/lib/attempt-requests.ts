import { Injectable, inject, signal } from '@angular/core';
import type { GrantAttemptsRequest, GrantAttemptsResult, MoreAttemptsRequestRow } from '@equip/shared/contracts';
import { ApiClient, ApiError, latestRequest, toProblem } from '@equip/web/shared/data-access';
import { type Observable, firstValueFrom } from 'rxjs';

/** More attempts at knowledge checks (`/api/knowledge-check-requests`, `/api/knowledge-check-grants`); the api scopes both to the caller's departments. */
@Injectable({ providedIn: 'root' })
export class AttemptRequestsApi {
  private readonly api = inject(ApiClient);

  requests(): Observable<MoreAttemptsRequestRow[]> {
    return this.api.get('/api/knowledge-check-requests');
  }

  grant(request: GrantAttemptsRequest): Observable<GrantAttemptsResult> {
    return this.api.post('/api/knowledge-check-grants', request);
  }
}

/** The people waiting for more attempts, and granting them one at a time. Provide it on the page. */
@Injectable()
export class AttemptRequestsStore {
  private readonly api = inject(AttemptRequestsApi);

  readonly requests = latestRequest((_: void) => this.api.requests());
  /** The request being granted (its person and check), while the api answers. */
  readonly granting = signal<string | null>(null);

  load(): void {
    this.requests.load();
  }

  /** Grants one more attempt; the list is asked for again so the granted request leaves it. */
  async grantOne(row: MoreAttemptsRequestRow): Promise<GrantAttemptsResult> {
    this.granting.set(requestKey(row));
    try {
      const result = await firstValueFrom(this.api.grant({ staffId: row.staff.id, courseSlug: row.course.slug, lessonSlug: row.lesson.slug, extraAttempts: 1 }));
      this.requests.reload();
      return result;
    } catch (error) {
      throw error instanceof ApiError ? error : new ApiError(toProblem(error));
    } finally {
      this.granting.set(null);
    }
  }
}

/** One request's identity in a list: a person's check in a course. */
export function requestKey(row: MoreAttemptsRequestRow): string {
  return `${row.staff.id}:${row.course.slug}:${row.lesson.slug}`;
}
