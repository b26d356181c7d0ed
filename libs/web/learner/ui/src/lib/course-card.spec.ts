import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { CatalogCourse } from '@equip/shared/contracts';
import { CourseCard } from './course-card';

const course: CatalogCourse = {
  slug: 'racial-equity-foundations',
  title: 'Racial equity foundations',
  summary: 'Shared language for equity work.',
  audience: 'all-staff',
  estimatedMinutes: 31,
  competencies: [{ competency: 'racial-equity-foundations', level: 'Aware', competencyName: 'Racial equity foundations' }],
  tags: [],
  prerequisites: [],
  lessonCount: 6,
};

describe('CourseCard', () => {
  it('heads the card with the course title linking to the course page, at the level asked for', async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(CourseCard);
    fixture.componentRef.setInput('course', course);
    fixture.componentRef.setInput('headingLevel', 3);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    const heading = element.querySelector('h3');
    expect(heading?.querySelector('a')?.getAttribute('href')).toBe('/learn/courses/racial-equity-foundations');
    expect(element.textContent).toContain('31 minutes');
    expect(element.textContent).toContain('For all staff');
    expect(element.textContent).toContain('Earns Racial equity foundations: Aware');
  });
});
