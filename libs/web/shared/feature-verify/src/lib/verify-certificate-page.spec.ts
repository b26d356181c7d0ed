import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap } from '@angular/router';
import type { CertificateVerification } from '@equip/shared/contracts';
import { of } from 'rxjs';
import { VerifyCertificatePage } from './verify-certificate-page';

const CODE = 'Zm9vYmFyYmF6cXV4cXV1eDEy';

describe('VerifyCertificatePage', () => {
  async function render(answer: { body: CertificateVerification } | { status: number }): Promise<HTMLElement> {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: ActivatedRoute, useValue: { paramMap: of(convertToParamMap({ code: CODE })) } }],
    });
    const fixture = TestBed.createComponent(VerifyCertificatePage);
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toContain('Checking the certificate…');
    const request = TestBed.inject(HttpTestingController).expectOne(`/api/certificates/verify/${CODE}`);
    if ('body' in answer) request.flush(answer.body);
    else request.flush({ title: 'Not Found', status: answer.status }, { status: answer.status, statusText: 'x', headers: { 'content-type': 'application/problem+json' } });
    await fixture.whenStable();
    return fixture.nativeElement;
  }

  const text = (element: Element | null) => element?.textContent?.replace(/\s+/g, ' ').trim();

  it('says in words that a certificate is valid, with its name, title and date', async () => {
    const element = await render({ body: { name: 'Ada Lovelace', title: 'Racial equity foundations', issuedAt: '2026-03-02T03:30:00Z', status: 'valid' } });
    expect(text(element.querySelector('h1'))).toBe('Certificate verification');
    expect(text(element.querySelector('h2'))).toBe('✓ Valid: this certificate was issued by the city and has not been revoked.');
    expect(element.querySelector('h2 [aria-hidden="true"]')?.textContent).toBe('✓ ');
    expect(Array.from(element.querySelectorAll('dt, dd')).map(text)).toEqual([
      'Issued to', 'Ada Lovelace', 'For completing', 'Racial equity foundations', 'Issued on', 'March 1, 2026', 'Status', 'Valid',
    ]);
  });

  it('says when it is revoked', async () => {
    const element = await render({ body: { name: 'Ada Lovelace', title: 'Racial equity foundations', issuedAt: '2026-03-02T15:00:00Z', status: 'revoked' } });
    expect(text(element.querySelector('h2'))).toBe('✗ Revoked: this certificate is no longer valid.');
    expect(element.querySelector('section')?.classList).toContain('verify--revoked');
    expect(text(element.querySelector('dl div:last-child dd'))).toBe('Revoked');
  });

  it('explains an unknown code', async () => {
    const element = await render({ status: 404 });
    expect(text(element.querySelector('h2'))).toBe('No certificate matches this link');
    expect(element.textContent).toContain('Check that the address is complete');
    expect(element.querySelector('dl')).toBeNull();
  });
});
