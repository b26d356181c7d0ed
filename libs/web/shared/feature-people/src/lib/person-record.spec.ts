import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { PersonRecord, StaffDetail } from '@equip/shared/contracts';
import { peopleRoutes } from './people.routes';
import { PersonRecordView } from './person-record';

const person: StaffDetail = {
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
  manager: null,
  grants: [],
  hasAccount: true,
  account: { kind: 'password', linkExpiresOn: null },
};
const emily = { id: 's-9', firstName: 'Emily', lastName: 'Sullivan' };

const record: PersonRecord = {
  person: { id: 's-1', firstName: 'Ana', lastName: 'López', employeeId: 'E1', email: 'ana@city.example', jobTitle: 'Analyst', department: person.department, active: true },
  asOf: '2026-12-05T03:00:00.000Z',
  summary: { overdue: 1, not_started: 0, in_progress: 0, completed: 0, exempt: 1, certificates: 1 },
  assignments: [
    {
      id: 'a-2', subject: { kind: 'course', id: 'c-1', slug: 'equity-basics', title: 'Equity basics' }, dueOn: '2026-12-02', status: 'overdue', current: true,
      cycle: 2, recurrenceMonths: 12, sources: [{ kind: 'cohort', cohort: { id: 'co-1', name: 'TES planners' } }], assignedAt: '2026-11-01T00:00:00.000Z', completedAt: null, exemption: null,
      extensions: [{ fromDueOn: '2026-11-25', toDueOn: '2026-12-02', reason: 'Back from leave', at: '2026-11-20T15:00:00.000Z', by: emily }],
    },
    {
      id: 'a-3', subject: { kind: 'track', id: 't-1', slug: 'foundations', title: 'Foundations' }, dueOn: null, status: 'exempt', current: true,
      cycle: 1, recurrenceMonths: null, sources: [{ kind: 'person', assignedBy: emily }], assignedAt: '2026-11-01T00:00:00.000Z', completedAt: null,
      exemption: { reason: 'On leave until spring', at: '2026-12-01T15:00:00.000Z', by: emily }, extensions: [],
    },
  ],
  courses: [{ course: { id: 'c-1', slug: 'equity-basics', title: 'Equity basics' }, version: 1, startedAt: '2026-11-02T15:00:00.000Z', completedAt: null, lessonsCompleted: 2, lessonsTotal: 6, score: null }],
  knowledgeChecks: [],
  knowledgeCheckAllowances: [],
  certificates: [{ id: 'ce-1', title: 'Equity basics', serial: 'EQ-1', issuedAt: '2025-11-09T15:00:00.000Z', revokedAt: null }],
  reminders: [{ kind: 'nudge', day: '2026-12-04', createdAt: '2026-12-04T15:00:00.000Z', delivery: 'sent', subjectTitle: 'Equity basics', by: emily }],
  cohorts: [{ cohort: { id: 'co-1', name: 'TES planners', archived: false }, joinedAt: '2026-10-01T15:00:00.000Z', joinReason: 'rule', leftAt: '2026-11-20T15:00:00.000Z', leaveReason: 'rule_no_longer_matches' }],
};

