import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { StaffDetail } from '@equip/shared/contracts';
import { peopleRoutes } from './people.routes';

const ana: StaffDetail = {
  id: 's-1',
  employeeId: 'E1',
  firstName: 'Ana',
  lastName: 'López',
  email: 'ana@city.example',
  department: { id: 'd-tes', code: 'TES', name: 'Transportation and Environmental Services' },
  jobTitle: 'Analyst',
  jobClass: 'Professional',
  workLocation: 'City Hall',
  active: true,
  hireDate: '2019-04-01',
  manager: { id: 's-2', firstName: 'Bo', lastName: 'Chen' },
  grants: [
    {
      id: 'g-1',
      role: 'equity_lead',
      department: { id: 'd-tes', code: 'TES', name: 'Transportation and Environmental Services' },
      grantedAt: '2026-01-05T10:00:00Z',
      grantedBy: null,
    },
  ],
  hasAccount: true,
  account: { kind: 'password', linkExpiresOn: null },
};

describe('PersonPage (read-only)', () => {
  async function open(): Promise<{ http: HttpTestingController; harness: RouterTestingHarness }> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'people', children: peopleRoutes({ heading: 'People', intro: '' }) }]),
      ],
    });
    const http = TestBed.inject(HttpTestingController);
    const harness = await RouterTestingHarness.create('/people/s-1');
    return { http, harness };
  }

  it("shows the person's record and roles, with no way to change them", async () => {
    const { http, harness } = await open();
    http.expectOne('/api/staff/s-1').flush(ana);
    await harness.fixture.whenStable();
    const element = harness.routeNativeElement as HTMLElement;

    expect(element.querySelector('h1')?.textContent?.trim()).toBe('Ana López');
    expect(element.querySelector('dl')?.textContent).toContain('Bo Chen');
    expect(element.querySelector('dl')?.textContent).toContain('April 1, 2019');
    expect(element.querySelector('table')?.textContent).toContain('Equity lead');
    expect(element.querySelector('button')).toBeNull();
    expect(TestBed.inject(Title).getTitle()).toBe('Ana López – People – Equip');
  });

  it('says so when the person is outside what the caller may see', async () => {
    const { http, harness } = await open();
    http.expectOne('/api/staff/s-1').flush({ title: 'Not Found', status: 404 }, { status: 404, statusText: 'Not Found' });
    await harness.fixture.whenStable();
    const element = harness.routeNativeElement as HTMLElement;
    expect(element.querySelector('h1')?.textContent?.trim()).toBe('Person not found');
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('no staff member');
  });

  it('shows the api’s refusal of an invitation and keeps the button', async () => {
    const { http, harness } = await open();
    http.expectOne('/api/staff/s-1').flush({ ...ana, hasAccount: false, account: { kind: 'expired', linkExpiresOn: null } });
    await harness.fixture.whenStable();
    const element = harness.routeNativeElement as HTMLElement;
    expect(element.textContent).toContain('Invitation expired.');
    const button = element.querySelector<HTMLButtonElement>('section button')!;
    expect(button.textContent?.trim()).toBe('Send invitation again');
    button.click();
    http
      .expectOne({ method: 'POST', url: '/api/staff/invitations' })
      .flush({ title: 'Not Found', status: 404, detail: 'No such staff member' }, { status: 404, statusText: 'Not Found' });
    await harness.fixture.whenStable();
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('No such staff member');
    expect(element.querySelector('section button')).not.toBeNull();
  });

  it('invites someone who was never invited, says so, and shows their new status', async () => {
    const { http, harness } = await open();
    http.expectOne('/api/staff/s-1').flush({ ...ana, hasAccount: false, account: { kind: 'never_invited', linkExpiresOn: null } });
    await harness.fixture.whenStable();
    const element = harness.routeNativeElement as HTMLElement;
    expect(element.querySelector('section')?.textContent).toContain('Never invited.');
    element.querySelector<HTMLButtonElement>('section button')!.click();
    const post = http.expectOne({ method: 'POST', url: '/api/staff/invitations' });
    expect(post.request.body).toEqual({ staffIds: ['s-1'] });
    post.flush({ invited: 1, waiting: 0, alreadyHaveAccount: 0, alreadyWaiting: 0, inactive: 0, skipped: 0, notSent: 0 });
    await harness.fixture.whenStable();
    http.expectOne('/api/staff/s-1').flush({ ...ana, hasAccount: false, account: { kind: 'waiting', linkExpiresOn: null } });
    await harness.fixture.whenStable();
    expect(element.querySelector('section [role="status"]')?.textContent).toContain('Invitation sent.');
    expect(element.querySelector('section')?.textContent).toContain('Invitation waiting to be sent.');
    expect(element.querySelector('section button')).toBeNull();
  });
});
