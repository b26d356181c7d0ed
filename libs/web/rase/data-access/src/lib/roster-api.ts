import { Injectable, inject } from '@angular/core';
import type { RosterImportResult } from '@equip/shared/contracts';
import { ApiClient, ApiError } from '@equip/web/shared/data-access';
import { Observable, catchError, of, throwError } from 'rxjs';

export const ROSTER_IMPORTS_PATH = '/api/roster/imports';

/** A 422 from the import carries the whole result (problem details plus `RosterImportResult`). */
export function isRosterImportResult(body: unknown): body is RosterImportResult {
  return typeof body === 'object' && body !== null && Array.isArray((body as { problems?: unknown }).problems);
}

/** How many problems the file has: those listed, plus any the api counted but left out of a very long list. */
export function problemCount(result: RosterImportResult): number {
  const omitted = (result as { omittedProblems?: unknown }).omittedProblems;
  return result.problems.length + (typeof omitted === 'number' ? omitted : 0);
}

/** Uploads the roster CSV. */
@Injectable({ providedIn: 'root' })
export class RosterApi {
  private readonly api = inject(ApiClient);

  /**
   * Checks (`dryRun`) or imports the file. A file with problems is an answer, not a failure: the
   * api refuses it with 422 and lists every problem, and this resolves to that result (nothing was
   * written). Other failures (no file, not CSV, another import running) reject with the `ApiError`.
   */
  import(file: Blob, fileName: string, dryRun: boolean): Observable<RosterImportResult> {
    return this.api.upload<RosterImportResult>(ROSTER_IMPORTS_PATH, 'file', file, fileName, { dryRun }).pipe(
      catchError((error: unknown) =>
        error instanceof ApiError && error.status === 422 && isRosterImportResult(error.body) ? of(error.body) : throwError(() => error),
      ),
    );
  }
}
