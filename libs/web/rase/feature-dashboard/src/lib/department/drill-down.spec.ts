import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { PROTECTED_FIGURES_EXPLANATION, type CohortReport, type DepartmentProgression, type DepartmentReport, type SessionUser } from '@equip/shared/contracts';
import { SessionStore } from '@equip/web/shared/data-access';
import { sessionUser } from '@equip/web/shared/data-access/testing';
import { DASHBOARD_ROUTES } from '../dashboard.routes';
import { FOUNDATIONS, OPTIONS, PROGRESSION, cell, fewer, row, shown } from '../report-fixtures.spec-helper';

jest.setTimeout(30_000);

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const admin = sessionUser({ roles: ['rase_admin'], areas: ['rase'] });
const viewer = sessionUser({ roles: ['viewer'], areas: ['rase'] });

function departmentReport(canListPeople: boolean): DepartmentReport {
  return {
    department: { id: 'tes', code: 'TES', name: 'Transportation', parentId: null },
    rows: [row('tes', 'Transportation', 0, null, true, [cell(FOUNDATIONS.key, 40, 18, 45)]), row('tp', 'Transportation Planning', 1, 'tes', false, [cell(FOUNDATIONS.key, 20, 5, 25)])],
    subjects: [FOUNDATIONS],
    cohorts: [{ id: 'c-1', name: 'TES trades', department: { id: 'tes', code: 'TES', name: 'Transportation' }, members: shown(21), assigned: shown(21), completed: fewer, overdue: shown(0), percentCompleted: null }],
    canListPeople,
    disclosure: 'protected',
    publication: null,
  };
}

const progression: DepartmentProgression = {
  indicators: PROGRESSION.indicators,
  stages: PROGRESSION.stages,
  current: {
    ...PROGRESSION.departments[0],
    indicators: [{ indicator: 'equity_plan', value: true, recordedOn: '2026-10-15', evidenceUrl: 'https://city.example/plan.pdf' }],
  },
  disclosure: 'protected',
  history: [{ month: '2026-10-01', stage: null, indicators: [{ indicator: 'foundations_share', value: 30 }] }],
  records: [],
};

