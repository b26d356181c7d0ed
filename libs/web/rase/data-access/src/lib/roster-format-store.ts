import { Injectable, inject, signal } from '@angular/core';
import type { RosterFileFormat, RosterFileFormatView } from '@equip/shared/contracts';
import { ApiClient, ApiError, latestRequest, toProblem } from '@equip/web/shared/data-access';
import { Observable } from 'rxjs';

export const ROSTER_FORMAT_PATH = '/api/roster/format';

/** Reads and saves the city's roster file format. */
@Injectable({ providedIn: 'root' })
export class RosterFormatApi {
  private readonly api = inject(ApiClient);

  get(): Observable<RosterFileFormatView> {
    return this.api.get<RosterFileFormatView>(ROSTER_FORMAT_PATH);
  }

  save(format: RosterFileFormat): Observable<RosterFileFormatView> {
    return this.api.put<RosterFileFormatView>(ROSTER_FORMAT_PATH, format);
  }
}

/** The roster file format page's state: the saved format, and a save in progress or refused. Provide it on the page. */
@Injectable()
export class RosterFormatStore {
  private readonly api = inject(RosterFormatApi);

  readonly format = latestRequest((_: void) => this.api.get());
  readonly saving = signal(false);
  readonly saveError = signal<ApiError | undefined>(undefined);
  /** The format as last saved in this visit; undefined until a save succeeds. */
  readonly saved = signal<RosterFileFormatView | undefined>(undefined);

  load(): void {
    this.format.load();
  }

  save(format: RosterFileFormat): void {
    this.saving.set(true);
    this.saveError.set(undefined);
    this.api.save(format).subscribe({
      next: (view) => {
        this.saving.set(false);
        this.saved.set(view);
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.saveError.set(error instanceof ApiError ? error : new ApiError(toProblem(error)));
      },
    });
  }
}
