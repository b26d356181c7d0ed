import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, catchError, throwError } from 'rxjs';
import { ApiError, toProblem } from './api-error';

type QueryParams = Record<string, string | number | boolean | readonly (string | number | boolean)[]>;

/**
 * The one way the web app talks to the api: same-origin `/api/...` paths (the api serves the
 * app), JSON in and out, and every failure turned into an `ApiError` carrying a `Problem`.
 */
@Injectable({ providedIn: 'root' })
export class ApiClient {
  private readonly http = inject(HttpClient);

  get<T>(path: string, params?: QueryParams): Observable<T> {
    return this.mapErrors(this.http.get<T>(path, { params: params && new HttpParams({ fromObject: params }) }));
  }

  post<T>(path: string, body: unknown = null): Observable<T> {
    return this.mapErrors(this.http.post<T>(path, body));
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
    return request.pipe(catchError((error: unknown) => throwError(() => new ApiError(toProblem(error)))));
  }
}
