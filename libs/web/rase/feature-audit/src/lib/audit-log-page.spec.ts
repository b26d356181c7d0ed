import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { AuditEventView, Page } from '@equip/shared/contracts';
import { AUDIT_ROUTES } from './audit.routes';

function event(n: number): AuditEventView {
  return {
    id: `e-${n}`,
    at: '2026-03-01T15:04:05Z',
    actor: { id: 's-9', firstName: 'Rae', lastName: 'Admin' },
    action: n % 2 ? 'role.granted' : 'role.revoked',
    subjectType: 'staff',
    subjectId: 's-1',
    before: null,
    after: { role: 'viewer' },
    ip: null,
  };
}

function page(number: number, total: number): Page<AuditEventView> {
  const count = Math.max(0, Math.min(50, total - (number - 1) * 50));
  return { items: Array.from({ length: count }, (_, i) => event(i)), total, page: number, pageSize: 50 };
}

describe('AuditLogPage', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;
  let element: HTMLElement;

  async function open(url: string): Promise<void> {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([{ path: 'audit', children: AUDIT_ROUTES }])],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create(url);
    element = harness.routeNativeElement as HTMLElement;
  }

  const request = (): TestRequest => http.expectOne((r) => r.url === '/api/audit-events');
  const settle = () => harness.fixture.whenStable();
  const exportLink = () => [...element.querySelectorAll('a')].find((a) => a.textContent?.includes('Export CSV'));

  afterEach(() => http.verify());

  it('lists events with labelled filters and an export link for everything', async () => {
    await open('/audit');
    expect(request().request.params.toString()).toBe('page=1&pageSize=50');
    await settle();

    for (const id of ['audit-action', 'audit-subject-type', 'audit-from', 'audit-to']) {
      expect(element.querySelector(`label[for="${id}"]`)).not.toBeNull();
    }
    expect(element.querySelector<HTMLInputElement>('#audit-from')?.type).toBe('date');
    expect(exportLink()?.getAttribute('href')).toBe('/api/audit-events?format=csv');
  });

  it('applies the filters through the address, and the export link carries them', async () => {
    await open('/audit');
    request().flush(page(1, 3));
    await settle();

    const type = (id: string, value: string) => {
      const input = element.querySelector<HTMLInputElement>(`#${id}`)!;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    type('audit-action', 'role.');
    type('audit-from', '2026-03-01');
    [...element.querySelectorAll('button')].find((b) => b.textContent?.includes('Apply filters'))!.click();
    await settle();

    expect(TestBed.inject(Router).url).toBe('/audit?action=role.&from=2026-03-01');
    const filtered = request();
    expect(filtered.request.params.toString()).toBe('action=role.&from=2026-03-01&page=1&pageSize=50');
    filtered.flush(page(1, 3));
    await settle();
    expect(exportLink()?.getAttribute('href')).toBe('/api/audit-events?format=csv&action=role.&from=2026-03-01');
  });

  it('pages through the events', async () => {
    await open('/audit?action=role.');
    request().flush(page(1, 120));
    await settle();
    expect(element.querySelector('caption')?.textContent?.trim()).toBe('Audit events, page 1 of 3');
    expect(element.querySelectorAll('tbody tr')).toHaveLength(50);

    [...element.querySelectorAll('button')].find((b) => b.textContent?.trim().startsWith('Next'))!.click();
    await settle();
    expect(TestBed.inject(Router).url).toBe('/audit?action=role.&page=2');
    const next = request();
    expect(next.request.params.toString()).toBe('action=role.&page=2&pageSize=50');
    next.flush(page(2, 120));
  });

  it("shows the api's message for a filter it refuses", async () => {
    await open('/audit?from=yesterday');
    request().flush(
      { title: 'Bad Request', status: 400, errors: [{ field: 'from', message: 'from must be a date such as 2026-11-01' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('from must be a date such as 2026-11-01');
  });
});
