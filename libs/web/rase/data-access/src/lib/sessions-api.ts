import { Injectable, inject } from '@angular/core';
import type { EndSessionsResult } from '@equip/shared/contracts';
import { ApiClient } from '@equip/web/shared/data-access';
import type { Observable } from 'rxjs';

/** Ending a person's sessions (RASE administrators only); the api audits it. */
@Injectable({ providedIn: 'root' })
export class SessionsApi {
  private readonly api = inject(ApiClient);

  /** Signs the person out on every device and spends their one-time links; 404 for nobody. */
  endSessions(staffId: string): Observable<EndSessionsResult> {
    return this.api.post<EndSessionsResult>(`/api/staff/${encodeURIComponent(staffId)}/sessions/end`);
  }
}
