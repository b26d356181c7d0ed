import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Problem } from '@equip/shared/contracts';
import type { Request, Response } from 'express';
import { DomainError, ServiceBusyError } from './errors';
import { loggableUrl } from './loggable-url';
import { FieldValidationException } from './validation';

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  408: 'Request timeout',
  409: 'Conflict',
  413: 'Too large',
  415: 'Unsupported media type',
  422: 'Unprocessable',
  429: 'Too many requests',
  500: 'Something went wrong',
  503: 'Service unavailable',
};

export function problemFor(status: number, detail?: string, errors?: Problem['errors']): Problem {
  return {
    type: status >= 500 ? 'about:blank' : `https://equip.dev/problems/${status}`,
    title: TITLES[status] ?? HttpStatus[status] ?? 'Error',
    status,
    ...(detail ? { detail } : {}),
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

/**
 * PostgreSQL's codes for a value it cannot take: 22xxx data exceptions (invalid text for a type, a
 * number out of range, a NUL byte…), 23502 a missing value, 23514 a CHECK. The client sent it, so
 * it is a 400, but it means a validator let it through: each is logged for a developer to fix.
 */
const DATABASE_INPUT_ERROR = /^(22[0-9A-Z]{3}|23502|23514)$/;

/** The detail of that 400; the generated bad-input suite fails if any answer carries it. */
export const DATABASE_REFUSED = 'A value in the request is malformed or out of range';

/** A PostgreSQL error (pg's, or TypeORM's QueryFailedError that copies it) with one of those codes. */
function isDatabaseInputError(exception: unknown): boolean {
  const error = exception as { code?: unknown; severity?: unknown } | undefined;
  return typeof error?.code === 'string' && DATABASE_INPUT_ERROR.test(error.code) && typeof error.severity === 'string';
}

/**
 * Every error leaves the api as application/problem+json; unexpected ones are logged and hidden.
 * An error after the response has started (a streamed export failing halfway) cannot become a
 * status any more: the connection is destroyed, so the client sees a failed download rather than
 * a truncated file that looks complete.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const problem = this.toProblem(exception);
    problem.instance = request.originalUrl ?? request.url;
    if (problem.status >= 500 && !(exception instanceof ServiceBusyError)) {
      this.logger.error({ err: exception, path: loggableUrl(problem.instance) }, 'Unhandled error');
    } else if (isDatabaseInputError(exception)) {
      this.logger.warn({ err: exception, path: loggableUrl(problem.instance) }, 'PostgreSQL refused a value that validation let through');
    }
    if (response.headersSent) {
      response.destroy();
      return;
    }
    // A CSV or PDF route names its attachment before it runs; the problem is not that file.
    response.removeHeader('Content-Disposition');
    const retryAfter = (exception as { retryAfter?: number } | undefined)?.retryAfter;
    if ((problem.status === 429 || problem.status === 503) && retryAfter) response.setHeader('Retry-After', String(retryAfter));
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown): Problem {
    if (exception instanceof FieldValidationException) {
      const fields = exception.fieldErrors.map((e) => e.field).join(', ');
      return problemFor(400, `Check these fields: ${fields}`, exception.fieldErrors);
    }
    if (exception instanceof DomainError) {
      return problemFor(exception.status, exception.message, exception.errors);
    }
    if (exception instanceof HttpException) {
      if ((exception.cause as { type?: string } | undefined)?.type === 'entity.parse.failed') {
        return problemFor(400, 'The request body is not valid JSON');
      }
      const status = exception.getStatus();
      const body = exception.getResponse();
      const detail =
        typeof body === 'string'
          ? body
          : Array.isArray((body as { message?: unknown }).message)
            ? ((body as { message: string[] }).message).join('; ')
            : ((body as { message?: string }).message ?? exception.message);
      return problemFor(status, status >= 500 ? undefined : detail);
    }
    const bodyParser = exception as { type?: string; status?: number; message?: string };
    if (bodyParser?.type === 'entity.parse.failed') {
      return problemFor(400, 'The request body is not valid JSON');
    }
    if (bodyParser?.type === 'entity.too.large') {
      return problemFor(413, 'The request body is too large');
    }
    if (isDatabaseInputError(exception)) {
      return problemFor(400, DATABASE_REFUSED);
    }
    return problemFor(500, 'An unexpected error occurred; it has been logged.');
  }
}
