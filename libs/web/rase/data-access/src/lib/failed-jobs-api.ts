import { Injectable, inject } from '@angular/core';
import type { FailedJobsSummary } from '@equip/shared/contracts';
import { ApiClient } from '@equip/web/shared/data-access';
import type { Observable } from 'rxjs';

export const FAILED_JOBS_PATH = '/api/admin/failed-jobs';

/** Where an administrator retries failed jobs: the queue dashboard (bull-board), served by the api. */
export const QUEUES_DASHBOARD_URL = '/api/admin/queues';

/** Failed background jobs in words (RASE administrators). */
@Injectable({ providedIn: 'root' })
export class FailedJobsApi {
  private readonly api = inject(ApiClient);

  summary(): Observable<FailedJobsSummary> {
    return this.api.get<FailedJobsSummary>(FAILED_JOBS_PATH);
  }
}
