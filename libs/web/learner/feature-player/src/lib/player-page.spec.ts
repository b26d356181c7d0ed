import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { LessonContent, MyEnrollment } from '@equip/shared/contracts';
import { courseDetail, enrollment, knowledgeCheckLesson, readingLesson } from '@equip/web/learner/data-access/testing';
import { PlayerPage } from './player-page';

const lessons = '/api/learning/enrollments/e-1/lessons';

describe('PlayerPage', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    harness.detectChanges();
    await harness.fixture.whenStable();
  }

  async function open(lessonSlug: string, lesson: LessonContent, mine: MyEnrollment = enrollment()): Promise<HTMLElement> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'learn/courses/:slug/lessons/:lesson', component: PlayerPage }]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`/learn/courses/racial-equity-foundations/lessons/${lessonSlug}`);
    http.expectOne('/api/catalog/courses/racial-equity-foundations').flush(courseDetail({ enrollment: mine }));
    http.expectOne(`${lessons}/${lessonSlug}`).flush(lesson);
    await settle();
    return harness.routeNativeElement!;
  }

  const button = (element: HTMLElement, text: string) =>
    [...element.querySelectorAll('button')].find((b) => b.textContent?.trim() === text) as HTMLButtonElement | undefined;

  it('shows the lesson under its own h1, the lesson list and "Mark as done and continue"', async () => {
    const element = await open('why', readingLesson());
    expect([...element.querySelectorAll('h1')].map((h) => h.textContent?.trim())).toEqual(['Why local government acts']);
    expect(element.textContent).toContain('Lesson 1 of 3 · Reading · 5 min');
    expect(element.querySelector('nav a[aria-current="page"]')?.textContent?.trim()).toBe('Why local government acts');
    expect(button(element, 'Mark as done and continue')).toBeDefined();
  });

  it('saves the lesson as done and opens the next one, with focus on its h1', async () => {
    const element = await open('why', readingLesson());
    button(element, 'Mark as done and continue')!.click();
    const lessonsAfter = enrollment().lessons.map((l, i) => ({ ...l, state: i === 0 ? ('done' as const) : ('available' as const) }));
    http.expectOne(`${lessons}/why/complete`).flush(enrollment({ lessons: lessonsAfter, resumeLesson: 'check' }));
    await settle();
    expect(TestBed.inject(Router).url).toBe('/learn/courses/racial-equity-foundations/lessons/check');
    http.expectOne(`${lessons}/check`).flush(knowledgeCheckLesson());
    await settle();
    const h1 = harness.routeNativeElement!.querySelector('h1');
    expect(h1?.textContent?.trim()).toBe('Check your understanding');
    expect(document.activeElement).toBe(h1);
    expect(harness.routeNativeElement!.querySelectorAll('fieldset')).toHaveLength(2);
  });

  it('follows a lesson link inside the lesson HTML with the router', async () => {
    const lessonsOpen = enrollment().lessons.map((l) => ({ ...l, state: 'available' as const }));
    const element = await open('why', readingLesson(), enrollment({ lessons: lessonsOpen }));
    const link = element.querySelector('.equip-player__body a') as HTMLAnchorElement;
    const event = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
    link.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    await settle();
    expect(TestBed.inject(Router).url).toBe('/learn/courses/racial-equity-foundations/lessons/check');
    http.expectOne(`${lessons}/check`).flush(knowledgeCheckLesson());
  });

  it('saves a reflection and shows the course complete when it was the last lesson', async () => {
    const reflection: LessonContent = {
      ...readingLesson(),
      slug: 'reflect',
      title: 'Reflect',
      type: 'reflection',
      html: '<p>Think.</p>',
      reflection: { prompt: 'What will you do differently?', text: null, savedAt: null },
    };
    const element = await open('reflect', reflection);
    expect(element.querySelector('label[for="reflection-text"]')?.textContent).toContain('What will you do differently?');
    expect(element.textContent).toContain('Only you can read this.');
    const textarea = element.querySelector('textarea')!;
    textarea.value = 'Ask who is missing.';
    textarea.dispatchEvent(new Event('input'));
    element.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    const request = http.expectOne(`${lessons}/reflect/reflection`);
    expect(request.request.body).toEqual({ text: 'Ask who is missing.' });
    request.flush({ savedAt: '2026-03-01T15:00:00Z', enrollment: enrollment({ completedAt: '2026-03-01T15:00:00Z' }) });
    await settle();
    expect(element.querySelector('#course-complete')?.textContent).toBe('Course complete');
    expect(element.querySelector('a[href="/learn/certificates"]')).not.toBeNull();
    expect(element.querySelector('[role="status"]')?.textContent).toContain('Saved March 1, 2026.');
  });

  it('refuses an empty reflection with the field named, never "Saved", and shows the api’s word when it refuses', async () => {
    const reflection: LessonContent = {
      ...readingLesson(),
      slug: 'reflect',
      title: 'Reflect',
      type: 'reflection',
      html: '<p>Think.</p>',
      reflection: { prompt: 'What will you do differently?', text: null, savedAt: null },
    };
    const element = await open('reflect', reflection);
    const textarea = element.querySelector('textarea')!;
    textarea.value = '   ';
    textarea.dispatchEvent(new Event('input'));
    element.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
    http.expectNone(`${lessons}/reflect/reflection`);
    expect(element.querySelector('#reflection-error')?.textContent).toBe('Write something to complete this lesson');
    expect(textarea.getAttribute('aria-invalid')).toBe('true');
    expect(textarea.getAttribute('aria-describedby')).toBe('reflection-hint reflection-error');
    expect(element.querySelector('[role="status"]')?.textContent?.trim()).toBe('');

    // The api refuses it too (a stale page, another client): its field message is what the page says.
    textarea.value = 'x';
    textarea.dispatchEvent(new Event('input'));
    element.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    http.expectOne(`${lessons}/reflect/reflection`).flush(
      { type: 'about:blank', title: 'Bad request', status: 400, errors: [{ field: 'text', message: 'Write something to complete this lesson' }] },
      { status: 400, statusText: 'Bad Request', headers: { 'content-type': 'application/problem+json' } },
    );
    await settle();
    expect(element.querySelector('#reflection-error')?.textContent).toBe('Write something to complete this lesson');
    expect(element.textContent).not.toContain('Saved');
    expect(element.querySelector('.equip-player__done')).toBeNull();
  });

  it('lets a learner out of attempts ask their lead once, then says when they asked', async () => {
    const base = knowledgeCheckLesson();
    const out: LessonContent = { ...base, knowledgeCheck: { ...base.knowledgeCheck!, attemptsUsed: 3, attemptsAllowed: 3 } };
    const element = await open('check', out);
    expect(element.textContent).toContain('No attempts are left.');
    button(element, 'Ask my lead for another attempt')!.click();
    await settle();
    expect(button(element, 'Asking…')?.disabled).toBe(true);
    const request = http.expectOne(`${lessons}/check/attempt-requests`);
    expect(request.request.method).toBe('POST');
    request.flush({ requestedAt: '2026-03-02T15:00:00Z', alreadyAsked: false, asked: 1 });
    await settle();
    expect(element.textContent).toContain('You asked your equity lead for another attempt on March 2, 2026.');
    expect(button(element, 'Ask my lead for another attempt')).toBeUndefined();
  });

  it('asks to tick the box before affirming, then saves the attestation', async () => {
    const attestation: LessonContent = {
      ...readingLesson(),
      slug: 'commit',
      title: 'Commit',
      type: 'attestation',
      html: '',
      attestation: { statement: 'I will ask who is affected.', affirmedAt: null },
    };
    const element = await open('commit', attestation);
    expect(element.querySelector('label[for="attestation-affirm"]')?.textContent).toBe('I affirm: I will ask who is affected.');
    const form = element.querySelector('form')!;
    form.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('Tick the box');
    (element.querySelector('#attestation-affirm') as HTMLInputElement).click();
    form.dispatchEvent(new Event('submit', { cancelable: true }));
    const request = http.expectOne(`${lessons}/commit/attestation`);
    expect(request.request.body).toEqual({ affirm: true });
    request.flush({ affirmedAt: '2026-03-01T15:00:00Z', enrollment: enrollment({ completedAt: '2026-03-01T15:00:00Z' }) });
    await settle();
    expect(element.textContent).toContain('You affirmed this on March 1, 2026');
    expect(element.querySelector('#course-complete')).not.toBeNull();
  });

  it('plays a video lesson with captions and a transcript, and names the page after the lesson', async () => {
    const video: LessonContent = {
      ...readingLesson(),
      type: 'video',
      video: { url: '/api/catalog/media/c/talk.mp4', captions: '/api/catalog/media/c/talk.vtt', transcriptHtml: '<p>Said aloud.</p>' },
    };
    const element = await open('why', video);
    expect(element.querySelector('video')?.getAttribute('src')).toBe('/api/catalog/media/c/talk.mp4');
    const track = element.querySelector('video track');
    expect([track?.getAttribute('kind'), track?.getAttribute('src')]).toEqual(['captions', '/api/catalog/media/c/talk.vtt']);
    expect(element.querySelector('details summary')?.textContent).toBe('Transcript');
    expect(element.querySelector('details')?.textContent).toContain('Said aloud.');
    expect(TestBed.inject(Title).getTitle()).toBe('Why local government acts – Equip');
  });

  it('explains when the lesson cannot be opened', async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([{ path: 'learn/courses/:slug/lessons/:lesson', component: PlayerPage }])],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/learn/courses/racial-equity-foundations/lessons/why');
    http.expectOne('/api/catalog/courses/racial-equity-foundations').flush(courseDetail());
    await settle();
    const element = harness.routeNativeElement!;
    expect(element.querySelector('h1')?.textContent).toBe('This lesson is not available');
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('not enrolled');
    expect(element.querySelector('a')?.getAttribute('href')).toBe('/learn/courses/racial-equity-foundations');
  });
});
