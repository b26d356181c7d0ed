import { Injectable, computed, inject, signal } from '@angular/core';
import type { RosterImportMode, RosterImportResult } from '@equip/shared/contracts';
import { ApiError, toProblem } from '@equip/web/shared/data-access';
import { firstValueFrom } from 'rxjs';
import { RosterApi, problemCount } from './roster-api';

/**
 * `idle`: no file checked. `checking`/`importing`: a request is on its way. `checked`: the dry run's
 * answer is shown (problems, or what would change). `imported`: the import ran and its answer is shown.
 */
export type RosterImportPhase = 'idle' | 'checking' | 'checked' | 'importing' | 'imported';

/**
 * The roster import, in two steps: check the file (a dry run that writes nothing), then, only
 * when it has no problems, import that same file. Provide it on the page.
 */
@Injectable()
export class RosterImportStore {
  private readonly api = inject(RosterApi);

  private readonly _phase = signal<RosterImportPhase>('idle');
  private readonly _result = signal<RosterImportResult | null>(null);
  private readonly _error = signal<ApiError | null>(null);
  private readonly _fileName = signal<string | null>(null);
  private readonly _mode = signal<RosterImportMode>('full');
  private file: File | null = null;

  readonly phase = this._phase.asReadonly();
  readonly result = this._result.asReadonly();
  readonly error = this._error.asReadonly();
  readonly fileName = this._fileName.asReadonly();
  /** What the file holds: the full roster (the missing are deactivated), or changes only. */
  readonly mode = this._mode.asReadonly();
  /** The checked file deactivates more people than an import may without the number typed back. */
  readonly needsConfirmation = computed(() => this._result()?.confirmation?.required === true);
  readonly busy = computed(() => this._phase() === 'checking' || this._phase() === 'importing');
  readonly problemCount = computed(() => {
    const result = this._result();
    return result ? problemCount(result) : 0;
  });
  /** People the import adds, changes, deactivates or reactivates. */
  readonly changeCount = computed(() => {
    const r = this._result();
    return r ? r.added.length + r.changed.length + r.deactivated.length + r.reactivated.length : 0;
  });
  /** Only a checked file with no problems and something to change may be imported. */
  readonly canImport = computed(
    () => this._phase() === 'checked' && this._result()?.dryRun === true && this.problemCount() === 0 && this.changeCount() > 0,
  );

  /** Chooses what the next file holds; a file already checked is checked again by the page. */
  setMode(mode: RosterImportMode): void {
    this._mode.set(mode);
  }

  /** Runs the dry run for `file`; resolves when its answer (or failure) is in the store. */
  async check(file: File): Promise<void> {
    if (this.busy()) return;
    this.file = file;
    this._fileName.set(file.name);
    await this.run('checking', 'checked', true);
  }

  /**
   * Imports the file that was checked, in the mode it was checked in. `typed` is the number of
   * people the administrator typed back when the dry run asked for it; the api refuses any number
   * but its own (a 422 shown like the check's problems).
   */
  async confirm(typed?: number): Promise<void> {
    if (!this.canImport() || !this.file) return;
    await this.run('importing', 'imported', false, typed);
  }

  /** Forgets the file and its answer, to check another. */
  reset(): void {
    this.file = null;
    this._fileName.set(null);
    this._result.set(null);
    this._error.set(null);
    this._phase.set('idle');
  }

  private async run(during: RosterImportPhase, after: RosterImportPhase, dryRun: boolean, confirmDeactivate?: number): Promise<void> {
    const file = this.file;
    if (!file) return;
    this._phase.set(during);
    this._error.set(null);
    try {
      const result = await firstValueFrom(this.api.import(file, file.name, dryRun, { mode: this._mode(), confirmDeactivate }));
      this._result.set(result);
      // A file refused at import time (it changed since the check) is shown like a checked one.
      this._phase.set(result.problems.length || problemCount(result) ? 'checked' : after);
    } catch (error) {
      this._error.set(error instanceof ApiError ? error : new ApiError(toProblem(error)));
      // A failed import leaves the checked preview (and its button) in place to try again.
      this._phase.set(dryRun ? 'idle' : 'checked');
      if (dryRun) this._result.set(null);
    }
  }
}
