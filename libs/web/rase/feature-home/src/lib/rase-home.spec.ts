import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Dashboard, DepartmentNode, FailedJobsSummary, HeatmapCell, Page, ReportCount, RosterImportRecord, SessionUser } from '@equip/shared/contracts';
import { SessionStore } from '@equip/web/shared/data-access';
import { sessionUser } from '@equip/web/shared/data-access/testing';
import { RaseHome } from './rase-home';

const exact = (count: number): ReportCount => ({ count, suppressed: null });
const FOUNDATIONS = 'track:foundations' as const;

function cell(percentCompleted: number | null, completed: number, assigned: number): HeatmapCell {
  return { subject: FOUNDATIONS, assigned: exact(assigned), completed: exact(completed), exempt: exact(0), overdue: exact(0), percentCompleted };
}

function heatmapRow(id: string, name: string, depth: number, c: HeatmapCell): Dashboard['heatmap'][number] {
  return { department: { id, code: id.toUpperCase(), name, parentId: depth ? 'd-root' : null, depth, hasChildren: false }, cells: [c] };
}

function dashboard(overrides: Partial<Dashboard> = {}): Dashboard {
  return {
    query: {},
    disclosure: 'exact',
    publication: null,
    subjects: [{ key: FOUNDATIONS, kind: 'track', slug: 'foundations', title: 'Equity Foundations' }],
    overview: {
      foundationsTrack: { key: FOUNDATIONS, kind: 'track', slug: 'foundations', title: 'Equity Foundations' },
      staffTrained: exact(120),
      staff: exact(400),
      shareTrainedPercent: 30,
      completionsThisQuarter: exact(75),
      quarterStart: '2026-10-01',
      overdueNow: exact(12),
      dueNext30Days: exact(40),
      asOf: '2026-12-05T03:30:00.000Z',
    },
    heatmap: [
      heatmapRow('d-tes', 'Transportation and Environmental Services', 0, cell(62.5, 25, 40)),
      heatmapRow('d-ops', 'Operations', 1, cell(1, 1, 100)),
      heatmapRow('d-fin', 'Finance', 0, cell(20, 4, 20)),
      heatmapRow('d-lib', 'Library', 0, cell(null, 0, 0)),
    ],
    weekly: [],
    competencies: [],
    ...overrides,
  };
}

const dept = (id: string, name: string, parentId: string | null, leads: { staffId: string; name: string }[]): DepartmentNode => ({
  id, code: id.toUpperCase(), name, kind: parentId ? 'division' : 'department', parentId, depth: parentId ? 1 : 0, activeStaff: 10, activeStaffWithUnits: 10, leads,
});

function importRecord(overrides: Partial<RosterImportRecord>): RosterImportRecord {
  return {
    id: 'i-1', at: '2026-12-04T14:05:00.000Z', actor: { id: 's-admin', name: 'Avery Admin' }, via: 'upload', mode: 'full', fileName: 'roster.csv',
    sha256: 'ab'.repeat(32), status: 'applied', rows: 10, added: 2, changed: 3, deactivated: 1, reactivated: 0, unchanged: 4, problems: [],
    confirmed: false, undoes: null, undoneBy: null, undoable: true, ...overrides,
  } as RosterImportRecord;
}

const page = <T,>(items: T[]): Page<T> => ({ items, total: items.length, page: 1, pageSize: 5 });

const serverError = { status: 500, statusText: 'Server Error' };
const problem = { type: 'about:blank', title: 'Something went wrong', status: 500, detail: 'The service is unavailable.' };

