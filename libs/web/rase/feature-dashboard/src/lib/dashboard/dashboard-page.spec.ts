import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { PROTECTED_FIGURES_EXPLANATION, SUPPRESSION_REASONS, type Dashboard, type SessionUser } from '@equip/shared/contracts';
import { SessionStore } from '@equip/web/shared/data-access';
import { sessionUser } from '@equip/web/shared/data-access/testing';
import { DASHBOARD_ROUTES } from '../dashboard.routes';
import { OPTIONS, PROGRESSION, dashboard } from '../report-fixtures.spec-helper';

@Component({ template: '<h1>Stub</h1>' })
class Stub {}

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const cells = (tr: Element) => [...tr.children].map(text);

// The first test compiles every component of the page.
jest.setTimeout(30_000);

describe('DashboardPage', () => {
  let http: HttpTestingController;

  const emptyBreakdown = {
    query: { dimension: 'job_class', subject: 'track:all-staff-foundations' },
    subject: OPTIONS.subjects[0],
    rows: [],
    total: { group: 'All', assigned: { count: 9, suppressed: null }, completed: { count: 3, suppressed: null }, percentCompleted: 33.3 },
  };

  async function open(url: string, user: SessionUser = sessionUser({ roles: ['rase_admin'], areas: ['rase'] }), breakdown: object = emptyBreakdown, shown: Dashboard = dashboard()) {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: SessionStore, useValue: { user: signal(user), load: () => Promise.resolve(user) } },
        provideRouter([{ path: 'rase/dashboard', children: DASHBOARD_ROUTES }, { path: '**', component: Stub }]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const harness = await RouterTestingHarness.create(url);
    http.expectOne('/api/reports/filters').flush(OPTIONS);
    http.expectOne('/api/reports/progression').flush(PROGRESSION);
    // The figures shown first; for a caller who may see exact figures, the same as published next (for the exports).
    const [request, ...rest] = http.match((r) => r.url === '/api/reports/dashboard');
    request.flush(shown);
    rest.forEach((r) => r.flush({ ...dashboard(), disclosure: 'protected' }));
    await harness.fixture.whenStable();
    const breakdowns = http.match((r) => r.url === '/api/reports/disaggregation');
    breakdowns.forEach((r) => r.flush(breakdown));
    await harness.fixture.whenStable();
    return { harness, element: harness.fixture.nativeElement as HTMLElement, params: request.request.params, breakdowns };
  }

  afterEach(() => http.verify());

  it('asks for the figures with the filters in the address bar and shows the headline figures, "fewer than 5" as such', async () => {
    const { element, params } = await open('/rase/dashboard?departmentId=tes&jobClass=Trades&activeOnly=true');
    expect(params.toString()).toBe('departmentId=tes&jobClass=Trades&activeOnly=true');
    expect(text(element.querySelector('h1'))).toBe('City-wide dashboard');
    const pdf = [...element.querySelectorAll('a')].find((a) => text(a) === 'Download summary (PDF, published figures)');
    expect(pdf?.getAttribute('href')).toBe('/api/reports/dashboard/summary.pdf?departmentId=tes&jobClass=Trades&activeOnly=true');
    const figures = [...element.querySelectorAll('.figures__item')].map(cells);
    expect(figures[0]).toEqual(['Staff trained in All Staff Foundations', '30%', '120 of 400 staff']);
    expect(figures[2]).toEqual(['Overdue now', 'fewer than 5', 'Open assignments past their due date', SUPPRESSION_REASONS.fewer_than_5]);
    expect(element.querySelector<HTMLSelectElement>('#filter-department')!.value).toBe('tes');
    expect(element.querySelector<HTMLInputElement>('#filter-active')!.checked).toBe(true);
  });

  it('shows the heatmap with top-level departments, opening a department to show the units under it', async () => {
    const { harness, element } = await open('/rase/dashboard');
    const heatmap = element.querySelector('table.heatmap')!;
    const rows = () => [...heatmap.querySelectorAll('tbody tr')].map((tr) => [text(tr.querySelector('a')), ...[...tr.querySelectorAll('td')].map(text)]);
    expect(rows()).toEqual([
      ['Transportation (TES)', '45%', '90%'],
      ['Library (LIB)', '10%', 'not assigned'],
    ]);
    expect(heatmap.querySelector('a')!.getAttribute('href')).toBe('/rase/dashboard/departments/tes');
    const toggle = heatmap.querySelector<HTMLButtonElement>('button[aria-expanded]')!;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    toggle.click();
    await harness.fixture.whenStable();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(rows()[1]).toEqual(['Transportation Planning (TP)', `fewer than 5 ${SUPPRESSION_REASONS.fewer_than_5}`, 'not assigned']);
  });

  it('shows counts on demand', async () => {
    const { harness, element } = await open('/rase/dashboard');
    const checkbox = [...element.querySelectorAll('label')].find((l) => l.textContent?.includes('Show counts'))!.querySelector('input')!;
    checkbox.click();
    await harness.fixture.whenStable();
    expect(text(element.querySelector('table.heatmap tbody td'))).toBe('45% (18 of 40 assigned)');
  });

  it('puts the applied filters in the address bar', async () => {
    const { harness, element } = await open('/rase/dashboard');
    const subject = element.querySelector<HTMLSelectElement>('#filter-subject')!;
    subject.value = 'course:intro';
    subject.dispatchEvent(new Event('change'));
    element.querySelector<HTMLFormElement>('form[aria-label="Dashboard filters"]')!.dispatchEvent(new Event('submit'));
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/rase/dashboard?subject=course:intro');
    http.match((r) => r.url === '/api/reports/dashboard' && r.params.get('subject') === 'course:intro').forEach((r) => r.flush(dashboard()));
    await harness.fixture.whenStable();
    http.match((r) => r.url === '/api/reports/disaggregation');
  });

  it('gives each chart a table with the same numbers, and lists each department stage', async () => {
    const { element } = await open('/rase/dashboard');
    const weekly = [...element.querySelectorAll('table')].find((t) => text(t.querySelector('caption')) === 'Completions per week')!;
    expect([...weekly.querySelectorAll('tbody tr')].map(cells)).toEqual([
      ['2026-11-09', '7'],
      ['2026-11-16', 'fewer than 5'],
    ]);
    const progression = [...element.querySelectorAll('table')].find((t) => text(t.querySelector('caption')) === 'Equity progression by department')!;
    expect(cells(progression.querySelector('tbody tr')!)).toEqual(['Transportation (TES)', 'Emerging', 'Developing', 'Staff trained: 50% needed, now 45%']);
  });

  it('calls a lead view by its departments and offers no indicator entry', async () => {
    const { element } = await open('/rase/dashboard', sessionUser({ roles: ['learner', 'equity_lead'], areas: ['learn', 'lead'] }));
    expect(text(element.querySelector('h1'))).toBe('Dashboard of my departments');
    expect(text(element.querySelector('#filter-department option'))).toBe('All my departments');
    expect([...element.querySelectorAll('a')].some((a) => a.textContent?.includes('Record an indicator'))).toBe(false);
  });

  it('breaks completion down by job class for the foundations track, showing small groups as "fewer than 5"', async () => {
    const { element, breakdowns } = await open('/rase/dashboard?departmentId=tes', undefined, {
      query: { dimension: 'job_class', subject: 'track:all-staff-foundations' },
      subject: OPTIONS.subjects[0],
      rows: [
        { group: 'Trades', assigned: { count: 30, suppressed: null }, completed: { count: 12, suppressed: null }, percentCompleted: 40 },
        { group: 'Executive', assigned: { count: null, suppressed: 'fewer_than_5' }, completed: { count: null, suppressed: 'fewer_than_5' }, percentCompleted: null },
        { group: 'Clerical', assigned: { count: 8, suppressed: null }, completed: { count: null, suppressed: 'complementary' }, percentCompleted: null },
      ],
      total: { group: 'All', assigned: { count: 41, suppressed: null }, completed: { count: 15, suppressed: null }, percentCompleted: 36.6 },
    });
    expect(breakdowns.map((r) => r.request.params.toString())).toEqual(['dimension=job_class&subject=track:all-staff-foundations&departmentId=tes']);
    const table = [...element.querySelectorAll('table')].find((t) => text(t.querySelector('caption')) === 'Completion of All Staff Foundations by job class')!;
    expect([...table.querySelectorAll('tbody tr')].map(cells)).toEqual([
      ['Trades', '30', '12', '40%'],
      ['Executive', 'fewer than 5', 'fewer than 5', 'not shown'],
      ['Clerical', '8', 'suppressed', 'not shown'],
      ['All staff', '41', '15', '36.6%'],
    ]);
  });

  it('says in one sentence what protected figures mean', async () => {
    const { element } = await open('/rase/dashboard', sessionUser({ roles: ['viewer'], areas: ['rase'] }));
    expect(text(element.querySelector('[data-testid="disclosure"]'))).toBe(PROTECTED_FIGURES_EXPLANATION);
    expect([...element.querySelectorAll('label')].some((l) => l.textContent?.includes('Show as published'))).toBe(false);
  });

  it('gives an administrator exact figures with a Show as published switch that puts figures=published in the address bar', async () => {
    const { harness, element, params } = await open('/rase/dashboard', undefined, emptyBreakdown, { ...dashboard(), disclosure: 'exact' });
    expect(params.get('figures')).toBeNull();
    expect(text(element.querySelector('[data-testid="disclosure"]'))).toContain('You see exact figures');
    const toggle = element.querySelector<HTMLInputElement>('input[role="switch"]')!;
    expect(toggle.checked).toBe(false);
    toggle.click();
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/rase/dashboard?figures=published');
    http.expectOne((r) => r.url === '/api/reports/dashboard' && r.params.get('figures') === 'published').flush(dashboard());
    http.expectOne((r) => r.url === '/api/reports/progression' && r.params.get('figures') === 'published').flush(PROGRESSION);
    await harness.fixture.whenStable();
    http
      .match((r) => r.url === '/api/reports/disaggregation')
      .filter((r) => !r.cancelled)
      .forEach((r) => r.flush(emptyBreakdown));
    await harness.fixture.whenStable();
    expect(element.querySelector<HTMLInputElement>('input[role="switch"]')!.checked).toBe(true);
    expect(text(element.querySelector('[data-testid="disclosure"]'))).toBe(PROTECTED_FIGURES_EXPLANATION);
    expect(element.querySelector('a[download]')!.getAttribute('href')).toBe('/api/reports/dashboard/summary.pdf?figures=published');

    // When viewers' figures were published, and "Publish now": one request however often it is pressed while it is sent.
    http
      .expectOne('/api/reports/publication')
      .flush({ latest: { computedAt: '2026-12-05T09:15:00Z', asOfDay: '2026-12-05', figures: 800, hidden: 120, departmentsOnly: ['Targeted universalism'], unfinished: ['All-staff foundations', 'Equity 101'] } });
    await harness.fixture.whenStable();
    expect(text(element.querySelector('[data-testid="publication"]'))).toMatch(/Viewers see the figures published Dec 5, 2026, 4:15 AM EST/);
    expect(text(element.querySelector('[data-testid="departments-only"]'))).toBe(
      'Viewers see Targeted universalism by department only: protecting the figures by job class and work location took longer than the time allowed. They are tried again with the next publication.',
    );
    expect(text(element.querySelector('[data-testid="unfinished"]'))).toBe(
      'Viewers see every figure of 2 courses and tracks (All-staff foundations and Equity 101) as not published: protecting them took longer than the time allowed. They are tried again with the next publication.',
    );
    const publish = [...element.querySelectorAll('button')].find((b) => text(b) === 'Publish now')!;
    publish.click();
    publish.click();
    const asked = http.expectOne((r) => r.method === 'POST' && r.url === '/api/reports/publication');
    asked.flush(null, { status: 202, statusText: 'Accepted' });
    await harness.fixture.whenStable();
    expect(text(element)).toContain('The figures are being published');
  });

  it('shows a viewer the published figures: when they were published, no window of weeks, and in words what is not published', async () => {
    const published = { ...dashboard(), weekly: [], competencies: [], publication: { computedAt: '2026-12-05T09:15:00Z', asOfDay: '2026-12-05' } };
    const { element } = await open('/rase/dashboard', sessionUser({ roles: ['viewer'], areas: ['rase'] }), emptyBreakdown, published);
    expect(text(element)).toContain('Published figures as of Dec 5, 2026, 4:15 AM EST.');
    expect(element.querySelector('#filter-from')).toBeNull();
    expect(text(element.querySelector('[data-testid="not-published"]'))).toMatch(/Figures by week and competency levels are not part of the published figures/);
  });
});
