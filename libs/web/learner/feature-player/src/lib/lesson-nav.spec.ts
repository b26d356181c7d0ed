import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { enrollment } from '@equip/web/learner/data-access/testing';
import { LessonNav } from './lesson-nav';

describe('LessonNav', () => {
  it('marks the current lesson, says each state in words, and does not link locked lessons', async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(LessonNav);
    const lessons = enrollment().lessons;
    fixture.componentRef.setInput('enrollment', enrollment({ lessons: [{ ...lessons[0], state: 'done' }, { ...lessons[1], state: 'available' }, lessons[2]] }));
    fixture.componentRef.setInput('currentLesson', 'check');
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;

    expect(element.querySelector('nav')?.getAttribute('aria-label')).toBe('Lessons in Racial equity foundations');
    expect(element.textContent).toContain('1 of 3 lessons done');
    const items = [...element.querySelectorAll('li')];
    expect(items.map((li) => li.querySelector('.lesson-nav__state')?.textContent?.trim())).toEqual(['Done', 'Available', 'Locked']);
    expect(items[1].querySelector('a')?.getAttribute('aria-current')).toBe('page');
    expect(items[0].querySelector('a')?.getAttribute('aria-current')).toBeNull();
    expect(items[0].querySelector('a')?.getAttribute('href')).toBe('/learn/courses/racial-equity-foundations/lessons/why');
    expect(items[2].querySelector('a')).toBeNull();
  });
});
