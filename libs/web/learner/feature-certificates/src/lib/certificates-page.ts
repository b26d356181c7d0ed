import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { certificateVerifyPath } from '@equip/shared/contracts';
import { CertificatesStore, formatCityDate } from '@equip/web/learner/data-access';
import { ErrorSummary, PageHeader } from '@equip/web/shared/ui';

/**
 * "My certificates": every certificate issued to me, with its download link and its public
 * verification link (the address printed on the PDF and in its QR code), to share with anyone who
 * asks for proof.
 */
@Component({
  selector: 'equip-certificates-page',
  imports: [PageHeader, ErrorSummary],
  providers: [CertificatesStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header heading="My certificates" />

    @if (certificates.error(); as error) {
      <equip-error-summary [items]="[{ message: error.problem.detail ?? error.problem.title }]" />
    } @else if (certificates.value(); as list) {
      @if (list.length) {
        <ul class="certificates">
          @for (certificate of list; track certificate.id) {
            <li class="certificates__item">
              <h2>{{ certificate.title }}</h2>
              <p>
                {{ certificate.kind === 'course' ? 'Course' : 'Track' }} certificate, issued {{ cityDate(certificate.issuedAt) }}.
                Serial {{ certificate.serial }}, verification code <span class="equip-code">{{ certificate.verificationCode }}</span>.
              </p>
              <ul class="certificates__links">
                <li>
                  <a [href]="certificate.downloadUrl" download
                    >Download<span class="equip-visually-hidden"> the certificate for {{ certificate.title }}</span> (PDF)</a
                  >
                </li>
                <li>
                  Verification page<span class="equip-visually-hidden"> for {{ certificate.title }}</span>, to share:
                  <a [href]="verifyPath(certificate.verificationCode)">{{ origin }}{{ verifyPath(certificate.verificationCode) }}</a>
                </li>
              </ul>
            </li>
          }
        </ul>
      } @else {
        <p>
          You have no certificates yet. A certificate arrives here a few moments after you complete a course or a track.
        </p>
      }
    } @else {
      <p role="status">Loading your certificates…</p>
    }
  `,
  styles: `
    .certificates {
      margin: 0;
      padding: 0;
      list-style: none;
      max-width: 65ch;
    }
    .certificates__item {
      border-block-end: 1px solid var(--mat-sys-outline-variant);
      padding-block: 0.75rem;
      overflow-wrap: anywhere;
    }
    .certificates__links {
      margin: 0;
      padding-inline-start: 1.25rem;
      display: grid;
      gap: 0.5rem;
    }
    .certificates__item h2 {
      font: var(--mat-sys-title-large);
      margin: 0 0 0.25rem;
    }
  `,
})
export class CertificatesPage {
  private readonly store = inject(CertificatesStore);
  protected readonly certificates = this.store.certificates;
  protected readonly cityDate = formatCityDate;
  protected readonly verifyPath = certificateVerifyPath;
  protected readonly origin = inject(DOCUMENT).location.origin;

  constructor() {
    this.store.load();
  }
}
