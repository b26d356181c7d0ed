import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { sessionUser } from '../testing/session-user';
import { ApiError } from './api-error';
import { SessionStore } from './session-store';

describe('SessionStore', () => {
  let store: SessionStore;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    store = TestBed.inject(SessionStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('loads the session once and answers later calls from memory', async () => {
    const first = store.load();
    const concurrent = store.load();
    http.expectOne({ method: 'GET', url: '/api/auth/session' }).flush(sessionUser());

    expect(await first).toEqual(sessionUser());
    expect(await concurrent).toEqual(sessionUser());
    expect(await store.load()).toEqual(sessionUser());
    expect(store.status()).toBe('signed-in');
    expect(store.areas()).toEqual(['learn']);
  });

  it('renews an expired access cookie before deciding the person is signed out', async () => {
    const loading = store.load();
    http.expectOne('/api/auth/session').flush(null, { status: 401, statusText: 'Unauthorized' });
    await flushMicrotasks();
    http.expectOne({ method: 'POST', url: '/api/auth/refresh' }).flush(sessionUser({ firstName: 'Renewed' }));

    expect((await loading)?.firstName).toBe('Renewed');
  });

  it('is signed out when neither the session nor a refresh succeeds', async () => {
    const loading = store.load();
    http.expectOne('/api/auth/session').flush(null, { status: 401, statusText: 'Unauthorized' });
    await flushMicrotasks();
    http.expectOne('/api/auth/refresh').flush(null, { status: 401, statusText: 'Unauthorized' });

    expect(await loading).toBeNull();
    expect(store.status()).toBe('signed-out');
    expect(store.user()).toBeNull();
  });

  it('signs in with the credentials and keeps the user the api returned', async () => {
    const signingIn = store.signIn({ email: 'ana.lopez@city.example', password: 'correct horse battery' });
    const request = http.expectOne({ method: 'POST', url: '/api/auth/sign-in' });
    expect(request.request.body).toEqual({ email: 'ana.lopez@city.example', password: 'correct horse battery' });
    request.flush(sessionUser());

    await expect(signingIn).resolves.toEqual(sessionUser());
    expect(store.user()).toEqual(sessionUser());
  });

  it('rejects a failed sign-in with the problem the api sent', async () => {
    const signingIn = store.signIn({ email: 'ana.lopez@city.example', password: 'wrong' });
    http
      .expectOne('/api/auth/sign-in')
      .flush({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Email or password is incorrect.' }, { status: 401, statusText: 'Unauthorized' });

    const error = await signingIn.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).problem.detail).toBe('Email or password is incorrect.');
    expect(store.user()).toBeNull();
  });

  it('clears the session on sign-out even if the api cannot be reached', async () => {
    const signingIn = store.signIn({ email: 'a@b.c', password: 'x' });
    http.expectOne('/api/auth/sign-in').flush(sessionUser());
    await signingIn;

    const signingOut = store.signOut();
    http.expectOne({ method: 'POST', url: '/api/auth/sign-out' }).error(new ProgressEvent('error'));
    await expect(signingOut).rejects.toBeInstanceOf(ApiError);
    expect(store.user()).toBeNull();
    expect(store.status()).toBe('signed-out');
  });

  it('shares one refresh between concurrent callers', async () => {
    const a = store.refresh();
    const b = store.refresh();
    http.expectOne('/api/auth/refresh').flush(sessionUser());
    expect(await Promise.all([a, b])).toEqual([true, true]);
  });
});

function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
