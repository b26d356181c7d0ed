import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { convertToParamMap } from '@angular/router';
import type { CohortMemberRow, Page } from '@equip/shared/contracts';
import { ApiError } from '@equip/web/shared/data-access';
import { firstValueFrom } from 'rxjs';
import { CohortEditorStore, CohortListStore, CohortStore } from './cohort-stores';
import { CohortsApi, membersCsvUrl } from './cohorts-api';
import { membersFiltersFromParams, membersFiltersToParams, membersFiltersToQuery } from './members-query';

const emptyPage = <T>(): Page<T> => ({ items: [], total: 0, page: 1, pageSize: 50 });

describe('cohorts data access', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), CohortListStore, CohortEditorStore, CohortStore] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('lists cohorts with the search and page, leaving out what is not set', () => {
    const store = TestBed.inject(CohortListStore);
    store.load({ search: ' trades ', page: 2 });
    const request = http.expectOne((r) => r.url === '/api/cohorts');
    expect(request.request.params.get('search')).toBe('trades');
    expect(request.request.params.get('page')).toBe('2');
    expect(request.request.params.get('pageSize')).toBe('25');
    expect(request.request.params.has('departmentId')).toBe(false);
    request.flush({ items: [], total: 0, page: 2, pageSize: 25 });
    expect(store.cohorts.value()?.page).toBe(2);
  });

  it('previews a rule without saving, and creates a cohort', async () => {
    const store = TestBed.inject(CohortEditorStore);
    store.runPreview({ departmentId: 'd-1', rule: { jobClasses: ['Trades'], activeOnly: true } });
    const preview = http.expectOne({ method: 'POST', url: '/api/cohorts/preview' });
    expect(preview.request.body).toEqual({ pageSize: 10, departmentId: 'd-1', rule: { jobClasses: ['Trades'], activeOnly: true } });
    preview.flush({ count: 42, people: [] });
    expect(store.preview.value()?.count).toBe(42);

    const creating = store.create({ name: 'Trades', departmentId: 'd-1', kind: 'rule', rule: { jobClasses: ['Trades'] } });
    expect(store.busy()).toBe(true);
    http.expectOne({ method: 'POST', url: '/api/cohorts' }).flush({ id: 'c-1', name: 'Trades' }, { status: 201, statusText: 'Created' });
    expect((await creating).id).toBe('c-1');
    expect(store.busy()).toBe(false);
  });

  it("rejects a refused save with the api's field errors", async () => {
    const store = TestBed.inject(CohortEditorStore);
    const creating = store.create({ name: '', departmentId: 'd-1', kind: 'static' }).catch((e: unknown) => e);
    http
      .expectOne({ method: 'POST', url: '/api/cohorts' })
      .flush({ title: 'Invalid input', status: 400, errors: [{ field: 'name', message: 'name is required' }] }, { status: 400, statusText: 'Bad Request' });
    const error = (await creating) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.problem.errors).toEqual([{ field: 'name', message: 'name is required' }]);
  });

  it('asks for a page of members with the filters, sort and search', () => {
    const store = TestBed.inject(CohortStore);
    store.load('c-1');
    http.expectOne('/api/cohorts/c-1').flush({ id: 'c-1' });
    http.expectOne('/api/cohorts/c-1/assignments').flush([]);
    store.loadMembers({ status: 'overdue', search: 'lee', sort: 'due', direction: 'desc', page: 3, pageSize: 50 });
    const request = http.expectOne((r) => r.url === '/api/cohorts/c-1/members');
    expect(request.request.params.toString()).toBe('status=overdue&search=lee&sort=due&direction=desc&page=3&pageSize=50');
    request.flush(emptyPage<CohortMemberRow>());
  });

  it('exempts with a reason, removes the exemption, and reads the lists again after each', async () => {
    const store = TestBed.inject(CohortStore);
    store.load('c-1');
    http.expectOne('/api/cohorts/c-1').flush({ id: 'c-1' });
    http.expectOne('/api/cohorts/c-1/assignments').flush([]);
    store.loadMembers({ page: 1 });
    http.expectOne((r) => r.url === '/api/cohorts/c-1/members').flush(emptyPage());

    const exempting = store.exempt('a-1', 'Completed elsewhere');
    const exempt = http.expectOne({ method: 'POST', url: '/api/assignments/a-1/exemption' });
    expect(exempt.request.body).toEqual({ reason: 'Completed elsewhere' });
    exempt.flush({ id: 'a-1', status: 'exempt' });
    await exempting;
    http.expectOne('/api/cohorts/c-1/assignments').flush([]);
    http.expectOne((r) => r.url === '/api/cohorts/c-1/members').flush(emptyPage());

    const removing = store.removeExemption('a-1');
    http.expectOne({ method: 'DELETE', url: '/api/assignments/a-1/exemption' }).flush({ id: 'a-1', status: 'not_started' });
    await removing;
    http.expectOne('/api/cohorts/c-1/assignments').flush([]);
    http.expectOne((r) => r.url === '/api/cohorts/c-1/members').flush(emptyPage());
  });

  it('assigns, nudges and pastes through the cohort', async () => {
    const store = TestBed.inject(CohortStore);
    store.load('c-1');
    http.expectOne('/api/cohorts/c-1').flush({ id: 'c-1' });
    http.expectOne('/api/cohorts/c-1/assignments').flush([]);

    const assigning = store.assign({ trackSlug: 'all-staff-foundations', due: { kind: 'after_joining', days: 30 }, recurrenceMonths: null });
    const assign = http.expectOne({ method: 'POST', url: '/api/cohorts/c-1/assignments' });
    expect(assign.request.body).toEqual({ trackSlug: 'all-staff-foundations', due: { kind: 'after_joining', days: 30 }, recurrenceMonths: null });
    assign.flush({ cohortAssignmentId: 'ca-1', created: 12, merged: 1 }, { status: 201, statusText: 'Created' });
    expect(await assigning).toEqual({ cohortAssignmentId: 'ca-1', created: 12, merged: 1 });
    http.expectOne('/api/cohorts/c-1/assignments').flush([]);

    const nudging = store.nudge(['s-1', 's-2']);
    const nudge = http.expectOne({ method: 'POST', url: '/api/cohorts/c-1/nudges' });
    expect(nudge.request.body).toEqual({ staffIds: ['s-1', 's-2'] });
    nudge.flush({ queued: 1, skipped: 1 }, { status: 202, statusText: 'Accepted' });
    expect(await nudging).toEqual({ queued: 1, skipped: 1 });

    const pasting = store.paste('a@city.gov\nnobody');
    const paste = http.expectOne({ method: 'POST', url: '/api/cohorts/c-1/members/paste' });
    expect(paste.request.body).toEqual({ text: 'a@city.gov\nnobody' });
    paste.flush({ changed: 1, memberCount: 5, errors: [{ line: 2, value: 'nobody', message: 'matches nobody' }] });
    expect((await pasting).errors).toHaveLength(1);
    http.expectOne('/api/cohorts/c-1').flush({ id: 'c-1' });
    http.expectOne('/api/cohorts/c-1/assignments').flush([]);
  });

  it('reads what can be assigned: courses and tracks', async () => {
    const api = TestBed.inject(CohortsApi);
    const courses = firstValueFrom(api.courses());
    http.expectOne('/api/catalog/courses').flush([{ slug: 'c', title: 'C' }]);
    expect(await courses).toEqual([{ slug: 'c', title: 'C' }]);
    const tracks = firstValueFrom(api.tracks());
    http.expectOne('/api/learning/tracks').flush([]);
    expect(await tracks).toEqual([]);
  });
});

describe('members filters and the CSV link', () => {
  it('links the CSV export to exactly the filtered, sorted, searched list, without paging', () => {
    const filters = membersFiltersFromParams(convertToParamMap({ status: 'not_started', search: ' Lee ', sort: 'lastActivity', direction: 'desc', page: '4' }));
    expect(membersCsvUrl('c-1', membersFiltersToQuery(filters))).toBe(
      '/api/cohorts/c-1/members.csv?status=not_started&search=Lee&sort=lastActivity&direction=desc',
    );
    expect(membersCsvUrl('c-1', membersFiltersToQuery(membersFiltersFromParams(convertToParamMap({}))))).toBe(
      '/api/cohorts/c-1/members.csv?sort=name&direction=asc',
    );
  });

  it('keeps defaults out of the address bar and ignores unknown values', () => {
    const filters = membersFiltersFromParams(convertToParamMap({ status: 'bogus', sort: 'bogus', page: '-1' }));
    expect(filters).toEqual({ status: '', search: '', sort: 'name', direction: 'asc', page: 1 });
    expect(membersFiltersToParams(filters)).toEqual({ status: null, search: null, sort: null, direction: null, page: null });
  });
});
