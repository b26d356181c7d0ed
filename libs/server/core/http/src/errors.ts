import { HttpException, HttpStatus } from '@nestjs/common';

/** Errors a service may throw; the ProblemFilter maps each to its HTTP status. */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  constructor(
    message: string,
    readonly errors?: { field: string; message: string }[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  readonly status = 404;
}

export class ConflictError extends DomainError {
  readonly status = 409;
}

export class InvalidInputError extends DomainError {
  readonly status = 400;
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
}

/**
 * A 503 for work the api has no room for now (a full render queue): the client should come back
 * after `retryAfterSeconds`, which the ProblemFilter sends as Retry-After. Not logged as a fault.
 */
export class ServiceBusyError extends DomainError {
  readonly status = 503;
  constructor(
    message: string,
    readonly retryAfter: number,
  ) {
    super(message);
  }
}

/** A 429 whose Retry-After header the ProblemFilter sets. */
export function tooManyRequests(message: string, retryAfterSeconds: number): HttpException {
  const error = new HttpException(message, HttpStatus.TOO_MANY_REQUESTS);
  (error as HttpException & { retryAfter: number }).retryAfter = retryAfterSeconds;
  return error;
}
