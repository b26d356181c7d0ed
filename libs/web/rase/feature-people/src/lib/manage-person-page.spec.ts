import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { DepartmentNode, RoleGrantView, StaffDetail } from '@equip/shared/contracts';
import { RASE_PEOPLE_ROUTES } from './people.routes';

const departments: DepartmentNode[] = [
  { id: 'd-tes', code: 'TES', name: 'Transportation and Environmental Services', kind: 'department', parentId: null, depth: 0, activeStaff: 20, activeStaffWithUnits: 20 },
];
const leadGrant: RoleGrantView = {
  id: 'g-1',
  role: 'equity_lead',
  department: { id: 'd-tes', code: 'TES', name: 'Transportation and Environmental Services' },
  grantedAt: '2026-03-01T15:00:00Z',
  grantedBy: null,
};
const ana: StaffDetail = {
  id: 's-1',
  employeeId: 'E1',
  firstName: 'Ana',
  lastName: 'López',
  email: 'ana@city.example',
  department: { id: 'd-tes', code: 'TES', name: 'Transportation and Environmental Services' },
  jobTitle: 'Analyst',
  jobClass: null,
  workLocation: null,
  active: true,
  hireDate: null,
  manager: null,
  grants: [],
  hasAccount: false,
  account: { kind: 'never_invited', linkExpiresOn: null },
};

describe('ManagePersonPage', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;
  let page: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'people', children: RASE_PEOPLE_ROUTES }]),
        // jsdom runs no CSS animations, so the dialog would wait for one that never ends.
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create('/people/s-1');
    page = harness.routeNativeElement as HTMLElement;
    document.body.appendChild(page);
    http.expectOne('/api/departments').flush(departments);
  });

  afterEach(() => {
    // The record of learning below the roles loads on its own (PersonRecordView's spec covers it).
    http.match('/api/staff/s-1/record');
    http.verify();
    page.remove();
    document.querySelectorAll('.cdk-overlay-container').forEach((e) => e.remove());
  });

  async function settle(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await harness.fixture.whenStable();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }

  async function choose(id: string, value: string): Promise<void> {
    const select = page.querySelector<HTMLSelectElement>(`#${id}`)!;
    select.value = value;
    select.dispatchEvent(new Event('change'));
    await settle();
  }

  function button(root: ParentNode, name: string): HTMLButtonElement | undefined {
    return [...root.querySelectorAll('button')].find((b) => b.textContent?.replace(/\s+/g, ' ').trim().startsWith(name));
  }

  it("grants a role for a department, lists it, and says so", async () => {
    http.expectOne('/api/staff/s-1').flush(ana);
    await settle();
    expect(page.querySelector('h1')?.textContent?.trim()).toBe('Ana López');
    expect(page.textContent).toContain('No roles granted');

    await choose('grant-role', 'equity_lead');
    await choose('grant-department', 'd-tes');
    button(page, 'Grant role')!.click();
    await settle();

    const post = http.expectOne({ method: 'POST', url: '/api/staff/s-1/grants' });
    expect(post.request.body).toEqual({ role: 'equity_lead', departmentId: 'd-tes' });
    post.flush(leadGrant, { status: 201, statusText: 'Created' });
    await settle();
    http.expectOne('/api/staff/s-1').flush({ ...ana, grants: [leadGrant] });
    await settle();

    expect(page.querySelector('table')?.textContent).toContain('Equity lead');
    expect(page.querySelector('[role="status"]')?.textContent).toContain(
      'Equity lead for Transportation and Environmental Services (TES) granted to Ana López.',
    );
    expect(page.querySelector<HTMLSelectElement>('#grant-role')?.value).toBe('');
  });

  it('shows why the api refused a grant', async () => {
    http.expectOne('/api/staff/s-1').flush(ana);
    await settle();
    await choose('grant-role', 'viewer');
    button(page, 'Grant role')!.click();
    await settle();
    http
      .expectOne({ method: 'POST', url: '/api/staff/s-1/grants' })
      .flush({ title: 'Conflict', status: 409, detail: 'This person already has that role' }, { status: 409, statusText: 'Conflict' });
    await settle();
    expect(page.querySelector('[role="alert"]')?.textContent).toContain('This person already has that role');
  });

  it('revokes a grant after confirming in a dialog, then moves focus to the roles heading', async () => {
    http.expectOne('/api/staff/s-1').flush({ ...ana, grants: [leadGrant] });
    await settle();

    button(page, 'Revoke')!.click();
    await settle();
    const dialog = document.querySelector('mat-dialog-container, [role="alertdialog"]');
    expect(dialog).not.toBeNull();
    expect(document.querySelector('[role="alertdialog"]')?.textContent).toContain('Ana López will no longer be Equity lead');
    button(document, 'Revoke role')!.click();
    await settle();

    http.expectOne({ method: 'DELETE', url: '/api/staff/s-1/grants/g-1' }).flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    http.expectOne('/api/staff/s-1').flush(ana);
    await settle();

    expect(page.textContent).toContain('No roles granted');
    expect(page.querySelector('[role="status"]')?.textContent).toContain('revoked from Ana López');
    expect(document.activeElement).toBe(page.querySelector('#person-roles'));
  });

  it('does nothing when the revoke is cancelled', async () => {
    http.expectOne('/api/staff/s-1').flush({ ...ana, grants: [leadGrant] });
    await settle();
    button(page, 'Revoke')!.click();
    await settle();
    button(document, 'Cancel')!.click();
    await settle();
    expect(document.querySelector('[role="alertdialog"]')).toBeNull();
    http.expectNone({ method: 'DELETE', url: '/api/staff/s-1/grants/g-1' });
  });

  /** Presses "End all sessions" and answers the dialog; returns what the dialog said. */
  async function endSessions(answer: 'End sessions' | 'Cancel'): Promise<string> {
    button(page, 'End all sessions')!.click();
    await settle();
    const text = document.querySelector('[role="alertdialog"]')?.textContent ?? '';
    button(document, answer)!.click();
    await settle();
    return text;
  }

  const ended = () => http.expectOne({ method: 'POST', url: '/api/staff/s-1/sessions/end' });

  it("ends the person's sessions after confirming, and says what it did", async () => {
    http.expectOne('/api/staff/s-1').flush(ana);
    await settle();
    const dialog = await endSessions('End sessions');
    expect(dialog).toContain("End all of Ana López's sessions?");
    expect(dialog).toContain('signed out of Equip on every device');
    ended().flush({ sessionsEnded: 2, linksSpent: 1 });
    await settle();
    const status = [...page.querySelectorAll('[role="status"]')].map((e) => e.textContent).join(' ');
    expect(status).toContain('Ana López is signed out everywhere: 2 sessions ended, 1 set-password link canceled.');
  });

  it('says so when there was nothing to end', async () => {
    http.expectOne('/api/staff/s-1').flush(ana);
    await settle();
    await endSessions('End sessions');
    ended().flush({ sessionsEnded: 0, linksSpent: 0 });
    await settle();
    expect(page.textContent).toContain('Ana López was not signed in anywhere; there was nothing to end.');
  });

  it('ends nothing when canceled, and shows why the api refused', async () => {
    http.expectOne('/api/staff/s-1').flush(ana);
    await settle();
    await endSessions('Cancel');
    http.expectNone({ method: 'POST', url: '/api/staff/s-1/sessions/end' });
    await endSessions('End sessions');
    ended().flush({ title: 'Not found', status: 404, detail: 'No such staff member' }, { status: 404, statusText: 'Not Found' });
    await settle();
    expect(page.querySelector('[role="alert"]')?.textContent).toContain('No such staff member');
  });
});
