import { Injectable, inject } from '@angular/core';
import type { Page, RosterFeedFile, RosterImportMode, RosterImportRecord, RosterImportResult } from '@equip/shared/contracts';
import { ApiClient, ApiError } from '@equip/web/shared/data-access';
import { Observable, catchError, of, throwError } from 'rxjs';

export const ROSTER_IMPORTS_PATH = '/api/roster/imports';
export const ROSTER_FEED_FILES_PATH = '/api/roster/feed-files';

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
  import(file: Blob, fileName: string, dryRun: boolean, options: RosterImportOptions = {}): Observable<RosterImportResult> {
    const params = {
      dryRun,
      ...(options.mode ? { mode: options.mode } : {}),
      ...(options.confirmDeactivate === undefined ? {} : { confirmDeactivate: options.confirmDeactivate }),
    };
    return this.api.upload<RosterImportResult>(ROSTER_IMPORTS_PATH, 'file', file, fileName, params).pipe(answerOf422);
  }

  /** Every real import and undo, newest first. */
  imports(page: number, pageSize = 20): Observable<Page<RosterImportRecord>> {
    return this.api.get<Page<RosterImportRecord>>(ROSTER_IMPORTS_PATH, { page, pageSize });
  }

  /**
   * Previews (`dryRun`) or undoes an import. Refused like an import (422, the result with its
   * problems); a 409 (already undone, changed since) rejects with the `ApiError` saying why.
   */
  undo(importId: string, dryRun: boolean, confirmDeactivate?: number): Observable<RosterImportResult> {
    const params = { dryRun, ...(confirmDeactivate === undefined ? {} : { confirmDeactivate }) };
    return this.api.post<RosterImportResult>(`${ROSTER_IMPORTS_PATH}/${encodeURIComponent(importId)}/undo`, null, params).pipe(answerOf422);
  }

  /** The nightly feed's files, newest first. */
  feedFiles(page: number, pageSize = 20): Observable<Page<RosterFeedFile>> {
    return this.api.get<Page<RosterFeedFile>>(ROSTER_FEED_FILES_PATH, { page, pageSize });
  }

  /** Previews (`dryRun`) or applies a held feed file; refused like an import (422 with the result), 409 when it is not held. */
  applyFeedFile(id: string, dryRun: boolean, confirmDeactivate?: number): Observable<RosterImportResult> {
    const params = { dryRun, ...(confirmDeactivate === undefined ? {} : { confirmDeactivate }) };
    return this.api.post<RosterImportResult>(`${ROSTER_FEED_FILES_PATH}/${encodeURIComponent(id)}/apply`, null, params).pipe(answerOf422);
  }

  /** Discards a held feed file: nothing in it is imported. */
  discardFeedFile(id: string): Observable<void> {
    return this.api.post<void>(`${ROSTER_FEED_FILES_PATH}/${encodeURIComponent(id)}/discard`);
  }
}

export interface RosterImportOptions {
  mode?: RosterImportMode;
  /** The number of people the import deactivates, typed back by the administrator. */
  confirmDeactivate?: number;
}

/** The change list of an import as a CSV download (a plain link: the browser sends the session cookie). */
export function rosterChangesCsvPath(importId: string): string {
  return `${ROSTER_IMPORTS_PATH}/${encodeURIComponent(importId)}/changes.csv`;
}

/** A refusal that carries the result (problems by line, a missing confirmation) is an answer, not a failure. */
function answerOf422(source: Observable<RosterImportResult>): Observable<RosterImportResult> {
  return source.pipe(
    catchError((error: unknown) =>
      error instanceof ApiError && error.status === 422 && isRosterImportResult(error.body) ? of(error.body) : throwError(() => error),
    ),
  );
}
