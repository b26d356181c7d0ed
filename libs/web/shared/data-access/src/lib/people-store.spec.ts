import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { Page, StaffSummary } from '@equip/shared/contracts';
import { PEOPLE_PAGE_SIZE, PeopleStore } from './people-store';

function page(items: Partial<StaffSummary>[], total: number, number = 1): Page<StaffSummary> {
  return { items: items as StaffSummary[], total, page: number, pageSize: PEOPLE_PAGE_SIZE };
}

describe('PeopleStore', () => {
  let store: PeopleStore;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), PeopleStore] });
    store = TestBed.inject(PeopleStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('asks the server for one page with the filters that are set, and nothing else', () => {
    store.search({ search: '  ana ', departmentId: 'd-1', active: false, page: 3 });
    const request = http.expectOne((r) => r.url === '/api/staff');
    expect(request.request.params.toString()).toBe(`search=ana&departmentId=d-1&active=false&page=3&pageSize=${PEOPLE_PAGE_SIZE}`);
    expect(store.people.loading()).toBe(true);
    request.flush(page([{ id: 's-1' }], 51, 3));

    expect(store.people.loading()).toBe(false);
    expect(store.people.value()?.total).toBe(51);
  });

  it('leaves out filters that are not set', () => {
    store.search({ page: 1 });
    expect(http.expectOne((r) => r.url === '/api/staff').request.params.keys()).toEqual(['page', 'pageSize']);
  });

  it('shows only the answer to the latest search when an earlier one is still on its way', () => {
    store.search({ search: 'a' });
    const first = http.expectOne((r) => r.params.get('search') === 'a');
    store.search({ search: 'an' });
    const second = http.expectOne((r) => r.params.get('search') === 'an');

    expect(first.cancelled).toBe(true);
    second.flush(page([{ id: 'latest' }], 1));
    expect(store.people.value()?.items.map((p) => p.id)).toEqual(['latest']);
  });

  it('keeps the problem the api sent when a search fails, and clears it on the next answer', () => {
    store.search({ departmentId: 'elsewhere' });
    http
      .expectOne((r) => r.url === '/api/staff')
      .flush({ title: 'Not Found', status: 404, detail: 'No such department' }, { status: 404, statusText: 'Not Found' });
    expect(store.people.error()?.problem.detail).toBe('No such department');
    expect(store.people.value()).toBeUndefined();

    store.people.reload();
    http.expectOne((r) => r.url === '/api/staff').flush(page([], 0));
    expect(store.people.error()).toBeUndefined();
  });

  it('loads the departments to filter by', () => {
    store.loadDepartments();
    http.expectOne({ method: 'GET', url: '/api/departments' }).flush([{ id: 'd-1', name: 'Finance', depth: 0 }]);
    expect(store.departments.value()?.map((d) => d.id)).toEqual(['d-1']);
  });
});
