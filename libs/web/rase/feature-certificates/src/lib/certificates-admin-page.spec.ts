import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { CertificateAdminRow, Page } from '@equip/shared/contracts';
import { firstValueFrom } from 'rxjs';
import { CertificatesAdminPage } from './certificates-admin-page';

const row = (over: Partial<CertificateAdminRow> = {}): CertificateAdminRow => ({
  id: 'c-1',
  serial: 'EQ-2026-000001',
  kind: 'course',
  title: 'Racial equity foundations',
  person: { id: 's-1', name: 'Ada Lovelace' },
  issuedAt: '2026-03-02T03:30:00Z',
  status: 'valid',
  revokedAt: null,
  revokedReason: null,
  downloadUrl: '/api/certificates/c-1/pdf',
  ...over,
});
const page = (items: CertificateAdminRow[]): Page<CertificateAdminRow> => ({ items, total: items.length, page: 1, pageSize: 25 });

describe('CertificatesAdminPage', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  async function open(url = '/certificates'): Promise<HTMLElement> {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([{ path: 'certificates', component: CertificatesAdminPage }])],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create(url);
    return harness.fixture.nativeElement;
  }

  afterEach(() => TestBed.inject(MatDialog).closeAll());

  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve));
    await harness.fixture.whenStable();
  };
  const text = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, ' ').trim();

  it('lists certificates with serial, person, title, city-local date, status and actions', async () => {
    const element = await open();
    http.expectOne('/api/certificates?page=1&pageSize=25').flush(page([row(), row({ id: 'c-2', serial: 'EQ-2026-000002', status: 'revoked', revokedAt: '2026-04-01T00:00:00Z', revokedReason: 'Issued in error' })]));
    await settle();
    expect(text(element.querySelector('caption'))).toBe('Certificates, page 1 of 1');
    const rows = [...element.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('th, td')].map(text));
    expect(rows).toEqual([
      ['EQ-2026-000001', 'Ada Lovelace', 'Racial equity foundations (course)', 'Mar 1, 2026', 'Valid', 'PDF of EQ-2026-000001 Revoke EQ-2026-000001'],
      ['EQ-2026-000002', 'Ada Lovelace', 'Racial equity foundations (course)', 'Mar 1, 2026', 'Revoked Reason: Issued in error', 'PDF of EQ-2026-000002'],
    ]);
    expect(text(element.querySelector('[role="status"]'))).toBe('2 certificates found. Showing 1 to 2.');
  });

  it('searches through the address bar', async () => {
    const element = await open();
    http.expectOne('/api/certificates?page=1&pageSize=25').flush(page([]));
    await settle();
    const input = element.querySelector<HTMLInputElement>('#certificate-search')!;
    input.value = 'lovelace';
    input.dispatchEvent(new Event('input'));
    element.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await settle();
    expect(TestBed.inject(Router).url).toBe('/certificates?search=lovelace');
    http.expectOne('/api/certificates?search=lovelace&page=1&pageSize=25').flush(page([]));
    await settle();
    expect(text(element.querySelector('[role="status"]'))).toBe('No certificates match this search.');
  });

  it('revokes with a reason from a dialog, then confirms it where focus lands', async () => {
    const element = await open();
    http.expectOne('/api/certificates?page=1&pageSize=25').flush(page([row()]));
    await settle();
    element.querySelector<HTMLButtonElement>('td button')!.click();
    await settle();
    const dialog = document.querySelector('mat-dialog-container')!;
    expect(text(dialog.querySelector('h2'))).toBe('Revoke certificate EQ-2026-000001');
    // (Where focus lands in the dialog is checked in Chromium: jsdom runs no dialog animations.)

    // An empty reason stays in the dialog and says what is missing.
    dialog.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await settle();
    expect(text(dialog.querySelector('mat-error'))).toBe('Give a reason for revoking the certificate');
    http.expectNone('/api/certificates/c-1/revoke');

    const reason = dialog.querySelector<HTMLTextAreaElement>('#revoke-reason')!;
    reason.value = '  Issued in error ';
    reason.dispatchEvent(new Event('input'));
    const closed = firstValueFrom(TestBed.inject(MatDialog).openDialogs[0].afterClosed());
    dialog.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    expect(await closed).toBe('Issued in error');
    await settle();
    const revoke = http.expectOne('/api/certificates/c-1/revoke');
    expect(revoke.request.method).toBe('POST');
    expect(revoke.request.body).toEqual({ reason: 'Issued in error' });
    revoke.flush(row({ status: 'revoked', revokedReason: 'Issued in error' }));
    await settle();
    http.expectOne('/api/certificates?page=1&pageSize=25').flush(page([row({ status: 'revoked', revokedReason: 'Issued in error' })]));
    await settle();
    const notice = element.querySelector('[role="status"]');
    expect(text(notice)).toBe('Certificate EQ-2026-000001 is revoked.');
    expect(document.activeElement).toBe(notice);
    expect(element.querySelector('td button')).toBeNull();
  });

  it('closes the dialog on Escape without revoking', async () => {
    const element = await open();
    http.expectOne('/api/certificates?page=1&pageSize=25').flush(page([row()]));
    await settle();
    element.querySelector<HTMLButtonElement>('td button')!.click();
    await settle();
    const escape = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true });
    Object.defineProperty(escape, 'keyCode', { get: () => 27 });
    const closed = firstValueFrom(TestBed.inject(MatDialog).openDialogs[0].afterClosed());
    document.querySelector('mat-dialog-container textarea')!.dispatchEvent(escape);
    expect(await closed).toBeUndefined();
    await settle();
    http.expectNone('/api/certificates/c-1/revoke');
  });
});
