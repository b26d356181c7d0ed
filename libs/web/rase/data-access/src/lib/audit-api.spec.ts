import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { AuditApi } from './audit-api';

describe('AuditApi', () => {
  let api: AuditApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(AuditApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('asks for a page of events with only the filters that are set', async () => {
    const events = firstValueFrom(api.events({ action: ' role. ', subjectType: '', from: '2026-01-01' }, 2));
    const request = http.expectOne((r) => r.url === '/api/audit-events');
    expect(request.request.params.toString()).toBe('action=role.&from=2026-01-01&page=2&pageSize=50');
    request.flush({ items: [], total: 0, page: 2, pageSize: 50 });
    expect((await events).page).toBe(2);
  });

  it('builds the CSV export link from the same filters', () => {
    expect(api.csvUrl({ action: 'role.', subjectType: 'staff', from: '2026-01-01', to: '2026-01-31' })).toBe(
      '/api/audit-events?format=csv&action=role.&subjectType=staff&from=2026-01-01&to=2026-01-31',
    );
    expect(api.csvUrl({})).toBe('/api/audit-events?format=csv');
    expect(api.csvUrl({ staffId: 's-1', departmentId: 'd-1', action: 'assignments' })).toBe('/api/audit-events?format=csv&staffId=s-1&departmentId=d-1&action=assignments');
  });
});
