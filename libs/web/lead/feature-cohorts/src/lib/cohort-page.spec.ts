import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { CohortDetail, CohortMemberRow } from '@equip/shared/contracts';
import { SessionStore } from '@equip/web/shared/data-access';
import { sessionUser } from '@equip/web/shared/data-access/testing';
import { COHORT_ROUTES } from './cohorts.routes';

const cohort: CohortDetail = {
  id: 'c-1',
  name: 'TES trades',
  description: null,
  kind: 'rule',
  department: { id: 'd-tes', code: 'TES', name: 'Transportation and Environmental Services' },
  memberCount: 1,
  assignmentCount: 1,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  rule: { jobClasses: ['Trades'], activeOnly: true },
  owner: null,
  evaluatedAt: null,
};

const row: CohortMemberRow = {
  staff: {
    id: 's-1',
    employeeId: 'E1',
    firstName: 'Ana',
    lastName: 'Lee',
    email: 'ana@city.gov',
    department: { id: 'd-tes', code: 'TES', name: 'Transportation and Environmental Services' },
    jobTitle: 'Crew Leader',
    jobClass: 'Trades',
  },
  account: { kind: 'never_invited', linkExpiresOn: null },
  joinedAt: '2026-01-01T00:00:00Z',
  nextDueOn: '2026-02-01',
  lastActivityAt: null,
  lastNudge: null,
  assignments: [
    { assignmentId: 'a-1', kind: 'track', slug: 'all-staff-foundations', title: 'All Staff Foundations', status: 'not_started', dueOn: '2026-02-01', completedAt: null, exemptReason: null },
  ],
};

