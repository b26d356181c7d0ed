import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { catalogCourse } from '@equip/web/learner/data-access/testing';
import { CatalogPage } from './catalog-page';

describe('CatalogPage', () => {
  it('searches with the filters from the address bar and lists courses as cards with headings', async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([{ path: 'learn/catalog', component: CatalogPage }])],
    });
    const http = TestBed.inject(HttpTestingController);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/learn/catalog?search=racism&audience=managers');
    http.expectOne((r) => r.url === '/api/catalog/courses' && r.params.keys().length === 0).flush([catalogCourse()]);
    const search = http.expectOne((r) => r.url === '/api/catalog/courses' && r.params.get('search') === 'racism');
    expect(search.request.params.get('audience')).toBe('managers');
    search.flush([catalogCourse(), catalogCourse({ slug: 'other', title: 'Other course' })]);
    harness.detectChanges();
    await harness.fixture.whenStable();

    const element = harness.routeNativeElement!;
    expect((element.querySelector('#catalog-search') as HTMLInputElement).value).toBe('racism');
    expect([...element.querySelectorAll('h2')].map((h) => h.textContent?.trim())).toEqual(['Racial equity foundations', 'Other course']);
    expect(element.querySelector('[role="status"]')?.textContent).toContain('2 courses found.');
    expect([...element.querySelectorAll('#catalog-competency option')].map((o) => o.textContent?.trim())).toEqual([
      'Any competency',
      'Racial equity foundations',
    ]);
  });
});
