import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { sessionUser } from '../testing/session-user';
import { ApiError } from './api-error';
import { AuthApi } from './auth-api';
import { SessionStore } from './session-store';

describe('AuthApi password and provider calls', () => {
  let api: AuthApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(AuthApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('asks which sign-in providers are on', async () => {
    const providers = firstValueFrom(api.providers());
    http.expectOne({ method: 'GET', url: '/api/auth/providers' }).flush({ password: true, sso: { label: 'City account' } });
    expect(await providers).toEqual({ password: true, sso: { label: 'City account' } });
  });

  it('sends only the email to the forgot-password endpoint', async () => {
    const answer = firstValueFrom(api.forgotPassword('ana@city.example'));
    const request = http.expectOne({ method: 'POST', url: '/api/auth/password/forgot' });
    expect(request.request.body).toEqual({ email: 'ana@city.example' });
    request.flush(null, { status: 202, statusText: 'Accepted' });
    expect(await answer).toBeNull();
  });

  it('looks up a link token in a POST body, never in the URL', async () => {
    const info = firstValueFrom(api.passwordToken('a/b c'));
    const request = http.expectOne({ method: 'POST', url: '/api/auth/password/token' });
    expect(request.request.body).toEqual({ token: 'a/b c' });
    expect(request.request.urlWithParams).toBe('/api/auth/password/token');
    request.flush({ purpose: 'invite', email: 'ana@city.example', firstName: 'Ana' });
    expect(await info).toEqual({ purpose: 'invite', email: 'ana@city.example', firstName: 'Ana' });
  });

  it('reports an unusable link token as a 404 ApiError', async () => {
    const info = firstValueFrom(api.passwordToken('old')).catch((e: unknown) => e);
    http.expectOne({ method: 'POST', url: '/api/auth/password/token' }).flush({ title: 'Not Found', status: 404 }, { status: 404, statusText: 'Not Found' });
    expect(await info).toBeInstanceOf(ApiError);
    expect(((await info) as ApiError).status).toBe(404);
  });

  it('signs the person in when the password is set', async () => {
    const store = TestBed.inject(SessionStore);
    const setting = store.setPassword({ token: 't0ken', password: 'a long enough passphrase' });
    const request = http.expectOne({ method: 'POST', url: '/api/auth/password/set' });
    expect(request.request.body).toEqual({ token: 't0ken', password: 'a long enough passphrase' });
    request.flush(sessionUser());

    expect(await setting).toEqual(sessionUser());
    expect(store.user()).toEqual(sessionUser());
    expect(store.status()).toBe('signed-in');
  });
});
