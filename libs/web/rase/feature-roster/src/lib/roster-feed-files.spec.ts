import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Page, RosterFeedFile, RosterImportResult } from '@equip/shared/contracts';
import { ROSTER_ROUTES } from './roster.routes';

const held: RosterFeedFile = {
  id: '6f1c2a9e-0000-4000-8000-00000000f001',
  fileName: 'hr-2026-12-04.csv',
  size: 48_213,
  foundAt: '2026-12-04T07:30:00.000Z',
  state: 'held',
  reason: "The nightly roster file hr-2026-12-04.csv would deactivate 312 people; the limit for importing without a person's confirmation is 50.",
  importId: null,
  decidedBy: null,
  decidedAt: null,
  deactivate: 312,
};

const preview: RosterImportResult = {
  dryRun: true,
  applied: false,
  rows: 2400,
  problems: [],
  added: [],
  changed: [],
  deactivated: Array.from({ length: 312 }, (_, i) => ({ employeeId: `E${i}`, name: `Person ${i}` })),
  reactivated: [],
  unchanged: 2088,
  mode: 'full',
  leavingRoleHolders: [],
  departmentsLosingOnlyLead: [],
  confirmation: { required: true, deactivate: 312, threshold: 50, confirmed: false },
};

const pageOf = (items: RosterFeedFile[]): Page<RosterFeedFile> => ({ items, total: items.length, page: 1, pageSize: 20 });

describe('RosterFeedFiles on the import page', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;
  let page: HTMLElement;

  const feedFiles = () => http.expectOne((r) => r.method === 'GET' && r.url === '/api/roster/feed-files');
  const settle = async () => {
    await harness.fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await harness.fixture.whenStable();
  };
  const section = () => page.querySelector<HTMLElement>('.roster-feed')!;
  const button = (label: string) => [...section().querySelectorAll('button')].find((b) => b.textContent!.trim().startsWith(label))!;

  async function open(answer: (req: ReturnType<typeof feedFiles>) => void): Promise<void> {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([{ path: 'roster', children: ROSTER_ROUTES }])],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create('/roster');
    page = harness.routeNativeElement as HTMLElement;
    document.body.appendChild(page);
    http.expectOne((r) => r.method === 'GET' && r.url === '/api/roster/imports').flush({ items: [], total: 0, page: 1, pageSize: 20 });
    answer(feedFiles());
    await settle();
  }

  afterEach(() => {
    http.verify();
    page.remove();
  });

  it('says why the list could not be loaded and tries again', async () => {
    await open((req) => req.flush({ title: 'Service Unavailable', status: 503, detail: 'The database is not answering.' }, { status: 503, statusText: 'Service Unavailable' }));
    expect(section().textContent).toContain('The nightly files could not be loaded');
    expect(section().textContent).toContain('The database is not answering.');
    button('Try again').click();
    feedFiles().flush(pageOf([]));
    await settle();
    expect(section().textContent).toContain('No nightly roster file has arrived');
  });

  it('refuses a wrong typed number before sending it, then applies the held file with the right one', async () => {
    await open((req) => req.flush(pageOf([held])));
    expect(section().querySelector('h2')!.textContent).toBe('Nightly files');
    expect(section().textContent).toContain('Waiting for you');
    expect(section().textContent).toContain(held.reason!);

    button('Apply').click();
    const dry = http.expectOne((r) => r.url === `/api/roster/feed-files/${held.id}/apply`);
    expect(dry.request.params.get('dryRun')).toBe('true');
    dry.flush(preview);
    await settle();
    expect(section().textContent).toContain('this would deactivate 312 people');
    expect(document.activeElement?.id).toBe(`roster-feed-decision-${held.id}`);

    const count = section().querySelector<HTMLInputElement>('#roster-feed-count')!;
    count.value = '300';
    count.dispatchEvent(new Event('input'));
    button('Apply the file').click();
    await settle();
    expect(section().textContent).toContain('Type exactly 312');
    http.expectNone((r) => r.url.endsWith('/apply'));

    count.value = '312';
    count.dispatchEvent(new Event('input'));
    button('Apply the file').click();
    const real = http.expectOne((r) => r.url === `/api/roster/feed-files/${held.id}/apply`);
    expect(real.request.params.get('dryRun')).toBe('false');
    expect(real.request.params.get('confirmDeactivate')).toBe('312');
    real.flush({ ...preview, dryRun: false, applied: true, importId: 'i-1', confirmation: { ...preview.confirmation!, confirmed: true } });
    await settle();
    feedFiles().flush(pageOf([{ ...held, state: 'applied', reason: null, decidedBy: { id: 'a1', name: 'Ana Diaz' }, decidedAt: '2026-12-04T15:00:00.000Z' }]));
    await settle();
    http.expectOne((r) => r.method === 'GET' && r.url === '/api/roster/imports').flush({ items: [], total: 0, page: 1, pageSize: 20 });
    await settle();
    expect(section().textContent).toContain('Imported');
    expect(section().querySelector<HTMLAnchorElement>('a[href="/rase/people/a1"]')?.textContent).toBe('Ana Diaz');
  });

  it('asks before discarding, and keeps the file when told to', async () => {
    await open((req) => req.flush(pageOf([held])));
    button('Discard').click();
    await settle();
    expect(section().textContent).toContain('Nothing in hr-2026-12-04.csv will be imported');
    button('Keep it').click();
    await settle();
    http.expectNone((r) => r.url.endsWith('/discard'));

    button('Discard').click();
    await settle();
    button('Discard the file').click();
    http.expectOne((r) => r.method === 'POST' && r.url === `/api/roster/feed-files/${held.id}/discard`).flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    feedFiles().flush(pageOf([{ ...held, state: 'discarded', decidedBy: { id: 'a1', name: 'Ana Diaz' }, decidedAt: '2026-12-04T15:00:00.000Z' }]));
    await settle();
    expect(section().textContent).toContain('The file was discarded.');
  });
});