describe('PersonRecordView on the lead’s person page', () => {
  async function open(): Promise<{ http: HttpTestingController; page: HTMLElement; harness: RouterTestingHarness }> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'people', children: peopleRoutes({ heading: 'People', intro: '' }, { cohortBase: '/lead/cohorts' }) }]),
      ],
    });
    const http = TestBed.inject(HttpTestingController);
    const harness = await RouterTestingHarness.create('/people/s-1');
    http.expectOne('/api/staff/s-1').flush(person);
    await harness.fixture.whenStable();
    return { http, page: harness.routeNativeElement as HTMLElement, harness };
  }

  it('shows the record in words, with who assigned and nudged, linked cohorts and downloads', async () => {
    const { http, page, harness } = await open();
    expect(page.textContent).toContain('Loading the record of learning');
    http.expectOne('/api/staff/s-1/record').flush(record);
    await harness.fixture.whenStable();
    const text = (page.textContent ?? '').replace(/\s+/g, ' ');
    const cells = (row: Element) => [...row.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim());
    const rows = [...page.querySelectorAll('#record-assignments ~ div tbody tr')].map(cells);
    expect(rows).toEqual([
      ['Equity basics', 'Overdue', 'Dec 2, 2026 Extend due date for Equity basics', 'Cohort TES planners', 'Every year', ''],
      ['Foundations', 'Exempt', 'No due date', 'Emily Sullivan', 'Once', ''],
    ]);
    expect(text).toContain('Emily Sullivan');
    expect(text).toContain('Foundations: On leave until spring. Granted Dec 1, 2026 by Emily Sullivan.');
    expect(text).toContain('Equity basics: due date extended from Nov 25, 2026 to Dec 2, 2026. Back from leave Granted Nov 20, 2026 by Emily Sullivan.');
    expect(text).toContain('2 of 6 lessons done');
    expect(text).toContain('Nudged Dec 4, 2026 by Emily Sullivan: Equity basics (emailed)');
    expect(text).toContain('TES planners: joined Oct 1, 2026 (matched the cohort’s rule), left Nov 20, 2026 (no longer matched the cohort’s rule)');
    expect(text).not.toMatch(/rule_no_longer_matches|not_started|overdue\b/);
    const cohortLinks = [...page.querySelectorAll('a')].filter((a) => a.textContent?.trim() === 'TES planners').map((a) => a.getAttribute('href'));
    expect(cohortLinks).toEqual(['/lead/cohorts/co-1', '/lead/cohorts/co-1']);
    expect(page.querySelector('a[href="/api/staff/s-1/record.csv"]')).not.toBeNull();
    expect(page.querySelector('a[href="/api/staff/s-1/record.pdf"]')).not.toBeNull();
    // A lead cannot download someone else's certificate: it is listed, not linked.
    expect(page.querySelector('a[href="/api/certificates/ce-1/pdf"]')).toBeNull();
    http.verify();
  });

  it('gives one more attempt at a check the person has used up, and shows who granted it', async () => {
    const { http, page, harness } = await open();
    const check = { course: { id: 'c-1', slug: 'equity-basics', title: 'Equity basics' }, lessonSlug: 'check', lessonTitle: 'Check your understanding', courseRetired: false };
    const usedUp = { ...check, attemptsUsed: 3, attemptsAllowed: 3, passed: false, grants: [] };
    const passed = { ...check, course: { id: 'c-2', slug: 'bias', title: 'Bias basics' }, attemptsUsed: 1, attemptsAllowed: 3, passed: true, grants: [] };
    http.expectOne('/api/staff/s-1/record').flush({ ...record, knowledgeCheckAllowances: [usedUp, passed] });
    await harness.fixture.whenStable();
    const text = () => (page.textContent ?? '').replace(/\s+/g, ' ');
    expect(text()).toContain('Equity basics, Check your understanding: 3 of 3 attempts used, all used, not passed.');
    expect(text()).toContain('Bias basics, Check your understanding: 1 of 3 attempts used, passed.');
    const buttons = [...page.querySelectorAll('button')].filter((b) => b.textContent?.includes('Give one more attempt'));
    // Only the check that is used up and not passed offers it, named for screen readers.
    expect(buttons.map((b) => b.textContent?.replace(/\s+/g, ' ').trim())).toEqual(['Give one more attempt at Check your understanding in Equity basics']);

    buttons[0].click();
    const grant = http.expectOne('/api/knowledge-check-grants');
    expect(grant.request.method).toBe('POST');
    expect(grant.request.body).toEqual({ staffId: 's-1', courseSlug: 'equity-basics', lessonSlug: 'check', extraAttempts: 1 });
    grant.flush({ attemptsAllowed: 4, attemptsUsed: 3 });
    await harness.fixture.whenStable();
    http.expectOne('/api/staff/s-1/record').flush({
      ...record,
      knowledgeCheckAllowances: [{ ...usedUp, attemptsAllowed: 4, grants: [{ extraAttempts: 1, at: '2026-12-04T15:00:00.000Z', by: emily }] }, passed],
    });
    await harness.fixture.whenStable();
    // The attempts list has its own status line (the assignments list has another, for extensions).
    const statuses = [...page.querySelectorAll('[role="status"]')].map((s) => s.textContent ?? '');
    expect(statuses.some((s) => s.includes('Ana López can try “Check your understanding” again: 1 attempt left.'))).toBe(true);
    expect(text()).toContain('Equity basics, Check your understanding: 3 of 4 attempts used, not passed yet.');
    expect(text()).toContain('1 more attempt given Dec 4, 2026 by Emily Sullivan.');
    expect([...page.querySelectorAll('button')].some((b) => b.textContent?.includes('Give one more attempt'))).toBe(false);
    http.verify();
  });

  it('says why no attempt was given when the api refuses', async () => {
    const { http, page, harness } = await open();
    const usedUp = { course: { id: 'c-1', slug: 'equity-basics', title: 'Equity basics' }, lessonSlug: 'check', lessonTitle: 'Check', courseRetired: false, attemptsUsed: 2, attemptsAllowed: 2, passed: false, grants: [] };
    http.expectOne('/api/staff/s-1/record').flush({ ...record, knowledgeCheckAllowances: [usedUp] });
    await harness.fixture.whenStable();
    ([...page.querySelectorAll('button')].find((b) => b.textContent?.includes('Give one more attempt')) as HTMLButtonElement).click();
    http
      .expectOne('/api/knowledge-check-grants')
      .flush({ title: 'Conflict', status: 409, detail: 'This course has been retired' }, { status: 409, statusText: 'Conflict' });
    await harness.fixture.whenStable();
    expect(page.textContent).toContain('No attempt was given');
    expect(page.textContent).toContain('This course has been retired');
    http.verify();
  });

  it('says when the person is outside the lead’s departments', async () => {
    const { http, page, harness } = await open();
    http.expectOne('/api/staff/s-1/record').flush({ title: 'Not Found', status: 404 }, { status: 404, statusText: 'Not Found' });
    await harness.fixture.whenStable();
    expect(page.textContent).toContain('There is no staff member with this address in the departments you can see.');
    http.verify();
  });

  describe('extending a due date', () => {
    const settle = async (harness: RouterTestingHarness) => {
      for (let i = 0; i < 3; i++) {
        await harness.fixture.whenStable();
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    };
    const button = (root: ParentNode, text: string) => [...root.querySelectorAll('button')].find((b) => (b.textContent ?? '').replace(/\s+/g, ' ').trim().startsWith(text));
    const type = (id: string, value: string) => {
      const field = document.getElementById(id) as HTMLInputElement | HTMLTextAreaElement;
      field.value = value;
      field.dispatchEvent(new Event('input'));
    };
    afterEach(() => document.querySelectorAll('.cdk-overlay-container').forEach((e) => e.remove()));

    async function openDialog() {
      const opened = await open();
      opened.http.expectOne('/api/staff/s-1/record').flush(record);
      await settle(opened.harness);
      // Only open work with a due date offers it: not the exempt track.
      expect([...opened.page.querySelectorAll('button')].filter((b) => b.textContent?.includes('Extend due date')).length).toBe(1);
      button(opened.page, 'Extend due date')!.click();
      await settle(opened.harness);
      const dialog = document.querySelector('mat-dialog-container') as HTMLElement;
      expect(dialog).not.toBeNull();
      expect(dialog.textContent).toContain('Extend the due date for Ana López');
      expect(dialog.textContent).toContain('Equity basics is due December 2, 2026.');
      return { ...opened, dialog };
    }

    it('asks for the day and a reason, sends them, then shows the new date and says the person is told', async () => {
      const { http, page, harness, dialog } = await openDialog();
      button(dialog, 'Extend due date')!.click();
      await settle(harness);
      expect(dialog.textContent).toContain('Enter the new due date');
      expect(dialog.textContent).toContain('Give a reason for the extension');
      http.expectNone({ method: 'POST' });
      type('extend-dueOn', '2026-12-30');
      type('extend-reason', '  Back from leave ');
      button(dialog, 'Extend due date')!.click();
      await settle(harness);
      const post = http.expectOne({ method: 'POST', url: '/api/assignments/a-2/extension' });
      expect(post.request.body).toEqual({ dueOn: '2026-12-30', reason: 'Back from leave' });
      post.flush({ id: 'a-2', staffId: 's-1', kind: 'course', slug: 'equity-basics', title: 'Equity basics', dueOn: '2026-12-30', status: 'not_started', exemptReason: null, exemptedAt: null, completedAt: null, recurrenceMonths: 12, cycle: 2 });
      for (const deadline = Date.now() + 2000; document.querySelector('mat-dialog-container') && Date.now() < deadline; ) await settle(harness);
      expect(document.querySelector('mat-dialog-container')).toBeNull();
      http.expectOne('/api/staff/s-1/record').flush(record);
      await settle(harness);
      expect(page.querySelector('#record-assignments ~ [role="status"]')?.textContent).toContain('Equity basics is now due Dec 30, 2026. Ana will be told by email.');
      http.verify();
    });

    it('shows the api’s refusal under the date and keeps the dialog open', async () => {
      const { http, harness, dialog } = await openDialog();
      type('extend-dueOn', '2026-12-01');
      type('extend-reason', 'Leave');
      button(dialog, 'Extend due date')!.click();
      await settle(harness);
      http.expectOne({ method: 'POST', url: '/api/assignments/a-2/extension' }).flush(
        { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'The new due date must be later than the current one', errors: [{ field: 'dueOn', message: 'dueOn must be after the current due date, 2026-12-02' }] },
        { status: 400, statusText: 'Bad Request' },
      );
      await settle(harness);
      expect(document.querySelector('mat-dialog-container')).not.toBeNull();
      expect(dialog.querySelector('mat-error')?.textContent).toContain('The new due date must be later than the current one');
      expect(dialog.querySelector('[role="alert"]')?.textContent).toContain('The new due date must be later than the current one');
      expect(dialog.textContent).not.toContain('dueOn');
      expect(document.activeElement?.id).toBe('extend-dueOn');
      http.verify();
    });
  });
});