describe('drill-down', () => {
  let http: HttpTestingController;

  async function open(url: string, user: SessionUser) {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: SessionStore, useValue: { user: signal(user), load: () => Promise.resolve(user) } },
        provideRouter([{ path: 'rase/dashboard', children: DASHBOARD_ROUTES }]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const harness = await RouterTestingHarness.create(url);
    return { harness, element: harness.fixture.nativeElement as HTMLElement };
  }

  afterEach(() => {
    // The department page reads the filter options (names for its breadcrumbs); tests about other things answer them here.
    for (const request of http.match('/api/reports/filters')) request.flush(OPTIONS);
    http.verify();
  });

  it('names every department above in the breadcrumbs, and the filters in use in words', async () => {
    const { harness, element } = await open('/rase/dashboard/departments/tp?jobClass=Trades&subject=track:all-staff-foundations&activeOnly=true', admin);
    http.expectOne((r) => r.url === '/api/reports/departments/tp').flush({
      ...departmentReport(true),
      department: { id: 'tp', code: 'TP', name: 'Transportation Planning', parentId: 'tes' },
      rows: [row('tp', 'Transportation Planning', 1, 'tes', false, [cell(FOUNDATIONS.key, 20, 5, 25)])],
    });
    http.expectOne('/api/reports/progression/tp').flush(progression);
    http.expectOne('/api/reports/filters').flush(OPTIONS);
    await harness.fixture.whenStable();
    const crumbs = [...element.querySelectorAll('nav[aria-label="Breadcrumb"] li a')];
    expect(crumbs.map(text)).toEqual(['Dashboard', 'Transportation', 'Transportation Planning']);
    expect(crumbs[1].getAttribute('href')).toBe('/rase/dashboard/departments/tes?subject=track:all-staff-foundations&jobClass=Trades&activeOnly=true');
    expect(crumbs[2].getAttribute('aria-current')).toBe('page');
    expect(element.textContent).not.toContain('Parent unit');
    expect(text(element.querySelector('[data-testid="active-filters"]'))).toBe(
      'Filters in use: Track: All Staff Foundations; Job class: Trades; Active staff only Clear filters',
    );
  });

  it('shows a department with its units open, its cohorts linked, what the next stage needs, and its people with the filters', async () => {
    const { harness, element } = await open('/rase/dashboard/departments/tes?jobClass=Trades', admin);
    const request = http.expectOne((r) => r.url === '/api/reports/departments/tes');
    expect(request.request.params.get('jobClass')).toBe('Trades');
    request.flush(departmentReport(true));
    http.expectOne('/api/reports/progression/tes').flush(progression);
    await harness.fixture.whenStable();

    expect(text(element.querySelector('h1'))).toBe('Transportation');
    const heatmapRows = [...element.querySelectorAll('table.heatmap tbody tr')].map((tr) => text(tr.querySelector('a')));
    expect(heatmapRows).toEqual(['Transportation (TES)', 'Transportation Planning (TP)']);
    const cohort = [...element.querySelectorAll('table')].find((t) => text(t.querySelector('caption')) === 'Cohorts in Transportation')!;
    expect([...cohort.querySelectorAll('tbody tr > *')].map(text)).toEqual(['TES trades', 'Transportation', '21', '21', 'fewer than 5', '0', 'not shown']);
    expect(cohort.querySelector('a')!.getAttribute('href')).toBe('/rase/dashboard/cohorts/c-1');
    expect(text(element.querySelector('section[aria-labelledby="progression-heading"] ul'))).toBe('Staff trained: 50% needed, now 45%');
    const indicators = [...element.querySelectorAll('table')].find((t) => text(t.querySelector('caption')) === 'Indicators now')!;
    expect([...indicators.querySelectorAll('tbody tr > *')].map(text)).toEqual([
      'Equity plan adopted',
      'Recorded',
      'Yes',
      'Oct 15, 2026',
      'https://city.example/plan.pdf (opens in a new tab)',
    ]);
    expect(indicators.querySelector('td a')?.getAttribute('href')).toBe('https://city.example/plan.pdf');
    const history = [...element.querySelectorAll('table')].find((t) => text(t.querySelector('caption')) === 'Progression history, by month')!;
    expect([...history.querySelectorAll('tbody tr > *')].map(text)).toEqual(['Oct 2026', 'Not started', '30%', 'Not known']);
    const people = [...element.querySelectorAll('a')].find((a) => a.textContent?.includes('People in Transportation'))!;
    expect(people.getAttribute('href')).toBe('/rase/dashboard/departments/tes/people?jobClass=Trades');
  });

  it("says a small group's share is withheld, never a number: now, in what the next stage needs and in history", async () => {
    const { harness, element } = await open('/rase/dashboard/departments/tes', admin);
    http.expectOne((r) => r.url === '/api/reports/departments/tes').flush(departmentReport(true));
    const withheld = { indicator: 'foundations_share', value: null, suppressed: 'fewer_than_5' } as const;
    http.expectOne('/api/reports/progression/tes').flush({
      ...progression,
      current: { ...progression.current, next: { stage: 'developing', missing: [{ indicator: 'foundations_share', needed: 50, current: null, suppressed: 'fewer_than_5' }] }, indicators: [withheld] },
      history: [{ month: '2026-10-01', stage: 'emerging', indicators: [withheld, { indicator: 'equity_plan', value: true }] }],
    } satisfies DepartmentProgression);
    await harness.fixture.whenStable();
    expect(text(element.querySelector('section[aria-labelledby="progression-heading"] ul'))).toBe('Staff trained: 50% needed, now fewer than 5 people');
    const table = (caption: string) => [...element.querySelectorAll('table')].find((t) => text(t.querySelector('caption')) === caption)!;
    expect([...table('Indicators now').querySelectorAll('tbody tr > *')].map(text)).toEqual(['Staff trained', 'Measured', 'fewer than 5 people', '', '']);
    expect([...table('Progression history, by month').querySelectorAll('tbody tr > *')].map(text)).toEqual(['Oct 2026', 'Emerging', 'fewer than 5 people', 'Yes']);
  });

  it('gives a viewer the figures but no list of people', async () => {
    const { harness, element } = await open('/rase/dashboard/departments/tes', viewer);
    http.expectOne((r) => r.url === '/api/reports/departments/tes').flush(departmentReport(false));
    http.expectOne('/api/reports/progression/tes').flush(progression);
    await harness.fixture.whenStable();
    expect([...element.querySelectorAll('a')].some((a) => a.textContent?.includes('People in'))).toBe(false);
    expect(element.textContent).toContain('Lists of people are for administrators');
    expect([...element.querySelectorAll('a')].some((a) => a.textContent?.includes('Record an indicator'))).toBe(false);
    expect(text(element.querySelector('[data-testid="disclosure"]'))).toBe(PROTECTED_FIGURES_EXPLANATION);
  });

  const cohortReport = (canListPeople: boolean): CohortReport => ({
    cohort: { id: 'c-1', name: 'TES trades', department: { id: 'tes', code: 'TES', name: 'Transportation' } },
    members: shown(21),
    subjects: [{ ...cell(FOUNDATIONS.key, 21, 6, 28.6), title: FOUNDATIONS.title }],
    canListPeople,
    disclosure: 'protected',
  });

  it("lists a cohort's members from reporting for an administrator, by status in the address bar, with the CSV of every match", async () => {
    const { harness, element } = await open('/rase/dashboard/cohorts/c-1?status=in_progress', admin);
    http.expectOne('/api/reports/cohorts/c-1').flush(cohortReport(true));
    await harness.fixture.whenStable();
    const members = http.expectOne((r) => r.url === '/api/reports/cohorts/c-1/people');
    expect(members.request.params.toString()).toBe('status=in_progress&page=1&pageSize=50');
    members.flush({
      items: [
        {
          id: 's-1',
          employeeId: 'E1',
          firstName: 'Ana',
          lastName: 'Lee',
          department: { id: 'tes', code: 'TES', name: 'Transportation' },
          jobClass: 'Trades',
          workLocation: null,
          active: true,
          assignments: [{ subject: FOUNDATIONS.key, title: 'All Staff Foundations', status: 'in_progress', dueOn: null, completedAt: null }],
        },
      ],
      total: 1,
      page: 1,
      pageSize: 50,
    });
    await harness.fixture.whenStable();
    expect(element.querySelector<HTMLSelectElement>('#people-status')!.value).toBe('in_progress');
    expect(text(element.querySelector('table.people-table caption'))).toBe('Members, page 1 of 1');
    expect(text(element.querySelector('table.people-table tbody tr'))).toContain('All Staff Foundations: In progress');
    expect([...element.querySelectorAll('table')][0].querySelector('tbody td:last-child')?.textContent?.trim()).toBe('28.6%');
    const csv = [...element.querySelectorAll('a')].find((a) => a.textContent?.includes('Export CSV'))!;
    expect(csv.getAttribute('href')).toBe('/api/reports/cohorts/c-1/people.csv?status=in_progress');
    expect(text(element.querySelector('section[aria-labelledby="members-heading"] p.equip-status'))).toBe('1 person found. Showing 1 to 1.');
  });

  it("never asks for a cohort's members for a viewer", async () => {
    const { harness, element } = await open('/rase/dashboard/cohorts/c-1', viewer);
    http.expectOne('/api/reports/cohorts/c-1').flush(cohortReport(false));
    await harness.fixture.whenStable();
    http.expectNone((r) => r.url === '/api/reports/cohorts/c-1/people');
    expect(element.querySelector('table.people-table')).toBeNull();
    expect(element.textContent).toContain('you see the group figures above');
  });

  it("lists a department's people with the dashboard filters, a status filter in the address bar, and the CSV of every match", async () => {
    const { harness, element } = await open('/rase/dashboard/departments/tes/people?jobClass=Trades&status=overdue', admin);
    const request = http.expectOne((r) => r.url === '/api/reports/departments/tes/people');
    expect(request.request.params.toString()).toBe('jobClass=Trades&status=overdue&page=1&pageSize=50');
    request.flush({
      items: [
        {
          id: 's-1',
          employeeId: 'E1',
          firstName: 'Ana',
          lastName: 'Lee',
          department: { id: 'tp', code: 'TP', name: 'Transportation Planning' },
          jobClass: 'Trades',
          workLocation: null,
          active: true,
          assignments: [{ subject: FOUNDATIONS.key, title: 'All Staff Foundations', status: 'overdue', dueOn: '2026-11-01', completedAt: null }],
        },
      ],
      total: 1,
      page: 1,
      pageSize: 50,
    });
    await harness.fixture.whenStable();
    expect(element.querySelector<HTMLSelectElement>('#people-status')!.value).toBe('overdue');
    const cells = [...element.querySelectorAll('tbody tr > *')].map(text);
    expect(cells).toEqual(['Lee, Ana E1', 'Transportation Planning', 'Trades', 'Not recorded', 'All Staff Foundations: Overdue (due Nov 1, 2026)']);
    // The name links to the person's record, in the area showing the dashboard.
    expect(element.querySelector('tbody th a')?.getAttribute('href')).toMatch(/^\/(rase|lead)\/people\/[^/]+$/);
    const csv = [...element.querySelectorAll('a')].find((a) => a.textContent?.includes('Export CSV'))!;
    expect(csv.getAttribute('href')).toBe('/api/reports/departments/tes/people.csv?jobClass=Trades&status=overdue');
    expect(text(element.querySelector('p.equip-status'))).toBe('1 person found. Showing 1 to 1.');
  });
});
