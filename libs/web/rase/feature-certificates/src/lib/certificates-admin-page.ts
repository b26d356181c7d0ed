import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { CertificateAdminRow } from '@equip/shared/contracts';
import { ApiError, latestRequest } from '@equip/web/shared/data-access';
import { ErrorSummary, ErrorSummaryItem, PageHeader, Pagination } from '@equip/web/shared/ui';
import { firstValueFrom } from 'rxjs';
import { CertificatesApi } from './certificates-api';
import { askRevokeReason } from './revoke-certificate-dialog';

/**
 * Certificates, for RASE administrators: search by serial, person or title, page through them
 * newest first, download any PDF, and revoke one with a reason (audited). The search lives in the
 * address bar. After a revocation, focus moves to the message that confirms it, because the
 * button that opened the dialog is gone.
 */
@Component({
  selector: 'equip-certificates-admin-page',
  imports: [ReactiveFormsModule, RouterLink, DatePipe, MatFormField, MatLabel, MatHint, MatInput, MatButton, PageHeader, ErrorSummary, Pagination],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header heading="Certificates">
      <p>Every certificate the city has issued, newest first. A revoked certificate shows as revoked on its public verification page.</p>
    </equip-page-header>

    <form [formGroup]="form" (ngSubmit)="apply()" role="search" aria-label="Certificates">
      <div class="equip-filters">
        <mat-form-field appearance="outline">
          <mat-label>Search</mat-label>
          <input matInput id="certificate-search" formControlName="search" autocomplete="off" spellcheck="false" />
          <mat-hint>Serial number, person or title</mat-hint>
        </mat-form-field>
      </div>
      <div class="equip-actions">
        <button matButton="filled" type="submit">Search</button>
        <button matButton="outlined" type="button" (click)="clear()">Clear search</button>
      </div>
    </form>

    @if (errors().length) {
      <equip-error-summary [items]="errors()" />
    }

    <p class="equip-status" role="status" tabindex="-1" #noticeRef>{{ notice() || status() }}</p>

    @if (certificates.value(); as page) {
      @if (page.items.length) {
        <div class="equip-table-scroll">
          <table class="equip-table" [attr.aria-busy]="certificates.loading()">
            <caption>{{ caption() }}</caption>
            <thead>
              <tr>
                <th scope="col">Serial</th>
                <th scope="col">Person</th>
                <th scope="col">Course or track</th>
                <th scope="col">Issued</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              @for (certificate of page.items; track certificate.id) {
                <tr>
                  <th scope="row"><code>{{ certificate.serial }}</code></th>
                  <td><a [routerLink]="['/rase/people', certificate.person.id]">{{ certificate.person.name }}</a></td>
                  <td>{{ certificate.title }} <span class="certificate-kind">({{ certificate.kind }})</span></td>
                  <td><time [attr.datetime]="certificate.issuedAt">{{ certificate.issuedAt | date: 'mediumDate' : cityOffset(certificate.issuedAt) }}</time></td>
                  <td>
                    @if (certificate.status === 'revoked') {
                      <strong>Revoked</strong>
                      @if (certificate.revokedReason) {
                        <br /><span class="certificate-reason"><span class="equip-visually-hidden"> Reason:</span> {{ certificate.revokedReason }}</span>
                      }
                    } @else {
                      Valid
                    }
                  </td>
                  <td>
                    <div class="certificate-actions">
                      <a [href]="certificate.downloadUrl" download>PDF<span class="equip-visually-hidden"> of {{ certificate.serial }}</span></a>
                      @if (certificate.status === 'valid') {
                        <button matButton="outlined" type="button" (click)="revoke(certificate)">
                          Revoke<span class="equip-visually-hidden"> {{ certificate.serial }}</span>
                        </button>
                      }
                    </div>
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <equip-pagination label="Pages of certificates" [page]="page.page" [pageSize]="page.pageSize" [total]="page.total" (pageChange)="goToPage($event)" />
      }
    }
  `,
  styles: `
    .certificate-kind,
    .certificate-reason {
      color: var(--mat-sys-on-surface-variant);
      overflow-wrap: anywhere;
    }
    .certificate-actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
      align-items: center;
    }
  `,
})
export class CertificatesAdminPage {
  private readonly api = inject(CertificatesApi);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly noticeElement = viewChild.required<ElementRef<HTMLElement>>('noticeRef');

  protected readonly certificates = latestRequest(({ search, page }: { search: string; page: number }) => this.api.list(search, page));
  protected readonly form = inject(NonNullableFormBuilder).group({ search: '' });
  private readonly applied = signal('');
  private readonly revokeError = signal<ApiError | undefined>(undefined);
  protected readonly notice = signal('');

  protected readonly errors = computed<ErrorSummaryItem[]>(() => {
    const error = this.revokeError() ?? this.certificates.error();
    if (!error) return [];
    return error.problem.errors?.length ? error.problem.errors : [{ message: error.problem.detail ?? error.problem.title }];
  });
  protected readonly caption = computed(() => {
    const page = this.certificates.value();
    const pages = page ? Math.max(1, Math.ceil(page.total / page.pageSize)) : 1;
    return `Certificates${this.applied() ? ` matching “${this.applied()}”` : ''}, page ${page?.page ?? 1} of ${pages}`;
  });
  protected readonly status = computed(() => {
    if (this.certificates.loading()) return 'Loading certificates…';
    const page = this.certificates.value();
    if (!page) return '';
    if (page.total === 0) return this.applied() ? 'No certificates match this search.' : 'No certificates have been issued yet.';
    const first = (page.page - 1) * page.pageSize + 1;
    return `${page.total} ${page.total === 1 ? 'certificate' : 'certificates'} found. Showing ${first} to ${first + page.items.length - 1}.`;
  });

  constructor() {
    this.route.queryParamMap.pipe(takeUntilDestroyed()).subscribe((params) => {
      const search = params.get('search') ?? '';
      const page = Number(params.get('page'));
      this.applied.set(search);
      this.form.setValue({ search });
      this.notice.set('');
      this.certificates.load({ search, page: Number.isInteger(page) && page > 1 ? page : 1 });
    });
  }

  /** The city's offset on that day, so dates read as the city means them. */
  protected cityOffset(iso: string): string {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', timeZoneName: 'longOffset' })
      .formatToParts(new Date(iso))
      .find((p) => p.type === 'timeZoneName')?.value;
    return part === 'GMT' || !part ? '+0000' : part.replace('GMT', '').replace(':', '');
  }

  protected apply(): void {
    this.navigate(this.form.getRawValue().search, 1);
  }

  protected clear(): void {
    this.navigate('', 1);
  }

  protected goToPage(page: number): void {
    this.navigate(this.applied(), page);
  }

  protected async revoke(certificate: CertificateAdminRow): Promise<void> {
    const reason = await askRevokeReason(this.dialog, { serial: certificate.serial, personName: certificate.person.name, title: certificate.title });
    if (reason === undefined) return;
    this.revokeError.set(undefined);
    try {
      await firstValueFrom(this.api.revoke(certificate.id, reason));
      this.notice.set(`Certificate ${certificate.serial} is revoked.`);
      this.certificates.reload();
    } catch (error) {
      this.revokeError.set(error as ApiError);
      this.notice.set(`Certificate ${certificate.serial} was not revoked.`);
    }
    this.noticeElement().nativeElement.focus();
  }

  private navigate(search: string, page: number): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { search: search.trim() || null, page: page > 1 ? page : null } });
  }
}
