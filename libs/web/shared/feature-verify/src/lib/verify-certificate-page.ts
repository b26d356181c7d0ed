import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ActivatedRoute } from '@angular/router';
import type { CertificateVerification } from '@equip/shared/contracts';
import { ApiClient, latestRequest } from '@equip/web/shared/data-access';
import { PageHeader } from '@equip/web/shared/ui';

export const VERIFY_API_PATH = '/api/certificates/verify';

/** Dates as the city means them, wherever the reader is. */
const issuedFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', dateStyle: 'long' });

/**
 * The public verification page a certificate's link and QR code open (`/verify/:code`), with no
 * sign-in: whether the certificate is valid or revoked, in words (never colour alone), with the
 * name, title and issue date it was issued with, and nothing else about the person.
 */
@Component({
  selector: 'equip-verify-certificate-page',
  imports: [PageHeader],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header heading="Certificate verification">
      <p>Equip checks this certificate against the city's records each time this page opens.</p>
    </equip-page-header>

    @if (result.loading()) {
      <p role="status">Checking the certificate…</p>
    } @else if (result.value(); as certificate) {
      <section class="verify" [class.verify--revoked]="certificate.status === 'revoked'" aria-labelledby="verify-status">
        @if (certificate.status === 'valid') {
          <h2 id="verify-status" class="verify__status"><span aria-hidden="true">✓ </span>Valid: this certificate was issued by the city and has not been revoked.</h2>
        } @else {
          <h2 id="verify-status" class="verify__status"><span aria-hidden="true">✗ </span>Revoked: this certificate is no longer valid.</h2>
        }
        <dl class="verify__facts">
          <div><dt>Issued to</dt><dd>{{ certificate.name }}</dd></div>
          <div><dt>For completing</dt><dd>{{ certificate.title }}</dd></div>
          <div><dt>Issued on</dt><dd>{{ issuedOn(certificate.issuedAt) }}</dd></div>
          <div><dt>Status</dt><dd>{{ certificate.status === 'valid' ? 'Valid' : 'Revoked' }}</dd></div>
        </dl>
      </section>
    } @else if (result.error(); as error) {
      <section class="verify verify--unknown" aria-labelledby="verify-status">
        <h2 id="verify-status" class="verify__status">{{ error.problem.status === 429 ? 'Too many checks from this connection' : 'No certificate matches this link' }}</h2>
        <p>
          {{
            error.problem.status === 429
              ? 'Wait a minute, then open the link again.'
              : error.problem.status === 404
                ? 'Check that the address is complete, exactly as printed on the certificate or in its QR code.'
                : 'The city’s records could not be reached. Try again in a few minutes.'
          }}
        </p>
      </section>
    }
  `,
  styles: `
    .verify {
      max-width: 65ch;
      border: 2px solid #1b5e20;
      border-inline-start-width: 0.5rem;
      border-radius: 4px;
      padding: 1rem 1.25rem;
    }
    .verify--revoked,
    .verify--unknown {
      border-color: #b3261e;
    }
    .verify__status {
      font: var(--mat-sys-title-large);
      margin: 0 0 1rem;
    }
    .verify__facts {
      margin: 0;
      display: grid;
      gap: 0.75rem;
    }
    .verify__facts dt {
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
    }
    .verify__facts dd {
      margin: 0;
      font: var(--mat-sys-body-large);
      overflow-wrap: anywhere;
    }
  `,
})
export class VerifyCertificatePage {
  private readonly api = inject(ApiClient);

  protected readonly result = latestRequest((code: string) =>
    this.api.get<CertificateVerification>(`${VERIFY_API_PATH}/${encodeURIComponent(code)}`),
  );
  protected readonly issuedOn = (iso: string) => issuedFormat.format(new Date(iso));

  constructor() {
    inject(ActivatedRoute)
      .paramMap.pipe(takeUntilDestroyed())
      .subscribe((params) => this.result.load(params.get('code') ?? ''));
  }
}
