import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { AuditEventView, DepartmentNode, Page, StaffSummary } from '@equip/shared/contracts';
import { AUDIT_ROUTES } from './audit.routes';

function event(n: number): AuditEventView {
  return {
    id: `e-${n}`,
    at: '2026-03-01T15:04:05Z',
    actor: { id: 's-9', firstName: 'Emily', lastName: 'Sullivan' },
    action: 'assignment.exempted',
    subjectType: 'assignment',
    subjectId: 'a-1',
    before: null,
    after: { exemptReason: 'on leave until March' },
    ip: null,
    occurredAt: 'Mar 1, 2026, 10:04 AM EST',
    actionLabel: 'Exempted from training',
    summary: [
      { text: 'Emily Sullivan', link: { kind: 'staff', ref: 's-9' } },
      { text: ' exempted ' },
      { text: 'Heather Wright', link: { kind: 'staff', ref: 's-1' } },
      { text: ' from Racial equity foundations: on leave until March' },
    ],
    subject: 'Heather Wright',
    changes: [{ field: 'exemptReason', label: 'Reason for exemption', before: null, after: 'on leave until March' }],
    department: { id: 'd-1', name: 'Finance' },
  };
}

function page(number: number, total: number): Page<AuditEventView> {
  const count = Math.max(0, Math.min(50, total - (number - 1) * 50));
  return { items: Array.from({ length: count }, (_, i) => event(i)), total, page: number, pageSize: 50 };
}

const departments: DepartmentNode[] = [
  { id: 'd-0', code: 'CITY', name: 'City', kind: 'department', parentId: null, depth: 0, activeStaff: 1, activeStaffWithUnits: 1 },
  { id: 'd-1', code: 'FIN', name: 'Finance', kind: 'department', parentId: 'd-0', depth: 1, activeStaff: 3, activeStaffWithUnits: 3 },
];

const heather: StaffSummary = {
  id: 's-1', employeeId: 'E1', firstName: 'Heather', lastName: 'Wright', email: 'h@x.org',
  department: { id: 'd-1', code: 'FIN', name: 'Finance' }, jobTitle: null, jobClass: null, workLocation: null, active: true,
  account: { kind: 'password', linkExpiresOn: null },
};

