import { HttpErrorResponse } from '@angular/common/http';
import type { Problem } from '@equip/shared/contracts';

/**
 * An error from the api (or from failing to reach it), carried as RFC 9457 problem details.
 * `body` is the parsed response body as sent, for the few answers that carry more than the problem
 * (a roster import refused with 422 also carries every problem by line).
 */
export class ApiError extends Error {
  constructor(
    readonly problem: Problem,
    readonly body?: unknown,
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }
}

/**
 * Turns whatever a request failed with into a `Problem` the UI can show. The api answers every
 * error with problem+json; the fallbacks cover proxies, network failures and non-JSON bodies.
 */
export function toProblem(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0) {
      return {
        type: 'about:blank',
        title: 'Network error',
        status: 0,
        detail: 'Equip could not be reached. Check your connection and try again.',
      };
    }
    const body = parseBody(error.error);
    if (isProblemLike(body)) {
      return {
        type: typeof body.type === 'string' ? body.type : 'about:blank',
        title: typeof body.title === 'string' ? body.title : fallbackTitle(error.status),
        status: typeof body.status === 'number' ? body.status : error.status,
        ...(typeof body.detail === 'string' ? { detail: body.detail } : {}),
        ...(typeof body.instance === 'string' ? { instance: body.instance } : {}),
        ...(Array.isArray(body.errors) ? { errors: body.errors.filter(isFieldError) } : {}),
      };
    }
    return {
      type: 'about:blank',
      title: fallbackTitle(error.status),
      status: error.status,
      detail: fallbackDetail(error.status),
    };
  }
  return {
    type: 'about:blank',
    title: 'Unexpected error',
    status: 0,
    detail: 'Something went wrong. Please try again.',
  };
}

/** The body of a failed response, parsed from JSON text when it arrived as text. */
export function errorBody(error: unknown): unknown {
  return error instanceof HttpErrorResponse ? parseBody(error.error) : undefined;
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function isProblemLike(body: unknown): body is Partial<Record<keyof Problem, unknown>> {
  return typeof body === 'object' && body !== null && ('title' in body || 'detail' in body || 'errors' in body);
}

function isFieldError(value: unknown): value is { field: string; message: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { field?: unknown }).field === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

function fallbackTitle(status: number): string {
  if (status === 401) return 'Unauthorized';
  if (status === 403) return 'Forbidden';
  if (status === 404) return 'Not found';
  if (status === 429) return 'Too many requests';
  if (status >= 500) return 'Server error';
  return 'Request failed';
}

function fallbackDetail(status: number): string {
  if (status === 401) return 'Your session has ended. Sign in again.';
  if (status === 403) return 'You do not have access to this.';
  if (status === 404) return 'What you asked for was not found.';
  if (status === 429) return 'Too many attempts. Wait a minute, then try again.';
  if (status >= 500) return 'Equip is having trouble right now. Try again in a few minutes.';
  return 'The request could not be completed. Please try again.';
}
