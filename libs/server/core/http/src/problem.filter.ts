import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Problem } from '@equip/shared/contracts';
import type { Request, Response } from 'express';
import { DomainError } from './errors';
import { loggableUrl } from './loggable-url';
import { FieldValidationException } from './validation';

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
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

/** Every error leaves the api as application/problem+json; unexpected ones are logged and hidden. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const problem = this.toProblem(exception);
    problem.instance = request.originalUrl ?? request.url;
    if (problem.status >= 500) {
      this.logger.error({ err: exception, path: loggableUrl(problem.instance) }, 'Unhandled error');
    }
    if (response.headersSent) return;
    const retryAfter = (exception as { retryAfter?: number } | undefined)?.retryAfter;
    if (problem.status === 429 && retryAfter) response.setHeader('Retry-After', String(retryAfter));
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
    return problemFor(500, 'An unexpected error occurred; it has been logged.');
  }
}
