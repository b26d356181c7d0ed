import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { RoleGrantView } from '@equip/shared/contracts';
import { ApiError, PersonStore } from '@equip/web/shared/data-access';
import { ManagePersonStore } from './manage-person-store';

const grant: RoleGrantView = { id: 'g-1', role: 'viewer', department: null, grantedAt: '2026-01-01T00:00:00Z', grantedBy: null };

describe('ManagePersonStore', () => {
  let store: ManagePersonStore;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), PersonStore, ManagePersonStore] });
    store = TestBed.inject(ManagePersonStore);
    http = TestBed.inject(HttpTestingController);
    store.load('s-1');
    http.expectOne('/api/staff/s-1').flush({ id: 's-1', grants: [] });
  });

  afterEach(() => http.verify());

  it('grants a role and reads the record again', async () => {
    const granting = store.grant({ role: 'equity_lead', departmentId: 'd-1' });
    expect(store.busy()).toBe(true);
    const request = http.expectOne({ method: 'POST', url: '/api/staff/s-1/grants' });
    expect(request.request.body).toEqual({ role: 'equity_lead', departmentId: 'd-1' });
    request.flush(grant, { status: 201, statusText: 'Created' });
    await granting;

    http.expectOne('/api/staff/s-1').flush({ id: 's-1', grants: [grant] });
    expect(store.person.value()?.grants).toEqual([grant]);
    expect(store.busy()).toBe(false);
  });

  it("rejects with the api's problem when the grant is refused, without reloading", async () => {
    const granting = store.grant({ role: 'viewer' }).catch((e: unknown) => e);
    http
      .expectOne({ method: 'POST', url: '/api/staff/s-1/grants' })
      .flush({ title: 'Conflict', status: 409, detail: 'This person already has that role' }, { status: 409, statusText: 'Conflict' });
    const error = (await granting) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.problem.detail).toBe('This person already has that role');
    expect(store.busy()).toBe(false);
  });

  it('revokes a grant and reads the record again', async () => {
    const revoking = store.revoke(grant);
    http.expectOne({ method: 'DELETE', url: '/api/staff/s-1/grants/g-1' }).flush(null, { status: 204, statusText: 'No Content' });
    await revoking;
    http.expectOne('/api/staff/s-1').flush({ id: 's-1', grants: [] });
    expect(store.person.value()?.grants).toEqual([]);
  });

  it('ends the person\'s sessions and says how many, without reading the record again', async () => {
    const ending = store.endSessions();
    expect(store.busy()).toBe(true);
    http.expectOne({ method: 'POST', url: '/api/staff/s-1/sessions/end' }).flush({ sessionsEnded: 2, linksSpent: 1 });
    expect(await ending).toEqual({ sessionsEnded: 2, linksSpent: 1 });
    expect(store.busy()).toBe(false);
    http.expectNone('/api/staff/s-1');
  });
});
