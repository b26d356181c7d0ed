import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { By } from '@angular/platform-browser';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { CohortAssignmentView, CohortDetail, CohortMemberRow, MemberAssignmentCell } from '@equip/shared/contracts';
import { AssignForm } from '@equip/web/lead/ui';
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

  async function open(url: string, assignments: CohortAssignmentView[] = [], items: CohortMemberRow[] = [row]) {
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
    http.expectOne('/api/cohorts/c-1/assignments').flush(assignments);
    http.expectOne('/api/departments').flush([]);
    http.expectOne('/api/catalog/courses').flush([]);
    http.expectOne('/api/learning/tracks').flush([{ slug: 'all-staff-foundations', title: 'All Staff Foundations' }]);
    http.expectOne((r) => r.url === '/api/cohorts/c-1/history').flush({ items: [], total: 0, page: 1, pageSize: 50 });
    const members = http.expectOne((r) => r.url === '/api/cohorts/c-1/members');
    members.flush({ items, total: items.length, page: 1, pageSize: 50 });
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

  it('says why a member is due when they are: hired before the assignment started, no hire date, or an extension', async () => {
    const cell = row.assignments[0];
    const person = (id: string, lastName: string, dueBasis: MemberAssignmentCell['dueBasis']): CohortMemberRow => ({
      ...row, staff: { ...row.staff, id, lastName }, assignments: [{ ...cell, assignmentId: `a-${id}`, dueOn: '2026-03-02', dueBasis }],
    });
    const { element } = await open('/lead/cohorts/c-1', [], [
      person('s-1', 'Early', { basis: 'hired_before_start', days: 60, startsOn: '2026-01-01' }),
      person('s-2', 'Unknown', { basis: 'no_hire_date', days: 60, startsOn: '2026-01-01' }),
      person('s-3', 'Extended', { basis: 'extended', days: 60, startsOn: '2026-01-01' }),
      person('s-4', 'Plain', null),
    ]);
    const cells = [...element.querySelectorAll('table.cohort-members tbody td:nth-child(5)')].map((c) => (c.textContent ?? '').replace(/\s+/g, ' '));
    expect(cells[0]).toContain('Due Mar 2, 2026: hired before the assignment started, so 60 days after it started on Jan 1, 2026');
    expect(cells[1]).toContain('Due Mar 2, 2026: no hire date on file, so 60 days after it started on Jan 1, 2026');
    expect(cells[2]).toContain('Due Mar 2, 2026: extended by a lead');
    expect(cells[3]).not.toContain('Due ');
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

  const foundations: CohortAssignmentView = {
    id: 'ca-1',
    kind: 'track',
    slug: 'all-staff-foundations',
    title: 'All Staff Foundations',
    startsOn: '2026-01-01',
    due: { kind: 'after_joining', days: 30 },
    recurrenceMonths: null,
    createdAt: '2026-01-01T00:00:00Z',
    counts: { not_started: 30, in_progress: 3, overdue: 0, completed: 5, exempt: 0 },
  };
  const settle = async (harness: RouterTestingHarness) => {
    await new Promise((r) => setTimeout(r));
    await harness.fixture.whenStable();
  };
  const buttonNamed = (element: HTMLElement, text: string) => [...element.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);

  it('withdraws an assignment only after showing who it affects and a confirmation', async () => {
    const { harness, element } = await open('/lead/cohorts/c-1', [foundations]);
    const withdraw = [...element.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Withdraw All Staff Foundations from this cohort…')!;
    withdraw.click();
    http.expectOne({ method: 'GET', url: '/api/cohorts/c-1/assignments/ca-1/withdrawal' }).flush({ people: 38, completed: 5, losing: 30, keepingElsewhere: 3 });
    await settle(harness);
    const region = element.querySelector('[role="region"][aria-labelledby="withdraw-heading"]')!;
    expect(region.querySelector('h3')?.textContent).toBe('Withdraw All Staff Foundations?');
    expect(region.textContent).toContain('38 people; 5 already completed keep their completion.');
    expect(region.textContent).toContain('30 people will no longer have it and will be told by email.');
    expect(region.textContent).toContain('3 people keep it, because another cohort or a lead also assigned it.');
    await settle(harness);
    expect(document.activeElement).toBe(region.querySelector('h3'));
    buttonNamed(element, 'Withdraw from 38 people')!.click();
    const request = http.expectOne({ method: 'POST', url: '/api/cohorts/c-1/assignments/ca-1/withdrawal' });
    expect(request.request.body).toEqual({ people: 38 });
    request.flush({ people: 38, completed: 5, losing: 30, keepingElsewhere: 3, told: 30 });
    await settle(harness);
    http.expectOne('/api/cohorts/c-1').flush({ ...cohort, assignmentCount: 0 });
    http.expectOne('/api/cohorts/c-1/assignments').flush([]);
    http.expectOne((r) => r.url === '/api/cohorts/c-1/members').flush({ items: [row], total: 1, page: 1, pageSize: 50 });
    await settle(harness);
    expect(element.querySelector('#assign-outcome')?.textContent).toContain('All Staff Foundations was withdrawn. 30 people were told by email. 5 kept their completion.');
    expect(element.querySelector('[aria-labelledby="withdraw-heading"]')).toBeNull();
  });

  it('changes an assignment’s due rule only after showing who it affects and a confirmation', async () => {
    const { harness, element } = await open('/lead/cohorts/c-1', [foundations]);
    buttonNamed(element, 'Change due date of All Staff Foundations…')!.click();
    await settle(harness);
    const region = element.querySelector('[role="region"][aria-labelledby="rule-change-heading"]')!;
    expect(region.querySelector('h3')?.textContent).toBe('Change when All Staff Foundations is due');
    // It starts from the current rule: 30 days after joining.
    expect((region.querySelector('input[value="after_joining"]') as HTMLInputElement).checked).toBe(true);
    (region.querySelector('input[value="after_hire"]') as HTMLInputElement).click();
    const days = region.querySelector('#rule-change-days') as HTMLInputElement;
    days.value = '60';
    days.dispatchEvent(new Event('input'));
    const months = region.querySelector('#rule-change-recurrence') as HTMLInputElement;
    months.value = '12';
    months.dispatchEvent(new Event('input'));
    await settle(harness);
    buttonNamed(element, 'Preview the change')!.click();
    const preview = http.expectOne({ method: 'POST', url: '/api/cohorts/c-1/assignments/ca-1/rule/preview' });
    expect(preview.request.body).toEqual({ due: { kind: 'after_hire', days: 60 }, recurrenceMonths: 12 });
    preview.flush({ people: 38, completed: 5, newDueDay: 30, keepingExtension: 2, exempt: 1 });
    await settle(harness);
    expect(region.textContent).toContain('38 people; 5 already completed keep their completion.');
    expect(region.textContent).toContain('30 people get a new due date and will be told by email.');
    expect(region.textContent).toContain('2 people keep a later due date a lead gave them.');
    expect(region.textContent).toContain('1 person is exempt; nothing changes for them.');
    buttonNamed(element, 'Change for 38 people')!.click();
    const change = http.expectOne({ method: 'POST', url: '/api/cohorts/c-1/assignments/ca-1/rule' });
    expect(change.request.body).toEqual({ due: { kind: 'after_hire', days: 60 }, recurrenceMonths: 12, people: 38 });
    change.flush({ people: 38, completed: 5, newDueDay: 30, keepingExtension: 2, exempt: 1, told: 29 });
    await settle(harness);
    http.expectOne('/api/cohorts/c-1/assignments').flush([{ ...foundations, due: { kind: 'after_hire', days: 60 }, recurrenceMonths: 12 }]);
    http.expectOne((r) => r.url === '/api/cohorts/c-1/members').flush({ items: [row], total: 1, page: 1, pageSize: 50 });
    await settle(harness);
    expect(element.querySelector('#assign-outcome')?.textContent).toContain('The due date of All Staff Foundations changed. 30 people got a new due date; 29 were told by email.');
    expect(element.querySelector('[aria-labelledby="rule-change-heading"]')).toBeNull();
  });

  it('cancels a withdrawal without changing anything', async () => {
    const { harness, element } = await open('/lead/cohorts/c-1', [foundations]);
    [...element.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Withdraw All Staff Foundations from this cohort…')!.click();
    http.expectOne('/api/cohorts/c-1/assignments/ca-1/withdrawal').flush({ people: 1, completed: 0, losing: 1, keepingElsewhere: 0 });
    await settle(harness);
    expect(element.textContent).toContain('1 person.');
    buttonNamed(element, 'Cancel')!.click();
    await settle(harness);
    expect(element.querySelector('[aria-labelledby="withdraw-heading"]')).toBeNull();
  });

  it('archives only after a confirmation, then shows the archived cohorts', async () => {
    const { harness, element } = await open('/lead/cohorts/c-1');
    buttonNamed(element, 'Archive cohort…')!.click();
    await settle(harness);
    await settle(harness);
    const region = element.querySelector('[aria-labelledby="archive-heading"]')!;
    expect(region.querySelector('h3')?.textContent).toBe('Archive TES trades?');
    expect(document.activeElement).toBe(region.querySelector('h3'));
    expect(region.textContent).toContain('Its 1 member leaves it and loses open work that came only from this cohort.');
    buttonNamed(element, 'Archive cohort')!.click();
    http.expectOne({ method: 'DELETE', url: '/api/cohorts/c-1' }).flush(null, { status: 204, statusText: 'No Content' });
    await settle(harness);
    expect(TestBed.inject(Router).url).toBe('/lead/cohorts?archived=true');
    const list = http.expectOne((r) => r.url === '/api/cohorts');
    expect(list.request.params.get('archived')).toBe('true');
    list.flush({ items: [{ ...cohort, memberCount: 0, archivedAt: '2026-12-04T15:30:00Z' }], total: 1, page: 1, pageSize: 25 });
    await settle(harness);
    expect(element.querySelector('h1')?.textContent).toContain('Archived cohorts');
    expect(element.querySelector('tbody')?.textContent).toContain('Dec 4, 2026, 10:30 AM');

    [...element.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Restore TES trades')!.click();
    http.expectOne({ method: 'POST', url: '/api/cohorts/c-1/restore' }).flush({ ...cohort, memberCount: 0, assignmentCount: 0 });
    await settle(harness);
    http.expectOne((r) => r.url === '/api/cohorts').flush({ items: [], total: 0, page: 1, pageSize: 25 });
    await settle(harness);
    expect(element.querySelector('#restore-outcome')?.textContent).toContain('TES trades is restored.');
    expect(element.querySelector('#restore-outcome a')?.getAttribute('href')).toBe('/lead/cohorts/c-1');
    expect(element.querySelector('p.equip-status[role="status"]')?.textContent).toContain('No archived cohorts.');
  });

  it('says why a restore was refused, naming the name that is taken', async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([{ path: 'lead/cohorts', children: COHORT_ROUTES }])],
    });
    http = TestBed.inject(HttpTestingController);
    const harness = await RouterTestingHarness.create('/lead/cohorts?archived=true');
    http.expectOne((r) => r.url === '/api/cohorts').flush({ items: [{ ...cohort, archivedAt: '2026-12-04T15:30:00Z' }], total: 1, page: 1, pageSize: 25 });
    await settle(harness);
    const element = harness.fixture.nativeElement as HTMLElement;
    [...element.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Restore TES trades')!.click();
    const message = 'A cohort named “TES trades” already exists in this department; choose another name';
    http.expectOne('/api/cohorts/c-1/restore').flush({ title: 'Conflict', status: 409, detail: message, errors: [{ field: 'name', message }] }, { status: 409, statusText: 'Conflict' });
    await settle(harness);
    const outcome = element.querySelector('#restore-outcome')!;
    expect(outcome.getAttribute('role')).toBe('alert');
    expect(outcome.textContent).toContain(`TES trades was not restored: ${message}`);
  });

  it('exempts the selected people after showing how many, with the reason', async () => {
    const { harness, element } = await open('/lead/cohorts/c-1', [foundations]);
    element.querySelector<HTMLInputElement>('#member-s-1')!.click();
    const reason = element.querySelector<HTMLInputElement>('#exempt-reason')!;
    reason.value = 'Seasonal staff';
    reason.dispatchEvent(new Event('input'));
    await harness.fixture.whenStable();
    buttonNamed(element, 'Exempt selected (1)…')!.click();
    const preview = http.expectOne({ method: 'POST', url: '/api/cohorts/c-1/exemptions/preview' });
    expect(preview.request.body).toEqual({ staffIds: ['s-1'], cohortAssignmentId: 'ca-1' });
    preview.flush({ count: 1, skipped: 0 });
    await settle(harness);
    expect(element.querySelector('#exempt-confirm-heading')?.textContent).toBe('Exempt 1 person from All Staff Foundations?');
    buttonNamed(element, 'Exempt 1 person')!.click();
    const request = http.expectOne({ method: 'POST', url: '/api/cohorts/c-1/exemptions' });
    expect(request.request.body).toEqual({ staffIds: ['s-1'], cohortAssignmentId: 'ca-1', reason: 'Seasonal staff', count: 1 });
    request.flush({ exempted: 1 });
    await settle(harness);
    http.expectOne('/api/cohorts/c-1/assignments').flush([foundations]);
    http.expectOne((r) => r.url === '/api/cohorts/c-1/members').flush({ items: [row], total: 1, page: 1, pageSize: 50 });
    await settle(harness);
    expect(element.querySelector('#members-outcome')?.textContent).toContain('1 person exempt from All Staff Foundations.');
  });

  it('extends the selected people’s due date after showing who it extends and who is left as they are', async () => {
    const { harness, element } = await open('/lead/cohorts/c-1', [foundations]);
    element.querySelector<HTMLInputElement>('#member-s-1')!.click();
    for (const [id, value] of [['#extend-dueOn', '2026-03-15'], ['#extend-reason', 'Storm recovery']]) {
      const input = element.querySelector<HTMLInputElement>(id)!;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }
    await harness.fixture.whenStable();
    buttonNamed(element, 'Extend due date for selected (1)…')!.click();
    const preview = http.expectOne({ method: 'POST', url: '/api/cohorts/c-1/extensions/preview' });
    expect(preview.request.body).toEqual({ staffIds: ['s-1'], cohortAssignmentId: 'ca-1', dueOn: '2026-03-15' });
    preview.flush({ people: 12, extending: 7, completed: 3, alreadyLater: 2, exempt: 0, skipped: 0 });
    await settle(harness);
    const region = element.querySelector('[aria-labelledby="extend-confirm-heading"]')!;
    expect(region.querySelector('h3')?.textContent).toBe('Extend All Staff Foundations to Mar 15, 2026 for 7 people?');
    expect(region.textContent).toContain('12 people selected have All Staff Foundations from this cohort.');
    expect(region.textContent).toContain('3 already completed are left as they are.');
    expect(region.textContent).toContain('2 already have that day or a later one.');
    expect(region.textContent).not.toContain('exempt');
    buttonNamed(element, 'Extend for 7 people')!.click();
    const request = http.expectOne({ method: 'POST', url: '/api/cohorts/c-1/extensions' });
    expect(request.request.body).toEqual({ staffIds: ['s-1'], cohortAssignmentId: 'ca-1', dueOn: '2026-03-15', reason: 'Storm recovery', count: 7 });
    request.flush({ extended: 7, told: 6 });
    await settle(harness);
    http.expectOne('/api/cohorts/c-1/assignments').flush([foundations]);
    http.expectOne((r) => r.url === '/api/cohorts/c-1/members').flush({ items: [row], total: 1, page: 1, pageSize: 50 });
    await settle(harness);
    expect(element.querySelector('#members-outcome')?.textContent).toContain('7 people now have All Staff Foundations due Mar 15, 2026; 6 emails sent.');
  });

  it('asks for the people, a day and a reason before counting anyone to extend, and says why the api refused', async () => {
    const { harness, element } = await open('/lead/cohorts/c-1', [foundations]);
    buttonNamed(element, 'Extend due date for selected (0)…')!.click();
    await settle(harness);
    expect(element.querySelector('#members-outcome')?.textContent).toContain('Select the people whose due date to extend first.');
    element.querySelector<HTMLInputElement>('#member-s-1')!.click();
    await harness.fixture.whenStable();
    buttonNamed(element, 'Extend due date for selected (1)…')!.click();
    await settle(harness);
    expect(element.querySelector('#members-outcome')?.textContent).toContain('Choose the new due date.');
    const day = element.querySelector<HTMLInputElement>('#extend-dueOn')!;
    day.value = '2020-01-01';
    day.dispatchEvent(new Event('input'));
    await harness.fixture.whenStable();
    buttonNamed(element, 'Extend due date for selected (1)…')!.click();
    await settle(harness);
    expect(element.querySelector('#members-outcome')?.textContent).toContain('Give a reason for the extension.');
    const reason = element.querySelector<HTMLInputElement>('#extend-reason')!;
    reason.value = 'Storm recovery';
    reason.dispatchEvent(new Event('input'));
    await harness.fixture.whenStable();
    buttonNamed(element, 'Extend due date for selected (1)…')!.click();
    const message = 'dueOn must be today (2026-02-01) or later';
    http.expectOne({ method: 'POST', url: '/api/cohorts/c-1/extensions/preview' })
      .flush({ title: 'The new due date is in the past', status: 400, errors: [{ field: 'dueOn', message }] }, { status: 400, statusText: 'Bad Request' });
    await settle(harness);
    expect(element.querySelector('#members-outcome')?.textContent).toContain(`No due date was extended: ${message}`);
  });

  it('asks for the people and a reason before counting anyone', async () => {
    const { harness, element } = await open('/lead/cohorts/c-1', [foundations]);
    buttonNamed(element, 'Exempt selected (0)…')!.click();
    await settle(harness);
    expect(element.querySelector('#members-outcome')?.textContent).toContain('Select the people to exempt first.');
    element.querySelector<HTMLInputElement>('#member-s-1')!.click();
    await harness.fixture.whenStable();
    buttonNamed(element, 'Exempt selected (1)…')!.click();
    await settle(harness);
    expect(element.querySelector('#members-outcome')?.textContent).toContain('Give a reason for the exemption.');
  });

  it('previews assigning what the cohort already assigns, and updates it only on confirmation', async () => {
    const { harness, element } = await open('/lead/cohorts/c-1', [foundations]);
    const request = { trackSlug: 'all-staff-foundations', due: { kind: 'after_joining' as const, days: 60 } };
    harness.fixture.debugElement.query(By.directive(AssignForm)).componentInstance.assign.emit(request);
    const preview = http.expectOne({ method: 'POST', url: '/api/cohorts/c-1/assignments/preview' });
    expect(preview.request.body).toEqual(request);
    preview.flush({ existing: foundations, withdrawn: false, members: 38, created: 2, merged: 36 });
    await settle(harness);
    const region = element.querySelector('[aria-labelledby="reassign-heading"]')!;
    expect(region.querySelector('h3')?.textContent).toBe('This cohort already assigns it');
    expect(region.textContent).toContain('2 people get it now; 36 people already have it open and keep their earliest due date.');
    http.expectNone({ method: 'POST', url: '/api/cohorts/c-1/assignments' });
    buttonNamed(element, 'Update the assignment')!.click();
    const assign = http.expectOne({ method: 'POST', url: '/api/cohorts/c-1/assignments' });
    expect(assign.request.body).toEqual(request);
    assign.flush({ cohortAssignmentId: 'ca-1', updated: true, created: 2, merged: 36 });
    await settle(harness);
    http.expectOne('/api/cohorts/c-1/assignments').flush([foundations]);
    http.expectOne((r) => r.url === '/api/cohorts/c-1/members').flush({ items: [row], total: 1, page: 1, pageSize: 50 });
    await settle(harness);
    expect(element.querySelector('#assign-outcome')?.textContent).toContain('Assignment updated: 2 people got it now. 36 people already had it open; the earliest due date counts.');
  });

  it('assigns something new at once, after an empty preview', async () => {
    const { harness, element } = await open('/lead/cohorts/c-1');
    const request = { trackSlug: 'all-staff-foundations', due: { kind: 'after_joining' as const, days: 30 } };
    harness.fixture.debugElement.query(By.directive(AssignForm)).componentInstance.assign.emit(request);
    http.expectOne('/api/cohorts/c-1/assignments/preview').flush({ existing: null, withdrawn: false, members: 1, created: 1, merged: 0 });
    await settle(harness);
    http.expectOne({ method: 'POST', url: '/api/cohorts/c-1/assignments' }).flush({ cohortAssignmentId: 'ca-1', updated: false, created: 1, merged: 0 });
    await settle(harness);
    http.expectOne('/api/cohorts/c-1/assignments').flush([foundations]);
    http.expectOne((r) => r.url === '/api/cohorts/c-1/members').flush({ items: [row], total: 1, page: 1, pageSize: 50 });
    await settle(harness);
    expect(element.querySelector('#assign-outcome')?.textContent).toContain('Assigned to 1 person.');
  });
});
