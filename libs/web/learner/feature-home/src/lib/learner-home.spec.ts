import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { MyAssignment, SessionUser } from '@equip/shared/contracts';
import { assignment, catalogCourse } from '@equip/web/learner/data-access/testing';
import { SessionStore } from '@equip/web/shared/data-access';
import { sessionUser } from '@equip/web/shared/data-access/testing';
import { LearnerHome } from './learner-home';

describe('LearnerHome', () => {
  const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

  async function render(assignments: MyAssignment[], catalog = [catalogCourse({ slug: 'new-course', title: 'A new course' })]): Promise<HTMLElement> {
    const user = signal<SessionUser | null>(sessionUser());
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

  it('greets the learner and lists overdue, due soon, in progress, then suggestions and completed', async () => {
    const element = await render([
      assignment({ id: '1', slug: 'late', title: 'Late course', status: 'overdue', dueOn: inDays(-3), progress: { done: 3, total: 6 }, enrollmentId: 'e-1' }),
      assignment({ id: '2', slug: 'soon', title: 'Soon course', status: 'not_started', dueOn: inDays(5) }),
      assignment({ id: '3', slug: 'going', title: 'Going course', status: 'in_progress', enrollmentId: 'e-3' }),
      assignment({ id: '4', slug: 'done', title: 'Done course', status: 'completed', progress: { done: 6, total: 6 } }),
    ]);

    expect(element.querySelector('h1')?.textContent?.trim()).toBe('My learning');
    expect(element.textContent).toContain('Welcome, Ana.');
    expect(headings(element, 'h2')).toEqual(['Overdue', 'Due soon (within 14 days)', 'In progress', 'Suggestions', 'Completed']);
    expect(headings(element, 'h3')).toEqual(['Late course', 'Soon course', 'Going course', 'A new course', 'Done course']);

    const late = element.querySelector('li')!;
    expect(late.textContent).toContain('Overdue');
    expect(late.textContent).toContain('3 of 6 lessons');
    expect(late.textContent).toMatch(/Due [A-Z][a-z]+ \d{1,2}, \d{4}/);
    const resume = late.querySelector('a')!;
    expect(resume.textContent?.replace(/\s+/g, ' ').trim()).toBe('Resume: Late course');
    expect(resume.getAttribute('href')).toBe('/learn/courses/late');
  });

  it('says so when nothing is assigned, and still suggests courses', async () => {
    const element = await render([]);
    expect(element.textContent).toContain('Nothing new is assigned to you');
    expect(headings(element, 'h2')).toEqual(['Suggestions']);
  });

  it('does not suggest a course I already have', async () => {
    const element = await render([assignment({ slug: 'new-course', status: 'in_progress' })]);
    expect(headings(element, 'h2')).toEqual(['In progress']);
  });
});
