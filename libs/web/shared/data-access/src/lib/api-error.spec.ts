import { HttpErrorResponse } from '@angular/common/http';
import { ApiError, toProblem } from './api-error';

describe('toProblem', () => {
  it('keeps the problem+json body the api sent, field errors included', () => {
    const body = {
      type: 'https://equip.example/problems/validation',
      title: 'Invalid input',
      status: 400,
      detail: 'Check the highlighted fields.',
      errors: [{ field: 'email', message: 'email must be an email' }],
    };
    expect(toProblem(new HttpErrorResponse({ status: 400, error: body }))).toEqual(body);
  });

  it('parses a problem body that arrived as text', () => {
    const error = new HttpErrorResponse({ status: 401, error: '{"title":"Unauthorized","status":401,"detail":"Email or password is wrong."}' });
    expect(toProblem(error)).toMatchObject({ status: 401, detail: 'Email or password is wrong.' });
  });

  it('explains a rate limit even when a proxy answered without a problem body', () => {
    expect(toProblem(new HttpErrorResponse({ status: 429, error: 'Too Many Requests' }))).toMatchObject({
      status: 429,
      detail: expect.stringMatching(/wait/i),
    });
  });

  it('reports an unreachable api as a network error', () => {
    expect(toProblem(new HttpErrorResponse({ status: 0 }))).toMatchObject({ status: 0, title: 'Network error' });
  });

  it('passes an ApiError through unchanged', () => {
    const problem = { type: 'about:blank', title: 'Forbidden', status: 403 };
    expect(toProblem(new ApiError(problem))).toBe(problem);
  });
});
