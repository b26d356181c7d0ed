import { Injectable, computed, inject, signal } from '@angular/core';
import type { Page, RosterImportRecord, RosterImportResult } from '@equip/shared/contracts';
import { ApiError, toProblem } from '@equip/web/shared/data-access';
import { firstValueFrom } from 'rxjs';
import { RosterApi } from './roster-api';

/** The undo of one import: previewed first, then confirmed (the number typed back when the preview asks for it). */
export interface RosterUndoState {
  importId: string;
  phase: 'previewing' | 'previewed' | 'undoing' | 'undone';
  result: RosterImportResult | null;
  error: ApiError | null;
}

/**
 * The import history: every real import and undo, newest first, a page at a time, and the undo of
 * one of them. Provide it on the page.
 */
@Injectable()
export class RosterImportsStore {
  private readonly api = inject(RosterApi);

  private readonly _page = signal<Page<RosterImportRecord> | null>(null);
  private readonly _loading = signal(false);
  private readonly _error = signal<ApiError | null>(null);
  private readonly _undo = signal<RosterUndoState | null>(null);

  readonly page = this._page.asReadonly();
  readonly loading = this._loading.asReadonly();
  readonly error = this._error.asReadonly();
  readonly undo = this._undo.asReadonly();
  readonly records = computed(() => this._page()?.items ?? []);
  readonly undoBusy = computed(() => {
    const phase = this._undo()?.phase;
    return phase === 'previewing' || phase === 'undoing';
  });

  /** Loads page `page` (1-based) of the history. */
  async load(page = 1): Promise<void> {
    this._loading.set(true);
    this._error.set(null);
    try {
      this._page.set(await firstValueFrom(this.api.imports(page)));
    } catch (error) {
      this._error.set(asApiError(error));
    } finally {
      this._loading.set(false);
    }
  }

  /** Previews undoing `importId`: what it would change, or why it cannot (a 409 says why). */
  async previewUndo(importId: string): Promise<void> {
    if (this.undoBusy()) return;
    this._undo.set({ importId, phase: 'previewing', result: null, error: null });
    try {
      const result = await firstValueFrom(this.api.undo(importId, true));
      this._undo.set({ importId, phase: 'previewed', result, error: null });
    } catch (error) {
      this._undo.set({ importId, phase: 'previewed', result: null, error: asApiError(error) });
    }
  }

  /** Undoes the import previewed; reloads the history once it is done. */
  async confirmUndo(typed?: number): Promise<void> {
    const undo = this._undo();
    if (!undo || undo.phase !== 'previewed' || !undo.result || undo.result.problems.length > 0) return;
    this._undo.set({ ...undo, phase: 'undoing', error: null });
    try {
      const result = await firstValueFrom(this.api.undo(undo.importId, false, typed));
      const done = result.applied;
      this._undo.set({ importId: undo.importId, phase: done ? 'undone' : 'previewed', result, error: null });
      if (done) await this.load(this._page()?.page ?? 1);
    } catch (error) {
      this._undo.set({ ...undo, phase: 'previewed', error: asApiError(error) });
    }
  }

  /** Closes the undo preview. */
  cancelUndo(): void {
    this._undo.set(null);
  }
}

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(toProblem(error));
}