describe('RaseHome', () => {
  let fixture: ComponentFixture<RaseHome>;
  let http: HttpTestingController;

  async function render(user: SessionUser): Promise<HTMLElement> {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: SessionStore, useValue: { user: signal(user) } }],
    });
    fixture = TestBed.createComponent(RaseHome);
    http = TestBed.inject(HttpTestingController);
    await fixture.whenStable();
    return fixture.nativeElement;
  }

  const admin = () => render(sessionUser({ roles: ['learner', 'rase_admin'], areas: ['learn', 'rase'] }));
  const viewer = () => render(sessionUser({ roles: ['viewer'], areas: ['rase'] }));
  const expectGet = (url: string): TestRequest => http.expectOne((r) => r.method === 'GET' && r.url === url);
  const section = (element: HTMLElement, heading: string): HTMLElement => {
    const h2 = [...element.querySelectorAll('h2')].find((h) => h.textContent?.trim() === heading);
    if (!h2) throw new Error(`no section "${heading}"`);
    return h2.parentElement as HTMLElement;
  };
  const links = (element: HTMLElement) => [...element.querySelectorAll('a')].map((a) => [a.textContent?.trim(), a.getAttribute('href')]);

  afterEach(() => http.verify());

  it('says which panel failed and offers to try again, while the others still show', async () => {
    const element = await admin();
    expectGet('/api/reports/dashboard').flush(problem, serverError);
    expectGet('/api/departments').flush(problem, serverError);
    expectGet('/api/roster/imports').flush(page([]));
    expectGet('/api/admin/failed-jobs').flush(problem, serverError);
    await fixture.whenStable();

    expect(section(element, 'City summary').textContent).toContain('The city summary could not be loaded');
    expect(section(element, 'Departments without a lead').textContent).toContain('The departments could not be loaded');
    expect(section(element, 'Lowest completion').textContent).toContain('could not be loaded');
    expect(section(element, 'Failed background jobs').textContent).toContain('The failed jobs could not be loaded');
    expect(section(element, 'Recent roster imports').textContent).toContain('No roster has been imported yet.');

    const retry = [...section(element, 'Departments without a lead').querySelectorAll('button')].find((b) => b.textContent?.includes('Try again'));
    retry?.click();
    expectGet('/api/departments').flush([dept('d-tes', 'Transportation and Environmental Services', null, [{ staffId: 's-1', name: 'Lee Lead' }])]);
    await fixture.whenStable();
    expect(section(element, 'Departments without a lead').textContent).toContain('Every department has a lead.');
  });

  it('shows each panel loading until its answer comes', async () => {
    const element = await admin();
    expect([...element.querySelectorAll('[role="status"]')].map((s) => s.textContent?.trim())).toEqual([
      'Loading the city summary…',
      'Loading the departments…',
      'Loading completion by department…',
      'Loading the roster imports…',
      'Loading the failed jobs…',
    ]);
    http.match(() => true).forEach((r) => r.flush(null));
  });

  it('says so when there is nothing to attend to', async () => {
    const element = await admin();
    expectGet('/api/reports/dashboard').flush(dashboard({ heatmap: [] }));
    expectGet('/api/departments').flush([dept('d-tes', 'Transportation and Environmental Services', null, [{ staffId: 's-1', name: 'Lee Lead' }]), dept('d-ops', 'Operations', 'd-tes', [])]);
    expectGet('/api/roster/imports').flush(page([]));
    expectGet('/api/admin/failed-jobs').flush({ total: 0, latest: [] } satisfies FailedJobsSummary);
    await fixture.whenStable();

    expect(section(element, 'Departments without a lead').textContent).toContain('Every department has a lead.');
    expect(section(element, 'Lowest completion').textContent).toContain('No department has Equity Foundations assigned yet.');
    expect(section(element, 'Recent roster imports').textContent).toContain('No roster has been imported yet.');
    expect(section(element, 'Failed background jobs').textContent).toContain('No background job has failed.');
  });

  it('shows an administrator what needs attention, each name linking to its page, dates in city time', async () => {
    const element = await admin();
    expect(element.querySelector('h1')?.textContent?.trim()).toBe('City-wide progress');
    expect(element.textContent).toContain('Your role: RASE administrator');
    const imports = expectGet('/api/roster/imports');
    expect(imports.request.params.get('pageSize')).toBe('5');
    expectGet('/api/reports/dashboard').flush(dashboard());
    expectGet('/api/departments').flush([
      dept('d-tes', 'Transportation and Environmental Services', null, [{ staffId: 's-1', name: 'Lee Lead' }]),
      dept('d-ops', 'Operations', 'd-tes', []),
      dept('d-fin', 'Finance', null, []),
      dept('d-fin-pay', 'Payroll', 'd-fin', []),
    ]);
    imports.flush(
      page([
        importRecord({ id: 'i-2', actor: null, via: 'feed', status: 'refused', problems: [{ line: 4, column: 'email', message: 'Line 4: the email is not an email address.' }] as RosterImportRecord['problems'] }),
        importRecord({}),
      ]),
    );
    expectGet('/api/admin/failed-jobs').flush({
      total: 3,
      latest: [{ headline: 'An invitation could not be sent', cause: 'the person’s record was not found. Retrying it will not help.', failedAt: '2026-12-05T04:10:00.000Z', attempts: 1 }],
    } satisfies FailedJobsSummary);
    await fixture.whenStable();

    // Operations is covered by its parent's lead; Finance and its division have none.
    const withoutLead = section(element, 'Departments without a lead');
    expect(links(withoutLead)).toEqual([
      ['Finance', '/rase/people?departmentId=d-fin'],
      ['Payroll', '/rase/people?departmentId=d-fin-pay'],
    ]);
    expect(withoutLead.textContent).toContain('2 departments have no equity lead');

    // Top-level departments only, lowest first; a department with nothing due is left out.
    const lowest = section(element, 'Lowest completion');
    expect(links(lowest)).toEqual([
      ['Finance', '/rase/dashboard/departments/d-fin'],
      ['Transportation and Environmental Services', '/rase/dashboard/departments/d-tes'],
    ]);
    expect(lowest.textContent).toContain('20% (4 of 20 assigned)');

    const recent = section(element, 'Recent roster imports');
    expect(recent.textContent).toContain('Dec 4, 2026, 9:05 AM');
    expect(recent.textContent).toContain('a nightly file');
    expect(recent.textContent).toContain('refused, nothing changed; 1 problem');
    expect(recent.textContent).toContain('Line 4: the email is not an email address.');
    expect(recent.textContent).toContain('2 added, 3 changed, 1 deactivated');
    expect(links(recent)).toEqual([
      ['Avery Admin', '/rase/people/s-admin'],
      ['Roster import and its full history', '/rase/roster'],
    ]);

    const jobs = section(element, 'Failed background jobs');
    expect(jobs.textContent).toContain('3 jobs have failed');
    expect(jobs.querySelector('li')?.textContent?.replace(/\s+/g, ' ').trim())
      .toBe('An invitation could not be sent: the person’s record was not found. Retrying it will not help. Failed Dec 4, 2026, 11:10 PM EST, after 1 attempt.');
    expect(links(jobs)).toEqual([['Open the queue dashboard', '/api/admin/queues']]);

    expect(section(element, 'City summary').textContent).toContain('120 of 400 (30%)');
    expect(element.textContent).not.toContain('d-fin');
  });

  it('shows a viewer the protected city summary and the way to the dashboard, and asks for nothing else', async () => {
    const element = await viewer();
    expect(element.textContent).toContain('Your role: Viewer (read-only)');
    const answer = dashboard({ disclosure: 'protected' });
    answer.overview.overdueNow = { count: null, suppressed: 'fewer_than_5' };
    answer.overview.staffTrained = { count: null, suppressed: 'complementary' };
    answer.overview.shareTrainedPercent = null;
    expectGet('/api/reports/dashboard').flush(answer);
    await fixture.whenStable();

    const summary = section(element, 'City summary');
    expect(summary.textContent).toContain('Staff who completed Equity Foundations');
    expect(summary.textContent).toContain('suppressed of 400');
    expect(summary.textContent).toContain('fewer than 5');
    expect(summary.textContent).toContain('To protect small groups');
    expect(links(summary)).toEqual([['Open the dashboard', '/rase/dashboard']]);
    expect([...element.querySelectorAll('h2')].map((h) => h.textContent?.trim())).toEqual(['City summary']);
  });
});
