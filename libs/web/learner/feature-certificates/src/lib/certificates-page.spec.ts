import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { MyCertificate } from '@equip/shared/contracts';
import { CertificatesPage } from './certificates-page';

describe('CertificatesPage', () => {
  async function render(certificates: MyCertificate[]): Promise<HTMLElement> {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const fixture = TestBed.createComponent(CertificatesPage);
    await fixture.whenStable();
    TestBed.inject(HttpTestingController).expectOne('/api/learning/certificates').flush(certificates);
    await fixture.whenStable();
    return fixture.nativeElement;
  }

  it('lists each certificate with a download link named for it', async () => {
    const element = await render([
      {
        id: 'c-1',
        kind: 'course',
        slug: 'racial-equity-foundations',
        title: 'Racial equity foundations',
        serial: 'EQ-2026-000001',
        verificationCode: 'Zm9vYmFyYmF6cXV4cXV1eDEy',
        issuedAt: '2026-03-01T15:00:00Z',
        downloadUrl: '/api/certificates/c-1/pdf',
      },
    ]);
    expect(element.querySelector('h1')?.textContent?.trim()).toBe('My certificates');
    expect(element.querySelector('h2')?.textContent).toBe('Racial equity foundations');
    expect(element.textContent).toContain('issued March 1, 2026');
    const [download, verify] = Array.from(element.querySelectorAll('a'));
    expect(download.getAttribute('href')).toBe('/api/certificates/c-1/pdf');
    expect(download.hasAttribute('download')).toBe(true);
    expect(download.textContent?.replace(/\s+/g, ' ').trim()).toBe('Download the certificate for Racial equity foundations (PDF)');
    expect(verify.getAttribute('href')).toBe('/verify/Zm9vYmFyYmF6cXV4cXV1eDEy');
    expect(verify.textContent).toBe(`${location.origin}/verify/Zm9vYmFyYmF6cXV4cXV1eDEy`);
    expect(verify.parentElement?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      `Verification page for Racial equity foundations, to share: ${location.origin}/verify/Zm9vYmFyYmF6cXV4cXV1eDEy`,
    );
  });

  it('explains that certificates arrive after completing a course', async () => {
    const element = await render([]);
    expect(element.textContent).toContain('A certificate arrives here a few moments after you complete a course or a track.');
  });
});
