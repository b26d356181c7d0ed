import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, catchError, throwError } from 'rxjs';
import { ApiError, errorBody, toProblem } from './api-error';

/** Query parameters; `undefined`, `null` and empty strings are left out, so filters can be passed as they are. */
export type QueryParams = Record<string, string | number | boolean | null | undefined>;

/**
 * The one way the web app talks to the api: same-origin `/api/...` paths (the api serves the
 * app), JSON in and out, and every failure turned into an `ApiError` carrying a `Problem`.
 *
 * State-changing calls carry the CSRF header: HttpClient's built-in XSRF support copies the
 * `XSRF-TOKEN` cookie into `X-XSRF-TOKEN` for relative URLs, which is what the api expects.
 */
@Injectable({ providedIn: 'root' })
export class ApiClient {
  private readonly http = inject(HttpClient);

  get<T>(path: string, params?: QueryParams): Observable<T> {
    return this.mapErrors(this.http.get<T>(path, { params: toHttpParams(params) }));
  }

  post<T>(path: string, body: unknown = null, params?: QueryParams): Observable<T> {
    return this.mapErrors(this.http.post<T>(path, body, { params: toHttpParams(params) }));
  }

  /** Sends a file as `multipart/form-data` (the browser sets the boundary). */
  upload<T>(path: string, field: string, file: Blob, fileName: string, params?: QueryParams): Observable<T> {
    const form = new FormData();
    form.append(field, file, fileName);
    return this.mapErrors(this.http.post<T>(path, form, { params: toHttpParams(params) }));
  }

  put<T>(path: string, body: unknown): Observable<T> {
    return this.mapErrors(this.http.put<T>(path, body));
  }

  patch<T>(path: string, body: unknown): Observable<T> {
    return this.mapErrors(this.http.patch<T>(path, body));
  }

  delete<T = void>(path: string): Observable<T> {
    return this.mapErrors(this.http.delete<T>(path));
  }

  private mapErrors<T>(request: Observable<T>): Observable<T> {
    return request.pipe(catchError((error: unknown) => throwError(() => new ApiError(toProblem(error), errorBody(error)))));
  }
}

/** Builds query parameters, leaving out what is not set. */
export function toHttpParams(params: QueryParams | undefined): HttpParams | undefined {
  if (!params) return undefined;
  const set: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    set[key] = String(value);
  }
  return new HttpParams({ fromObject: set });
}

/** The same query as a URL's query string (for links such as a CSV export), without unset values. */
export function queryString(params: QueryParams): string {
  return toHttpParams(params)?.toString() ?? '';
}
