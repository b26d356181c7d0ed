import { HttpClient, HttpErrorResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { sessionUser } from '../testing/session-user';
import { authRefreshInterceptor } from './auth-refresh-interceptor';
import { SessionStore } from './session-store';

const unauthorized = { status: 401, statusText: 'Unauthorized' };

describe('authRefreshInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let router: Router;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authRefreshInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    jest.spyOn(router, 'url', 'get').mockReturnValue('/learn/courses?page=2');
    jest.spyOn(router, 'navigate').mockResolvedValue(true);
  });

  afterEach(() => backend.verify());

  it('refreshes once on a 401 and retries the call', async () => {
    const result = firstValueFrom(http.get<{ ok: boolean }>('/api/assignments'));

    backend.expectOne('/api/assignments').flush(null, unauthorized);
    await settle();
    backend.expectOne({ method: 'POST', url: '/api/auth/refresh' }).flush(sessionUser());
    await settle();
    backend.expectOne('/api/assignments').flush({ ok: true });

    expect(await result).toEqual({ ok: true });
    expect(TestBed.inject(SessionStore).user()).toEqual(sessionUser());
    expect(router.navigate).not.toHaveBeenCalled();
  });

  it('clears the session and goes to sign-in when the refresh is refused', async () => {
    const result = firstValueFrom(http.get('/api/assignments')).catch((e: unknown) => e);

    backend.expectOne('/api/assignments').flush(null, unauthorized);
    await settle();
    backend.expectOne('/api/auth/refresh').flush(null, unauthorized);

    expect(await result).toBeInstanceOf(HttpErrorResponse);
    expect(TestBed.inject(SessionStore).status()).toBe('signed-out');
    expect(router.navigate).toHaveBeenCalledWith(['/sign-in'], { queryParams: { returnUrl: '/learn/courses?page=2' } });
  });

  it('does not refresh a second time when the retried call is still 401', async () => {
    const result = firstValueFrom(http.get('/api/assignments')).catch((e: unknown) => e);

    backend.expectOne('/api/assignments').flush(null, unauthorized);
    await settle();
    backend.expectOne('/api/auth/refresh').flush(sessionUser());
    await settle();
    backend.expectOne('/api/assignments').flush(null, unauthorized);
    await settle();

    backend.expectNone('/api/auth/refresh');
    expect((await result as HttpErrorResponse).status).toBe(401);
    expect(router.navigate).toHaveBeenCalledWith(['/sign-in'], { queryParams: { returnUrl: '/learn/courses?page=2' } });
  });

  it('leaves the auth endpoints alone: a 401 from sign-in is the answer', async () => {
    const result = firstValueFrom(http.post('/api/auth/sign-in', {})).catch((e: unknown) => e);
    backend.expectOne('/api/auth/sign-in').flush({ detail: 'Email or password is incorrect.' }, unauthorized);

    expect((await result as HttpErrorResponse).status).toBe(401);
    backend.expectNone('/api/auth/refresh');
    expect(router.navigate).not.toHaveBeenCalled();
  });

  it('passes other errors through without refreshing', async () => {
    const result = firstValueFrom(http.get('/api/assignments')).catch((e: unknown) => e);
    backend.expectOne('/api/assignments').flush(null, { status: 403, statusText: 'Forbidden' });

    expect((await result as HttpErrorResponse).status).toBe(403);
    backend.expectNone('/api/auth/refresh');
  });

  it('shares one refresh between calls that fail together', async () => {
    const a = firstValueFrom(http.get('/api/a'));
    const b = firstValueFrom(http.get('/api/b'));

    backend.expectOne('/api/a').flush(null, unauthorized);
    backend.expectOne('/api/b').flush(null, unauthorized);
    await settle();
    backend.expectOne('/api/auth/refresh').flush(sessionUser());
    await settle();
    backend.expectOne('/api/a').flush('a');
    backend.expectOne('/api/b').flush('b');

    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
  });
});

/** Lets the refresh promise settle before the next request is expected. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