describe('PersonRecordView on the person’s own record', () => {
  async function mine(r: PersonRecord): Promise<{ http: HttpTestingController; text: () => string; page: HTMLElement }> {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(PersonRecordView);
    fixture.componentRef.setInput('staffId', 's-1');
    fixture.componentRef.setInput('self', true);
    // Even if a host asked for it, nobody gives themself attempts.
    fixture.componentRef.setInput('grantAttempts', true);
    fixture.detectChanges();
    http.expectOne('/api/staff/s-1/record').flush(r);
    await fixture.whenStable();
    const page = fixture.nativeElement as HTMLElement;
    return { http, page, text: () => (page.textContent ?? '').replace(/\s+/g, ' ') };
  }

  it('speaks to the learner as “you”, in words, never a raw code', async () => {
    const escalation = { kind: 'escalation' as const, day: '2026-12-03', createdAt: '2026-12-03T15:00:00.000Z', delivery: 'sent' as const, subjectTitle: 'Equity basics', by: emily };
    const self = { kind: 'self' as const };
    const usedUp = { course: { id: 'c-1', slug: 'equity-basics', title: 'Equity basics' }, lessonSlug: 'check', lessonTitle: 'Check', courseRetired: false, attemptsUsed: 2, attemptsAllowed: 2, passed: false, grants: [] };
    const { http, page, text } = await mine({
      ...record,
      assignments: [{ ...record.assignments[0], sources: [self] }],
      reminders: [...record.reminders, escalation],
      knowledgeCheckAllowances: [usedUp],
    });
    expect(text()).toContain('Chosen by you');
    expect(text()).toContain('You were nudged Dec 4, 2026 by Emily Sullivan: Equity basics (emailed to you)');
    expect(text()).toContain('Overdue, told your equity lead (Emily Sullivan), Dec 3, 2026: Equity basics (emailed to your lead)');
    expect(text()).not.toMatch(/\btheir\b|the learner|rule_no_longer_matches|not_started|escalation/);
    expect([...page.querySelectorAll('button')].some((b) => b.textContent?.includes('Give one more attempt'))).toBe(false);
    http.verify();
  });

  it('says what is empty in the second person', async () => {
    const { http, text } = await mine({ ...record, assignments: [], courses: [], knowledgeChecks: [], certificates: [], reminders: [], cohorts: [] });
    for (const line of [
      'Nothing has been assigned to you yet.',
      'You have not started a course yet.',
      'You have not taken a knowledge check yet.',
      'You have no certificate yet.',
      'You have had no reminders yet.',
      'You are not in any cohort.',
    ]) {
      expect(text()).toContain(line);
    }
    http.verify();
  });
});
