import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { PersonRecord, StaffDetail } from '@equip/shared/contracts';
import { peopleRoutes } from './people.routes';

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
