import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { DOCUMENT } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ApiClient } from '@equip/web/shared/data-access';
import { firstValueFrom } from 'rxjs';
import { appConfig } from './app.config';

describe('app HttpClient setup', () => {
  afterEach(() => (TestBed.inject(DOCUMENT).cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'));

  it("repeats the api's XSRF-TOKEN cookie in the X-XSRF-TOKEN header of state-changing calls", async () => {
    TestBed.configureTestingModule({ providers: [...appConfig.providers, provideHttpClientTesting()] });
    TestBed.inject(DOCUMENT).cookie = 'XSRF-TOKEN=token-from-the-api; path=/';
    const http = TestBed.inject(HttpTestingController);
    const api = TestBed.inject(ApiClient);

    const post = firstValueFrom(api.post('/api/staff/s-1/grants', { role: 'viewer' }));
    const grant = http.expectOne('/api/staff/s-1/grants');
    expect(grant.request.headers.get('X-XSRF-TOKEN')).toBe('token-from-the-api');
    grant.flush({});
    await post;

    const get = firstValueFrom(api.get('/api/departments'));
    const departments = http.expectOne('/api/departments');
    expect(departments.request.headers.has('X-XSRF-TOKEN')).toBe(false);
    departments.flush([]);
    await get;
  });
});
