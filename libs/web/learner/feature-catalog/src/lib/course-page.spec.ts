import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { CourseDetail } from '@equip/shared/contracts';
import { courseDetail, enrollment } from '@equip/web/learner/data-access/testing';
import { CoursePage } from './course-page';

@Component({ template: 'player' })
class Player {}

describe('CoursePage', () => {
  let http: HttpTestingController;

  async function render(detail: CourseDetail): Promise<{ element: HTMLElement; harness: RouterTestingHarness }> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'learn/courses/:slug/lessons/:lesson', component: Player },
          { path: 'learn/courses/:slug', component: CoursePage },
        ]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const harness = await RouterTestingHarness.create();
    const navigation = harness.navigateByUrl('/learn/courses/racial-equity-foundations');
    await new Promise((resolve) => setTimeout(resolve));
    http.expectOne('/api/catalog/courses/racial-equity-foundations').flush(detail);
    await navigation;
    harness.detectChanges();
    await harness.fixture.whenStable();
    return { element: harness.routeNativeElement!, harness };
  }

  it('shows the summary, lessons and competencies, and enrols into the first lesson', async () => {
    const { element, harness } = await render(courseDetail());
    expect(element.querySelector('h1')?.textContent?.trim()).toBe('Racial equity foundations');
    expect(element.textContent).toContain('About 31 minutes');
    expect([...element.querySelectorAll('ol li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Why local government acts — Reading, 5 min',
      'Check your understanding — Knowledge check, 6 min',
      'Reflect — Reflection, 3 min',
    ]);
    expect(element.textContent).toContain('Racial equity foundations: Aware');

    const button = [...element.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Enroll')!;
    button.click();
    http.expectOne('/api/learning/courses/racial-equity-foundations/enrol').flush(enrollment());
    await harness.fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    expect(TestBed.inject(Router).url).toBe('/learn/courses/racial-equity-foundations/lessons/why');
  });

  it('names the prerequisites still to complete instead of offering to enrol', async () => {
    const { element } = await render(courseDetail({ missingPrerequisites: [{ slug: 'our-citys-commitment', title: "Our city's commitment" }] }));
    expect(element.textContent).toContain('Complete these courses first');
    expect(element.querySelector('a[href="/learn/courses/our-citys-commitment"]')).not.toBeNull();
    expect([...element.querySelectorAll('button')].some((b) => b.textContent?.trim() === 'Enroll')).toBe(false);
  });

  it('shows the api problem when enrolment is refused', async () => {
    const { element, harness } = await render(courseDetail());
    [...element.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Enroll')!.click();
    http
      .expectOne('/api/learning/courses/racial-equity-foundations/enrol')
      .flush({ title: 'Conflict', status: 409, detail: "Complete Our city's commitment first." }, { status: 409, statusText: 'Conflict' });
    await harness.fixture.whenStable();
    expect(element.querySelector('[role="alert"]')?.textContent).toContain("Complete Our city's commitment first.");
  });

  it('offers Resume at the lesson the api says, with my state in each lesson', async () => {
    const { element } = await render(courseDetail({ enrollment: enrollment({ resumeLesson: 'check' }) }));
    const resume = [...element.querySelectorAll('a')].find((a) => a.textContent?.trim() === 'Resume');
    expect(resume?.getAttribute('href')).toBe('/learn/courses/racial-equity-foundations/lessons/check');
    expect(element.querySelector('ol li')?.textContent).toContain('Available');
  });
});
