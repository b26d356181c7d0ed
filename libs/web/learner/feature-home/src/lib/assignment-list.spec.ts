import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { assignment } from '@equip/web/learner/data-access/testing';
import { AssignmentList } from './assignment-list';

describe('AssignmentList', () => {
  it("shows a track's progress in courses and links to the track", async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(AssignmentList);
    fixture.componentRef.setInput('assignments', [
      assignment({ kind: 'track', slug: 'all-staff-foundations', title: 'Foundations', status: 'in_progress', progress: { done: 1, total: 3 }, dueOn: '2026-03-31' }),
    ]);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    expect(element.textContent).toContain('1 of 3 courses');
    expect(element.textContent).toContain('In progress');
    expect(element.textContent).toContain('Due March 31, 2026');
    expect(element.querySelector('a')?.getAttribute('href')).toBe('/learn/tracks/all-staff-foundations');
  });

  it('names the prerequisite to finish first instead of Start, and links it', async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(AssignmentList);
    fixture.componentRef.setInput('assignments', [
      assignment({ slug: 'targeted-universalism', title: 'Targeted universalism', missingPrerequisites: [{ slug: 'racial-equity-foundations', title: 'Racial equity foundations' }] }),
    ]);
    await fixture.whenStable();
    const link = (fixture.nativeElement as HTMLElement).querySelector('.task__actions a');
    expect(link?.textContent?.replace(/\s+/g, ' ').trim()).toBe('Finish “Racial equity foundations” first: Targeted universalism');
    expect(link?.getAttribute('href')).toBe('/learn/courses/racial-equity-foundations');
  });
});