describe('AuditLogPage', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;
  let element: HTMLElement;

  async function open(url: string): Promise<void> {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([{ path: 'audit', children: AUDIT_ROUTES }])],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create(url);
    element = harness.routeNativeElement as HTMLElement;
    http.expectOne('/api/departments').flush(departments);
  }

  const request = (): TestRequest => http.expectOne((r) => r.url === '/api/audit-events');
  const settle = () => harness.fixture.whenStable();
  const exportLink = () => [...element.querySelectorAll('a')].find((a) => a.textContent?.includes('Export CSV'));
  const button = (text: string) => [...element.querySelectorAll('button')].find((b) => b.textContent?.includes(text))!;
  /** Waits for a request the page makes after a pause (the person search waits for typing to stop). */
  async function awaitRequest(url: string): Promise<TestRequest> {
    const deadline = Date.now() + 2000;
    for (;;) {
      const [found] = http.match((r) => r.url === url);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no request to ${url}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  afterEach(() => http.verify());

  it("shows the api's message for a filter it refuses, and no events", async () => {
    await open('/audit?from=yesterday');
    request().flush(
      { title: 'Bad Request', status: 400, errors: [{ field: 'from', message: 'from must be a date such as 2026-11-01' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('from must be a date such as 2026-11-01');
    expect(element.querySelector('ol')).toBeNull();
  });

  it('says so when nothing matches, and while it loads', async () => {
    await open('/audit?action=roles');
    await settle();
    expect(element.querySelector('[role="status"]')?.textContent).toContain('Loading audit events');
    request().flush(page(1, 0));
    await settle();
    expect(element.querySelector('[role="status"]')?.textContent).toContain('No audit events match these filters.');
    expect(element.querySelector('ol')).toBeNull();
  });

  it('has a labelled filter for person, department, kind of action (grouped, in words) and dates', async () => {
    await open('/audit');
    expect(request().request.params.toString()).toBe('page=1&pageSize=50');
    await settle();

    for (const id of ['audit-person', 'audit-department', 'audit-action', 'audit-from', 'audit-to']) {
      expect(element.querySelector(`label[for="${id}"]`)).not.toBeNull();
    }
    expect(element.querySelector<HTMLInputElement>('#audit-from')?.type).toBe('date');
    expect([...element.querySelectorAll('#audit-department option')].map((o) => o.textContent?.trim())).toEqual(['All departments', 'City (CITY)', 'Finance (FIN)']);
    const groups = [...element.querySelectorAll('#audit-action optgroup')];
    expect(groups.map((g) => g.getAttribute('label'))).toContain('Assignments and exemptions');
    const assignments = groups.find((g) => g.getAttribute('label') === 'Assignments and exemptions')!;
    expect([...assignments.querySelectorAll('option')].map((o) => [o.value, o.textContent?.trim()])).toContainEqual(['assignment.exempted', 'Exempted from training']);
    expect(element.querySelector('#audit-action')?.textContent).not.toContain('assignment.');
    expect(exportLink()?.getAttribute('href')).toBe('/api/audit-events?format=csv');
  });

  it('finds a person by name, filters by them through the address, and the export link carries it', async () => {
    await open('/audit');
    request().flush(page(1, 3));
    await settle();

    const person = element.querySelector<HTMLInputElement>('#audit-person')!;
    person.focus();
    person.value = 'Heath';
    person.dispatchEvent(new Event('input'));
    const search = await awaitRequest('/api/staff');
    expect(search.request.params.toString()).toBe('search=Heath&pageSize=10');
    search.flush({ items: [heather], total: 1, page: 1, pageSize: 10 });
    await settle();
    const option = [...document.querySelectorAll<HTMLElement>('mat-option')].find((o) => o.textContent?.includes('Heather Wright, Finance'));
    expect(option).toBeDefined();
    option!.click();
    await settle();
    expect(person.value).toBe('Heather Wright');

    const action = element.querySelector<HTMLSelectElement>('#audit-action')!;
    action.value = 'assignments';
    action.dispatchEvent(new Event('change'));
    button('Apply filters').click();
    await settle();

    expect(TestBed.inject(Router).url).toBe('/audit?staffId=s-1&action=assignments');
    const filtered = request();
    expect(filtered.request.params.toString()).toBe('staffId=s-1&action=assignments&page=1&pageSize=50');
    filtered.flush(page(1, 1));
    await settle();
    expect(exportLink()?.getAttribute('href')).toBe('/api/audit-events?format=csv&staffId=s-1&action=assignments');
    expect(element.querySelector('ol li')?.textContent).toContain('Emily Sullivan exempted Heather Wright from Racial equity foundations: on leave until March');
  });

  it('names the person an address filters by', async () => {
    await open('/audit?staffId=s-1');
    request().flush(page(1, 1));
    http.expectOne('/api/staff/s-1').flush({ ...heather, hireDate: null, manager: null, grants: [], hasAccount: true });
    await settle();
    expect(element.querySelector<HTMLInputElement>('#audit-person')?.value).toBe('Heather Wright');
  });

  it('pages through the events', async () => {
    await open('/audit?action=roles');
    request().flush(page(1, 120));
    await settle();
    expect(element.querySelector('ol')?.getAttribute('aria-label')).toBe('Audit events, page 1 of 3');
    expect(element.querySelectorAll('ol > li')).toHaveLength(50);

    [...element.querySelectorAll('button')].find((b) => b.textContent?.trim().startsWith('Next'))!.click();
    await settle();
    expect(TestBed.inject(Router).url).toBe('/audit?action=roles&page=2');
    const next = request();
    expect(next.request.params.toString()).toBe('action=roles&page=2&pageSize=50');
    next.flush(page(2, 120));
  });
});
