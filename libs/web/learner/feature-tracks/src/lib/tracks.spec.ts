import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { MyCompetency, TrackProgress } from '@equip/shared/contracts';
import { TrackPage } from './track-page';
import { TracksPage } from './tracks-page';

const track: TrackProgress = {
  slug: 'all-staff-foundations',
  title: 'Equity foundations for all staff',
  summary: 'The core path.',
  audience: 'all-staff',
  steps: [
    { course: { slug: 'racial-equity-foundations', title: 'Racial equity foundations' }, optional: false, status: 'completed' },
    { course: { slug: 'our-citys-commitment', title: "Our city's commitment" }, optional: false, status: 'not_enrolled' },
    { course: { slug: 'racial-equity-toolkit', title: 'Racial equity toolkit' }, optional: true, status: 'in_progress' },
  ],
  awards: { competency: 'racial-equity-foundations', level: 'Practicing', competencyName: 'Racial equity foundations' },
  completedAt: null,
};

const competency: MyCompetency = {
  competency: 'racial-equity-foundations',
  name: 'Racial equity foundations',
  level: 'Aware',
  awardedAt: '2026-03-01T15:00:00Z',
  source: { kind: 'course', slug: 'racial-equity-foundations', title: 'Racial equity foundations' },
};

describe('track pages', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'learn/tracks', component: TracksPage },
          { path: 'learn/tracks/:slug', component: TrackPage },
        ]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => http.verify());

  it('lists tracks with required courses completed, and the competencies I hold', async () => {
    await harness.navigateByUrl('/learn/tracks');
    http.expectOne('/api/learning/tracks').flush([track]);
    http.expectOne('/api/learning/competencies').flush([competency]);
    await harness.fixture.whenStable();
    const element = harness.routeNativeElement!;
    expect(element.querySelector('h2 a')?.getAttribute('href')).toBe('/learn/tracks/all-staff-foundations');
    expect(element.textContent).toContain('1 of 2 required courses completed.');
    expect(element.querySelector('tbody th')?.textContent).toBe('Racial equity foundations');
    expect(element.querySelector('tbody td')?.textContent).toBe('Aware');
  });

  it('leaves out the competency of a track that awards none', async () => {
    await harness.navigateByUrl('/learn/tracks/all-staff-foundations');
    http.expectOne('/api/learning/tracks/all-staff-foundations').flush({ ...track, awards: null });
    await harness.fixture.whenStable();
    expect(harness.routeNativeElement!.textContent).not.toContain('Competency earned');
  });

  it('shows the steps with my status in words and the competency the track earns', async () => {
    await harness.navigateByUrl('/learn/tracks/all-staff-foundations');
    http.expectOne('/api/learning/tracks/all-staff-foundations').flush(track);
    await harness.fixture.whenStable();
    const element = harness.routeNativeElement!;
    expect(element.querySelector('h1')?.textContent?.trim()).toBe('Equity foundations for all staff');
    expect([...element.querySelectorAll('ol li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Racial equity foundations — Required, completed',
      "Our city's commitment — Required, not started",
      'Racial equity toolkit — Elective, in progress',
    ]);
    expect(element.textContent).toContain('Racial equity foundations: Practicing');
  });
});
