import { Injectable, computed, inject, signal } from '@angular/core';
import type { Page, RosterFeedFile, RosterImportResult } from '@equip/shared/contracts';
import { ApiError, toProblem } from '@equip/web/shared/data-access';
import { firstValueFrom } from 'rxjs';
import { RosterApi } from './roster-api';

/** A decision on one held file: applying it (previewed first, then confirmed) or discarding it (asked first). */
export interface RosterFeedDecision {
  fileId: string;
  kind: 'apply' | 'discard';
  phase: 'previewing' | 'previewed' | 'working' | 'done';
  result: RosterImportResult | null;
  error: ApiError | null;
}

/** The nightly feed's files, newest first, a page at a time, and the decision on a held one. Provide it on the page. */
@Injectable()
export class RosterFeedStore {
  private readonly api = inject(RosterApi);

  private readonly _page = signal<Page<RosterFeedFile> | null>(null);
  private readonly _loading = signal(false);
  private readonly _error = signal<ApiError | null>(null);
  private readonly _decision = signal<RosterFeedDecision | null>(null);

  readonly page = this._page.asReadonly();
  readonly loading = this._loading.asReadonly();
  readonly error = this._error.asReadonly();
  readonly decision = this._decision.asReadonly();
  readonly files = computed(() => this._page()?.items ?? []);
  readonly busy = computed(() => {
    const phase = this._decision()?.phase;
    return phase === 'previewing' || phase === 'working';
  });

  async load(page = 1): Promise<void> {
    this._loading.set(true);
    this._error.set(null);
    try {
      this._page.set(await firstValueFrom(this.api.feedFiles(page)));
    } catch (error) {
      this._error.set(asApiError(error));
    } finally {
      this._loading.set(false);
    }
  }

  /** What applying the file would change (the same summary as an upload's check), or why it cannot. */
  async previewApply(fileId: string): Promise<void> {
    if (this.busy()) return;
    this._decision.set({ fileId, kind: 'apply', phase: 'previewing', result: null, error: null });
    try {
      const result = await firstValueFrom(this.api.applyFeedFile(fileId, true));
      this._decision.set({ fileId, kind: 'apply', phase: 'previewed', result, error: null });
    } catch (error) {
      this._decision.set({ fileId, kind: 'apply', phase: 'previewed', result: null, error: asApiError(error) });
    }
  }

  /** Applies the file previewed, with the number typed back when the preview asks for it; reloads the list once done. */
  async confirmApply(typed?: number): Promise<void> {
    const decision = this._decision();
    if (!decision || decision.kind !== 'apply' || decision.phase !== 'previewed' || !decision.result || decision.result.problems.length > 0) return;
    this._decision.set({ ...decision, phase: 'working', error: null });
    try {
      const result = await firstValueFrom(this.api.applyFeedFile(decision.fileId, false, typed));
      this._decision.set({ ...decision, phase: result.applied ? 'done' : 'previewed', result, error: null });
      if (result.applied) await this.load(this._page()?.page ?? 1);
    } catch (error) {
      this._decision.set({ ...decision, phase: 'previewed', error: asApiError(error) });
    }
  }

  /** Asks before discarding. */
  askDiscard(fileId: string): void {
    if (this.busy()) return;
    this._decision.set({ fileId, kind: 'discard', phase: 'previewed', result: null, error: null });
  }

  async confirmDiscard(): Promise<void> {
    const decision = this._decision();
    if (!decision || decision.kind !== 'discard' || decision.phase !== 'previewed') return;
    this._decision.set({ ...decision, phase: 'working', error: null });
    try {
      await firstValueFrom(this.api.discardFeedFile(decision.fileId));
      this._decision.set({ ...decision, phase: 'done' });
      await this.load(this._page()?.page ?? 1);
    } catch (error) {
      this._decision.set({ ...decision, phase: 'previewed', error: asApiError(error) });
    }
  }

  close(): void {
    this._decision.set(null);
  }
}

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(toProblem(error));
}
