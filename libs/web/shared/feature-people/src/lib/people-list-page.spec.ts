import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { DepartmentNode, Page, StaffSummary } from '@equip/shared/contracts';
import { peopleRoutes } from './people.routes';

const departments: DepartmentNode[] = [
  { id: 'd-tes', code: 'TES', name: 'Transportation and Environmental Services', kind: 'department', parentId: null, depth: 0, activeStaff: 20, activeStaffWithUnits: 20 },
  { id: 'd-ops', code: 'TES-OPS', name: 'Operations', kind: 'division', parentId: 'd-tes', depth: 1, activeStaff: 80, activeStaffWithUnits: 80 },
];

function person(n: number): StaffSummary {
  return {
    id: `s-${n}`,
    employeeId: `E${n}`,
    firstName: `First${n}`,
    lastName: `Last${n}`,
    email: `p${n}@city.example`,
    department: { id: 'd-tes', code: 'TES', name: 'Transportation and Environmental Services' },
    jobTitle: 'Analyst',
    jobClass: null,
    workLocation: null,
    active: true,
    account: { kind: 'password', linkExpiresOn: null },
  };
}

function page(number: number, total: number): Page<StaffSummary> {
  const first = (number - 1) * 25;
  const count = Math.max(0, Math.min(25, total - first));
  return { items: Array.from({ length: count }, (_, i) => person(first + i + 1)), total, page: number, pageSize: 25 };
}

describe('PeopleListPage', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;
  let element: HTMLElement;

  async function open(url: string): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'people', children: peopleRoutes({ heading: 'People', intro: 'Everyone.' }) }]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create(url);
    element = harness.routeNativeElement as HTMLElement;
    http.expectOne('/api/departments').flush(departments);
  }

  function staffRequest(): TestRequest {
    return http.expectOne((r) => r.url === '/api/staff');
  }

  async function settle(): Promise<void> {
    await harness.fixture.whenStable();
  }

  function button(name: string): HTMLButtonElement {
    return [...element.querySelectorAll('button')].find((b) => b.textContent?.trim().startsWith(name))!;
  }

  afterEach(() => http.verify());

  it('lists the first page of active staff in a captioned table, each name linking to the person', async () => {
    await open('/people');
    const request = staffRequest();
    expect(request.request.params.toString()).toBe('active=true&page=1&pageSize=25');
    request.flush(page(1, 60));
    await settle();

    expect(element.querySelector('h1')?.textContent?.trim()).toBe('People');
    expect(element.querySelector('caption')?.textContent?.trim()).toBe('People, page 1 of 3');
    expect(element.querySelectorAll('tbody tr')).toHaveLength(25);
    expect(element.querySelector('tbody a')?.getAttribute('href')).toBe('/people/s-1');
    expect(element.querySelector('[role="status"]')?.textContent).toContain('60 people found. Showing 1 to 25.');
    expect(element.querySelector('nav[aria-label="Pages of people"]')?.textContent).toContain('Page 1 of 3');
  });

  it('pages on the server: Next asks for page 2 and puts it in the address', async () => {
    await open('/people');
    staffRequest().flush(page(1, 60));
    await settle();

    button('Next').click();
    await settle();
    expect(TestBed.inject(Router).url).toBe('/people?page=2');
    const request = staffRequest();
    expect(request.request.params.get('page')).toBe('2');
    request.flush(page(2, 60));
    await settle();

    expect(element.querySelector('caption')?.textContent?.trim()).toBe('People, page 2 of 3');
    expect(element.querySelector('[role="status"]')?.textContent).toContain('Showing 26 to 50.');
    expect(element.querySelector('tbody th')?.textContent?.trim()).toBe('Last26, First26');

    button('Previous').click();
    await settle();
    expect(TestBed.inject(Router).url).toBe('/people');
    staffRequest().flush(page(1, 60));
  });

  it('filters by search, department and status from the form, back on page 1', async () => {
    await open('/people?page=3');
    staffRequest().flush(page(3, 60));
    await settle();

    const search = element.querySelector<HTMLInputElement>('#people-search')!;
    search.value = 'lopez';
    search.dispatchEvent(new Event('input'));
    const department = element.querySelector<HTMLSelectElement>('#people-department')!;
    expect([...department.options].map((o) => o.textContent)).toEqual([
      'All departments',
      'Transportation and Environmental Services (TES)',
      '\u00a0\u00a0\u00a0Operations (TES-OPS)',
    ]);
    department.value = 'd-ops';
    department.dispatchEvent(new Event('change'));
    const status = element.querySelector<HTMLSelectElement>('#people-status')!;
    status.value = 'all';
    status.dispatchEvent(new Event('change'));
    button('Search').click();
    await settle();

    expect(TestBed.inject(Router).url).toBe('/people?search=lopez&departmentId=d-ops&status=all');
    const request = staffRequest();
    expect(request.request.params.toString()).toBe('search=lopez&departmentId=d-ops&page=1&pageSize=25');
    request.flush(page(1, 0));
    await settle();
    expect(element.querySelector('table')).toBeNull();
    expect(element.querySelector('[role="status"]')?.textContent).toContain('No people match these filters.');
  });

  it("opens filtered by a department from the address (a department's people link)", async () => {
    await open('/people?departmentId=d-ops');
    expect(staffRequest().request.params.get('departmentId')).toBe('d-ops');
    await settle();
    expect(element.querySelector<HTMLSelectElement>('#people-department')?.value).toBe('d-ops');
  });

  it("shows the api's problem when the list cannot be shown", async () => {
    await open('/people?departmentId=elsewhere');
    staffRequest().flush({ title: 'Not Found', status: 404, detail: 'No such department' }, { status: 404, statusText: 'Not Found' });
    await settle();
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('No such department');
  });

  it('offers no department invitation until the list is filtered to a department', async () => {
    await open('/people');
    staffRequest().flush(page(1, 3));
    await settle();
    expect(element.querySelector('#people-invite-heading')).toBeNull();
  });

  it("shows the api's refusal of a department invitation", async () => {
    await open('/people?departmentId=d-ops');
    staffRequest().flush(page(1, 3));
    await settle();
    button('Invite everyone without an account').click();
    http
      .expectOne({ method: 'POST', url: '/api/staff/invitations' })
      .flush({ title: 'Not Found', status: 404, detail: 'No such department' }, { status: 404, statusText: 'Not Found' });
    await settle();
    expect(element.querySelector('.people-invite [role="alert"]')?.textContent).toContain('No such department');
  });

  it('invites everyone in the filtered department without an account, says what it did and shows the new statuses', async () => {
    await open('/people?departmentId=d-ops');
    staffRequest().flush(page(1, 3));
    await settle();
    expect(element.querySelector('#people-invite-heading')?.textContent).toBe('Invitations for Operations');
    button('Invite everyone without an account').click();
    const post = http.expectOne({ method: 'POST', url: '/api/staff/invitations' });
    expect(post.request.body).toEqual({ departmentId: 'd-ops' });
    post.flush({ invited: 2, waiting: 0, alreadyHaveAccount: 1, alreadyWaiting: 0, inactive: 0, skipped: 1, notSent: 0 });
    await settle();
    staffRequest().flush(page(1, 3));
    await settle();
    expect(element.querySelector('.people-invite [role="status"]')?.textContent).toContain(
      '2 invitations sent. Not invited: 1 person already has an account.',
    );
  });
});
