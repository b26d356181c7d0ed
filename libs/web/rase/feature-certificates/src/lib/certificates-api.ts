import { Injectable, inject } from '@angular/core';
import type { CertificateAdminRow, Page, RevokeCertificateRequest } from '@equip/shared/contracts';
import { ApiClient } from '@equip/web/shared/data-access';
import type { Observable } from 'rxjs';

export const CERTIFICATES_PATH = '/api/certificates';
export const CERTIFICATES_PAGE_SIZE = 25;

/** Every certificate city-wide, and revocation: RASE administrators only. */
@Injectable({ providedIn: 'root' })
export class CertificatesApi {
  private readonly api = inject(ApiClient);

  /** Newest first; `search` matches a serial, a person's name or email, or a course or track title. */
  list(search: string, page: number, pageSize = CERTIFICATES_PAGE_SIZE): Observable<Page<CertificateAdminRow>> {
    return this.api.get<Page<CertificateAdminRow>>(CERTIFICATES_PATH, { search: search.trim() || undefined, page, pageSize });
  }

  revoke(id: string, reason: string): Observable<CertificateAdminRow> {
    const body: RevokeCertificateRequest = { reason };
    return this.api.post<CertificateAdminRow>(`${CERTIFICATES_PATH}/${encodeURIComponent(id)}/revoke`, body);
  }
}
