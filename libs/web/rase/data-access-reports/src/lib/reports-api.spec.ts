import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { convertToParamMap } from '@angular/router';
import { ApiError } from '@equip/web/shared/data-access';
import { DEFAULT_REPORT_FILTERS, reportFiltersFromParams, reportFiltersToParams, reportFiltersToQuery } from './report-filters';
import { CohortReportStore, DashboardStore, DepartmentReportStore, IndicatorRecordStore } from './report-stores';
import { ReportsApi } from './reports-api';

describe('reports data access', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), DashboardStore, DepartmentReportStore, CohortReportStore, IndicatorRecordStore] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('asks for the dashboard with only the filters that are set', () => {
    const store = TestBed.inject(DashboardStore);
    store.load({ departmentId: 'd-1', subject: 'track:all-staff-foundations', activeOnly: true });
    const request = http.expectOne((r) => r.url === '/api/reports/dashboard');
    expect(request.request.params.toString()).toBe('departmentId=d-1&subject=track:all-staff-foundations&activeOnly=true');
    request.flush({ heatmap: [] });
    expect(store.dashboard.value()).toEqual({ heatmap: [] });
  });

  it('links the summary PDF with the same filters, and none when none are set', () => {
    const store = TestBed.inject(DashboardStore);
    expect(store.summaryPdfUrl({ departmentId: 'd-1', jobClass: 'Trades & Crafts', activeOnly: true })).toBe(
      '/api/reports/dashboard/summary.pdf?departmentId=d-1&jobClass=Trades%20%26%20Crafts&activeOnly=true',
    );
    expect(store.summaryPdfUrl({})).toBe('/api/reports/dashboard/summary.pdf');
  });

  it('reads a department report, its progression and the filter options (names for the breadcrumbs) once, and a page of its people', () => {
    const store = TestBed.inject(DepartmentReportStore);
    store.load('d-1', { jobClass: 'Trades' });
    expect(http.expectOne((r) => r.url === '/api/reports/departments/d-1').request.params.get('jobClass')).toBe('Trades');
    http.expectOne('/api/reports/progression/d-1').flush({});
    http.expectOne('/api/reports/filters').flush({ departments: [], subjects: [], jobClasses: [], workLocations: [] });
    store.load('d-1', {});
    http.expectOne((r) => r.url === '/api/reports/departments/d-1');
    http.expectNone('/api/reports/progression/d-1');
    http.expectNone('/api/reports/filters');

    store.loadPeople('d-1', { status: 'overdue', search: ' lee ', page: 2 });
    const people = http.expectOne((r) => r.url === '/api/reports/departments/d-1/people');
    expect(people.request.params.toString()).toBe('status=overdue&search=lee&page=2&pageSize=50');
    expect(store.peopleCsvUrl({ status: 'overdue', activeOnly: true, page: 2, pageSize: 50 })).toBe(
      '/api/reports/departments/d-1/people.csv?activeOnly=true&status=overdue',
    );
  });

  it("reads a cohort's report and a page of its members from reporting, never with the dashboard filters", () => {
    const store = TestBed.inject(CohortReportStore);
    store.load('c-1');
    http.expectOne('/api/reports/cohorts/c-1').flush({});
    store.loadMembers({ status: 'exempt', search: ' ana ', page: 3 });
    const members = http.expectOne((r) => r.url === '/api/reports/cohorts/c-1/people');
    expect(members.request.params.toString()).toBe('status=exempt&search=ana&page=3&pageSize=50');
    expect(store.membersCsvUrl({ status: 'exempt', page: 3, pageSize: 50 })).toBe('/api/reports/cohorts/c-1/people.csv?status=exempt');
    expect(store.membersCsvUrl({})).toBe('/api/reports/cohorts/c-1/people.csv');
  });

  it('asks for a disaggregation by dimension and subject', () => {
    TestBed.inject(ReportsApi).disaggregation({ dimension: 'tenure_band', subject: 'course:intro', activeOnly: false }).subscribe();
    const request = http.expectOne((r) => r.url === '/api/reports/disaggregation');
    expect(request.request.params.toString()).toBe('dimension=tenure_band&subject=course:intro');
  });

  it('records an indicator, reads the records again, and rejects a refused one with field errors', async () => {
    const store = TestBed.inject(IndicatorRecordStore);
    const body = { departmentId: 'd-1', indicator: 'equity_plan', value: true, recordedOn: '2026-11-01', evidenceUrl: 'https://city.gov/plan' };
    const saving = store.record(body);
    expect(store.busy()).toBe(true);
    const post = http.expectOne({ method: 'POST', url: '/api/reports/indicators/records' });
    expect(post.request.body).toEqual(body);
    post.flush({ id: 'r-1' }, { status: 201, statusText: 'Created' });
    expect((await saving).id).toBe('r-1');
    expect(store.busy()).toBe(false);
    http.expectOne((r) => r.url === '/api/reports/indicators/records' && r.params.get('departmentId') === 'd-1').flush([]);

    const refused = store.record({ ...body, evidenceUrl: 'nope' }).catch((e: unknown) => e);
    http
      .expectOne({ method: 'POST', url: '/api/reports/indicators/records' })
      .flush({ title: 'Invalid input', status: 400, errors: [{ field: 'evidenceUrl', message: 'evidenceUrl must be a link' }] }, { status: 400, statusText: 'Bad Request' });
    const error = (await refused) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.problem.errors).toEqual([{ field: 'evidenceUrl', message: 'evidenceUrl must be a link' }]);
  });
});

describe('report filters in the address bar', () => {
  it('reads the filters, ignoring malformed dates and subjects', () => {
    const filters = reportFiltersFromParams(
      convertToParamMap({ departmentId: 'd-1', subject: 'track:lead', from: '2026-01-01', to: 'yesterday', jobClass: 'Trades', activeOnly: 'true' }),
    );
    expect(filters).toEqual({ departmentId: 'd-1', subject: 'track:lead', from: '2026-01-01', to: '', jobClass: 'Trades', workLocation: '', activeOnly: true, published: false });
    expect(reportFiltersFromParams(convertToParamMap({ subject: 'lead' })).subject).toBe('');
  });

  it('keeps what is not set out of the URL and the query', () => {
    expect(reportFiltersToParams(DEFAULT_REPORT_FILTERS)).toEqual({
      departmentId: null,
      subject: null,
      from: null,
      to: null,
      jobClass: null,
      workLocation: null,
      activeOnly: null,
      figures: null,
    });
    expect(reportFiltersToQuery(DEFAULT_REPORT_FILTERS)).toEqual({});
    expect(reportFiltersToQuery({ ...DEFAULT_REPORT_FILTERS, published: true })).toEqual({ figures: 'published' });
    expect(reportFiltersToQuery({ ...DEFAULT_REPORT_FILTERS, workLocation: 'City Hall', activeOnly: true })).toEqual({ workLocation: 'City Hall', activeOnly: true });
  });
});