describe('CohortPage', () => {
  let http: HttpTestingController;

  async function open(url: string) {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'lead/cohorts', children: COHORT_ROUTES }]),
        // jsdom runs no CSS animations, so the dialog would wait for one that never ends.
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: SessionStore, useValue: { user: signal(sessionUser({ firstName: 'Emily', lastName: 'Sullivan' })) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const harness = await RouterTestingHarness.create(url);
    http.expectOne('/api/cohorts/c-1').flush(cohort);
    http.expectOne('/api/cohorts/c-1/assignments').flush([]);
    http.expectOne('/api/departments').flush([]);
    http.expectOne('/api/catalog/courses').flush([]);
    http.expectOne('/api/learning/tracks').flush([{ slug: 'all-staff-foundations', title: 'All Staff Foundations' }]);
    http.expectOne((r) => r.url === '/api/cohorts/c-1/history').flush({ items: [], total: 0, page: 1, pageSize: 50 });
    const members = http.expectOne((r) => r.url === '/api/cohorts/c-1/members');
    members.flush({ items: [row], total: 1, page: 1, pageSize: 50 });
    await harness.fixture.whenStable();
    return { harness, element: harness.fixture.nativeElement as HTMLElement, members };
  }

  afterEach(() => http.verify());

  it('shows each member’s status per assignment as text, and links the CSV export to the current filters', async () => {
    const { element, members } = await open('/lead/cohorts/c-1?status=not_started&search=lee&sort=due&direction=desc');
    expect(members.request.params.get('status')).toBe('not_started');
    expect(element.querySelector('h1')?.textContent).toContain('TES trades');
    expect(element.textContent).toContain('Job class is Trades');
    const table = element.querySelector('table.cohort-members')!;
    expect(table.querySelector('caption')?.textContent).toContain('Members, page 1 of 1');
    expect(table.querySelector('tbody th[scope="row"]')?.textContent).toContain('Lee, Ana');
    expect(table.querySelector('tbody th[scope="row"] a')?.getAttribute('href')).toBe('/lead/people/s-1');
    expect(table.querySelector('tbody td:nth-child(4)')?.textContent).toContain('Never invited');
    expect(table.querySelector('tbody td:nth-child(5)')?.textContent).toContain('All Staff Foundations: Not started');

    const csv = [...element.querySelectorAll('a')].find((a) => a.textContent?.includes('Export CSV'))!;
    expect(csv.getAttribute('href')).toBe('/api/cohorts/c-1/members.csv?status=not_started&search=lee&sort=due&direction=desc');
    expect(element.querySelector('p.equip-status[role="status"]')?.textContent).toContain('1 member found');
  });

  it('shows the email before nudging, takes a personal note, and says how many reminders were sent', async () => {
    const { harness, element } = await open('/lead/cohorts/c-1');
    element.querySelector<HTMLInputElement>('#member-s-1')!.click();
    await harness.fixture.whenStable();
    const nudge = [...element.querySelectorAll('button')].find((b) => b.textContent?.includes('Nudge selected'))!;
    expect(nudge.textContent).toContain('(1)');
    nudge.click();
    await harness.fixture.whenStable();
    // Nothing is sent before the lead confirms.
    http.expectNone({ method: 'POST', url: '/api/cohorts/c-1/nudges' });
    const dialog = document.querySelector('equip-nudge-dialog') as HTMLElement;
    expect(dialog.querySelector('h2')?.textContent).toContain('Nudge 1 person');
    expect(dialog.textContent).toContain('Subject: A reminder from Emily Sullivan: All Staff Foundations');
    const note = dialog.querySelector<HTMLTextAreaElement>('#nudge-note')!;
    note.value = 'Monday 9 am is set aside for it.';
    note.dispatchEvent(new Event('input'));
    await harness.fixture.whenStable();
    expect(dialog.textContent).toContain('Emily Sullivan wrote: “Monday 9 am is set aside for it.”');
    [...dialog.querySelectorAll('button')].find((b) => b.textContent?.includes('Send reminders'))!.click();
    await harness.fixture.whenStable();
    const request = http.expectOne({ method: 'POST', url: '/api/cohorts/c-1/nudges' });
    expect(request.request.body).toEqual({ staffIds: ['s-1'], note: 'Monday 9 am is set aside for it.' });
    request.flush({ queued: 1, skipped: 0 });
    await new Promise((r) => setTimeout(r));
    // The members come back with the nudge recorded.
    http
      .expectOne((r) => r.url === '/api/cohorts/c-1/members')
      .flush({ items: [{ ...row, lastNudge: { at: '2026-12-04T15:00:00Z', by: { id: 's-9', firstName: 'Emily', lastName: 'Sullivan' } } }], total: 1, page: 1, pageSize: 50 });
    await harness.fixture.whenStable();
    expect(element.querySelector('#members-outcome')?.textContent).toContain('1 reminder sent.');
    expect(element.querySelector('#members-outcome')?.textContent).not.toMatch(/queued/);
    expect(element.querySelector('table.cohort-members tbody th')?.textContent).toContain('Nudged Dec 4, 2026 by Emily Sullivan');
  });

  it('sends nothing when the nudge is cancelled', async () => {
    const { harness, element } = await open('/lead/cohorts/c-1');
    element.querySelector<HTMLInputElement>('#member-s-1')!.click();
    await harness.fixture.whenStable();
    [...element.querySelectorAll('button')].find((b) => b.textContent?.includes('Nudge selected'))!.click();
    await harness.fixture.whenStable();
    const dialog = document.querySelector('equip-nudge-dialog') as HTMLElement;
    [...dialog.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Cancel')!.click();
    await new Promise((r) => setTimeout(r));
    await harness.fixture.whenStable();
    http.expectNone({ method: 'POST', url: '/api/cohorts/c-1/nudges' });
    expect(document.querySelector('equip-nudge-dialog')).toBeNull();
  });

  it('says why when inviting the cohort is refused', async () => {
    const { harness, element } = await open('/lead/cohorts/c-1');
    [...element.querySelectorAll('button')].find((b) => b.textContent?.includes('Invite everyone without an account'))!.click();
    http
      .expectOne({ method: 'POST', url: '/api/staff/invitations' })
      .flush({ title: 'Not Found', status: 404, detail: 'No such cohort' }, { status: 404, statusText: 'Not Found' });
    await new Promise((r) => setTimeout(r));
    await harness.fixture.whenStable();
    const outcome = element.querySelector('#members-outcome')!;
    expect(outcome.getAttribute('role')).toBe('alert');
    expect(outcome.textContent).toContain('No invitations were sent: No such cohort');
  });

  it('invites every member without an account, says who was left out, and shows their new status', async () => {
    const { harness, element } = await open('/lead/cohorts/c-1');
    [...element.querySelectorAll('button')].find((b) => b.textContent?.includes('Invite everyone without an account'))!.click();
    const request = http.expectOne({ method: 'POST', url: '/api/staff/invitations' });
    expect(request.request.body).toEqual({ cohortId: 'c-1' });
    request.flush({ invited: 1, waiting: 0, alreadyHaveAccount: 2, alreadyWaiting: 0, inactive: 0, skipped: 2, notSent: 0 });
    await new Promise((r) => setTimeout(r));
    http.expectOne((r) => r.url === '/api/cohorts/c-1/members').flush({ items: [{ ...row, account: { kind: 'waiting', linkExpiresOn: null } }], total: 1, page: 1, pageSize: 50 });
    await harness.fixture.whenStable();
    expect(element.querySelector('#members-outcome')?.textContent).toContain('Invitation sent. Not invited: 2 people already have an account.');
    expect(element.querySelector('table.cohort-members tbody td:nth-child(4)')?.textContent).toContain('Invitation waiting to be sent');
  });
});
