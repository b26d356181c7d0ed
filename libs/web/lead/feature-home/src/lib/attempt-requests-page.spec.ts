import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { MoreAttemptsRequestRow } from '@equip/shared/contracts';
import { AttemptRequestsPage } from './attempt-requests-page';

const REQUESTS = '/api/knowledge-check-requests';

const row = (): MoreAttemptsRequestRow => ({
  staff: { id: 's-1', firstName: 'Heather', lastName: 'Wright' },
  course: { slug: 'racial-equity-foundations', title: 'Racial equity foundations' },
  lesson: { slug: 'check', title: 'Check your understanding' },
  attemptsUsed: 3,
  attemptsAllowed: 3,
  requestedAt: '2026-12-04T15:30:00Z',
});

describe('AttemptRequestsPage', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  async function open(): Promise<HTMLElement> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'lead/attempt-requests', component: AttemptRequestsPage, data: { peopleBase: '/lead/people' } }]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create('/lead/attempt-requests');
    return harness.routeNativeElement!;
  }

  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    harness.detectChanges();
    await harness.fixture.whenStable();
  }

  afterEach(() => http.verify());

  it('says it is loading, then that nobody is waiting', async () => {
    const element = await open();
    expect(element.querySelector('[role="status"]')?.textContent).toContain('Loading requests…');
    http.expectOne(REQUESTS).flush([]);
    await settle();
    expect(element.querySelector('[role="status"]')?.textContent).toContain('Nobody is waiting for another attempt.');
    expect(element.querySelector('table')).toBeNull();
  });

  it('lists each request with the person linked, and gives one more attempt', async () => {
    const element = await open();
    http.expectOne(REQUESTS).flush([row()]);
    await settle();
    const link = element.querySelector('tbody th a') as HTMLAnchorElement;
    expect(link.textContent?.trim()).toBe('Wright, Heather');
    expect(link.getAttribute('href')).toBe('/lead/people/s-1');
    expect(element.querySelector('tbody')?.textContent).toContain('Racial equity foundations: Check your understanding');
    expect(element.querySelector('tbody')?.textContent).toContain('3 of 3');
    expect(element.querySelector('tbody')?.textContent).toContain('Dec 4, 2026, 10:30 AM');
    const button = element.querySelector('tbody button') as HTMLButtonElement;
    expect(button.textContent?.replace(/\s+/g, ' ').trim()).toBe('Give one more attempt to Heather Wright at Check your understanding');
    button.click();
    const grant = http.expectOne('/api/knowledge-check-grants');
    expect(grant.request.body).toEqual({ staffId: 's-1', courseSlug: 'racial-equity-foundations', lessonSlug: 'check', extraAttempts: 1 });
    grant.flush({ attemptsAllowed: 4, attemptsUsed: 3 });
    await settle();
    http.expectOne(REQUESTS).flush([]);
    await settle();
    expect(element.querySelector('[role="status"]')?.textContent).toContain('Heather Wright can try “Check your understanding” again: 1 attempt left.');
  });

  it('says why no attempt was given', async () => {
    const element = await open();
    http.expectOne(REQUESTS).flush([row()]);
    await settle();
    (element.querySelector('tbody button') as HTMLButtonElement).click();
    http.expectOne('/api/knowledge-check-grants').flush(
      { type: 'about:blank', title: 'Conflict', status: 409, detail: 'Heather Wright has already passed this knowledge check' },
      { status: 409, statusText: 'Conflict', headers: { 'content-type': 'application/problem+json' } },
    );
    await settle();
    expect(element.textContent).toContain('No attempt was given');
    expect(element.textContent).toContain('Heather Wright has already passed this knowledge check');
  });
});
