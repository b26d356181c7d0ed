import { DestroyRef, Signal, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable, Subject, catchError, map, of, switchMap } from 'rxjs';
import { ApiError, errorBody, toProblem } from './api-error';

/**
 * One kind of request made again whenever its query changes, where only the latest answer counts:
 * a page of a list, a record. The previous value stays while the next one loads, so a table does
 * not flash empty between pages.
 */
export interface LatestRequest<Q, T> {
  readonly value: Signal<T | undefined>;
  readonly error: Signal<ApiError | undefined>;
  readonly loading: Signal<boolean>;
  /** Asks for `query`; an answer still on its way for an earlier query is dropped. */
  load(query: Q): void;
  /** Asks again for the last query (after a change the api made). */
  reload(): void;
}

/** Creates a `LatestRequest`; call it in an injection context (a store's field), which ends it on destroy. */
export function latestRequest<Q, T>(fetch: (query: Q) => Observable<T>): LatestRequest<Q, T> {
  const value = signal<T | undefined>(undefined);
  const error = signal<ApiError | undefined>(undefined);
  const loading = signal(false);
  const queries = new Subject<Q>();
  let last: { query: Q } | undefined;

  queries
    .pipe(
      switchMap((query) =>
        fetch(query).pipe(
          map((answer) => ({ answer })),
          catchError((failure: unknown) =>
            of({ failure: failure instanceof ApiError ? failure : new ApiError(toProblem(failure), errorBody(failure)) }),
          ),
        ),
      ),
      takeUntilDestroyed(inject(DestroyRef)),
    )
    .subscribe((outcome) => {
      loading.set(false);
      if ('answer' in outcome) {
        value.set(outcome.answer);
        error.set(undefined);
      } else {
        value.set(undefined);
        error.set(outcome.failure);
      }
    });

  return {
    value: value.asReadonly(),
    error: error.asReadonly(),
    loading: loading.asReadonly(),
    load(query: Q) {
      last = { query };
      loading.set(true);
      queries.next(query);
    },
    reload() {
      if (last) this.load(last.query);
    },
  };
}
