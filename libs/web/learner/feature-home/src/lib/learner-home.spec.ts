import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { MyAssignment, SessionUser } from '@equip/shared/contracts';
import { assignment, catalogCourse } from '@equip/web/learner/data-access/testing';
import { addDays } from '@equip/shared/domain';
import { cityToday, SessionStore } from '@equip/web/shared/data-access';
import { sessionUser } from '@equip/web/shared/data-access/testing';
import { LearnerHome } from './learner-home';

describe('LearnerHome', () => {
  // Days from the city's today (web specs run in the api's default city, New York: libs/web/city-setup.ts).
  const inDays = (days: number) => addDays(cityToday(), days);

  async function render(assignments: MyAssignment[], catalog = [catalogCourse({ slug: 'new-course', title: 'A new course' })], who = sessionUser()): Promise<HTMLElement> {
    const user = signal<SessionUser | null>(who);
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: SessionStore, useValue: { user } }],
    });
    const fixture = TestBed.createComponent(LearnerHome);
    await fixture.whenStable();
    const http = TestBed.inject(HttpTestingController);
    http.expectOne('/api/learning/assignments').flush(assignments);
    http.expectOne('/api/catalog/courses').flush(catalog);
    await fixture.whenStable();
    return fixture.nativeElement;
  }

  const headings = (element: HTMLElement, level: string) => [...element.querySelectorAll(level)].map((h) => h.textContent?.trim());

  it('greets the learner and lists assigned work first as a task list, then suggestions, then completed work', async () => {
    const element = await render([
      assignment({ id: '1', slug: 'late', title: 'Late course', status: 'overdue', dueOn: inDays(-3), progress: { done: 3, total: 6 }, enrollmentId: 'e-1' }),
      assignment({ id: '2', slug: 'soon', title: 'Soon course', status: 'not_started', dueOn: inDays(14), progress: { done: 0, total: 6 }, estimatedMinutes: 90 }),
      assignment({ id: '3', slug: 'going', title: 'Going course', status: 'in_progress', enrollmentId: 'e-3', sources: [{ kind: 'person', assignedBy: { id: 's-9', firstName: 'Emily', lastName: 'Sullivan' } }] }),
      assignment({ id: '4', slug: 'done', title: 'Done course', status: 'completed', progress: { done: 6, total: 6 }, completedAt: '2026-12-04T17:00:00Z', certificateId: 'ce-1' }),
    ]);

    expect(element.querySelector('h1')?.textContent?.trim()).toBe('My learning');
    expect(element.textContent).toContain('Welcome, Ana.');
    expect(headings(element, 'h2')).toEqual(['Your assigned work', 'Suggested for you', 'Completed']);
    expect(headings(element, 'h3')).toEqual(['Late course', 'Soon course', 'Going course', 'A new course', 'Done course']);
    expect(element.textContent).toContain('3 to do, 1 overdue.');

    const [late, soon, going] = [...element.querySelectorAll('.task')];
    const text = (e: Element) => (e.textContent ?? '').replace(/\s+/g, ' ');
    expect(text(late)).toContain('Overdue');
    expect(text(late)).toMatch(/Due [A-Z][a-z]+ \d{1,2}, \d{4} \(overdue by 3 days\)/);
    expect(text(late)).toContain('3 of 6 lessons done');
    expect(text(late)).toContain('Assigned by the TES planners cohort');
    const resume = late.querySelector('a')!;
    expect(resume.textContent?.replace(/\s+/g, ' ').trim()).toBe('Resume: Late course');
    expect(resume.getAttribute('href')).toBe('/learn/courses/late');

    // Not started: the lesson count (never "0 of 0"), minutes, and Start opens the first lesson.
    expect(text(soon)).toContain('(in 14 days)');
    expect(text(soon)).toContain('About 1 hour 30 minutes');
    expect(text(soon)).toContain('6 lessons');
    expect(text(soon)).not.toContain('0 of');
    const start = soon.querySelector('a')!;
    expect(start.textContent?.replace(/\s+/g, ' ').trim()).toBe('Start: Soon course');
    expect(start.getAttribute('href')).toBe('/learn/courses/soon/lessons/welcome?start=assigned');
    expect(text(going)).toContain('Assigned by Emily Sullivan');

    const done = [...element.querySelectorAll('.task')].at(-1)!;
    expect(text(done)).toContain('Completed Dec 4');
    expect(done.querySelector('a[href="/api/certificates/ce-1/pdf"]')?.textContent).toContain('Download certificate');
  });

  it('says so when nothing is assigned, and still suggests courses', async () => {
    const element = await render([]);
    expect(element.textContent).toContain('Nothing new is assigned to you');
    expect(headings(element, 'h2')).toEqual(['Your assigned work', 'Suggested for you']);
  });

  it('does not suggest a course I already have', async () => {
    const element = await render([assignment({ slug: 'new-course', status: 'in_progress' })]);
    expect(headings(element, 'h2')).toEqual(['Your assigned work']);
  });

  it('suggests a course for equity leads to a lead, never to a recreation leader', async () => {
    const catalog = [catalogCourse({ slug: 'leading', title: 'Leading equity work', audience: 'equity-leads' }), catalogCourse({ slug: 'basics', title: 'Basics', audience: 'all-staff' })];
    const learner = await render([], catalog);
    expect(headings(learner, 'h3')).toEqual(['Basics']);
    TestBed.resetTestingModule();
    const lead = await render([], catalog, sessionUser({ roles: ['learner', 'equity_lead'] }));
    expect(headings(lead, 'h3')).toEqual(['Leading equity work', 'Basics']);
  });
});
