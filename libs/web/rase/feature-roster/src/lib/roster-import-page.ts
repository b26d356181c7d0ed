import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, computed, inject, signal, viewChild } from '@angular/core';
import { MatButton } from '@angular/material/button';
import type { RosterImportMode } from '@equip/shared/contracts';
import { RosterImportStore } from '@equip/web/rase/data-access';
import { ROSTER_RESULT_HEADING_ID, RosterFormat, RosterPreview } from '@equip/web/rase/ui';
import { ErrorSummary, ErrorSummaryItem, PageHeader } from '@equip/web/shared/ui';
import { RosterFeedFiles } from './roster-feed-files';
import { RosterImportHistory } from './roster-import-history';
import { RosterSafetySummary } from './roster-safety-summary';
import { RosterTypedCount, typedCountError } from './roster-typed-count';

/**
 * Imports HR's roster CSV in two steps: "Check file" runs a dry run that writes nothing and shows
 * every problem by line (or what would change, and what deserves a second look: role holders
 * leaving, departments losing their lead); only a file with no problems gets the "Import N
 * changes" button, which sends the same file for real, with the number of people it deactivates
 * typed back when that is more than an import may deactivate unconfirmed. Below, the history of
 * imports, each with its change list and Undo.
 */
@Component({
  selector: 'equip-roster-import-page',
  imports: [MatButton, PageHeader, ErrorSummary, RosterFormat, RosterPreview, RosterSafetySummary, RosterTypedCount, RosterFeedFiles, RosterImportHistory],
  providers: [RosterImportStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header heading="Roster import">
      <p>
        Upload the city's staff roster from HR. Equip checks the whole file first and changes nothing until you confirm.
      </p>
    </equip-page-header>

    <equip-roster-format />

    @if (errors().length) {
      <equip-error-summary [items]="errors()" />
    }

    @if (store.phase() === 'imported') {
      <div class="equip-actions">
        <button matButton="outlined" type="button" (click)="startAgain()">Import another file</button>
      </div>
    } @else {
      <form class="roster-form" (submit)="check($event)" [attr.aria-busy]="store.busy()">
        <fieldset class="roster-form__mode">
          <legend>What the file holds</legend>
          <div>
            <input type="radio" id="roster-mode-full" name="roster-mode" value="full" [checked]="store.mode() === 'full'" (change)="chooseMode('full')" />
            <label for="roster-mode-full">The full roster: anyone missing from it is deactivated</label>
          </div>
          <div>
            <input
              type="radio"
              id="roster-mode-changes"
              name="roster-mode"
              value="changes-only"
              [checked]="store.mode() === 'changes-only'"
              (change)="chooseMode('changes-only')"
            />
            <label for="roster-mode-changes">Changes only: adds and updates the people listed, and deactivates only those listed as inactive</label>
          </div>
        </fieldset>
        <div class="roster-form__field">
          <label for="roster-file">Roster file (CSV)</label>
          <p id="roster-file-hint" class="equip-hint">A .csv file with the header row described above.</p>
          <input
            #fileInput
            id="roster-file"
            type="file"
            accept=".csv,.txt,text/csv,text/plain"
            aria-describedby="roster-file-hint"
            [attr.aria-invalid]="fileError() ? true : null"
            (change)="fileChosen()"
          />
        </div>
        <div class="equip-actions">
          <button matButton="filled" type="submit" [disabled]="store.busy()" disabledInteractive>Check file</button>
          <p class="equip-status" role="status">{{ progress() }}</p>
        </div>
      </form>
    }

    @if (store.result(); as result) {
      @if (store.phase() === 'checked' && store.problemCount() === 0) {
        <!-- Before the lists of people, so a large deactivation is the first thing read. -->
        <equip-roster-safety-summary [result]="result" />
      }
      <equip-roster-preview [result]="result" [problemCount]="store.problemCount()" [fileName]="store.fileName() ?? 'the file'" />

      @if (store.phase() === 'checked' && store.problemCount() === 0) {
        @if (store.canImport()) {
          @if (store.needsConfirmation()) {
            <equip-roster-typed-count inputId="roster-confirm-count" [count]="result.confirmation!.deactivate" [error]="typedError()" [(typed)]="typed" />
          }
          <div class="equip-actions">
            <button matButton="filled" type="button" [disabled]="store.busy()" disabledInteractive (click)="confirm()">
              Import {{ store.changeCount() }} {{ store.changeCount() === 1 ? 'change' : 'changes' }}
            </button>
            <button matButton="outlined" type="button" (click)="startAgain()">Cancel</button>
          </div>
        } @else {
          <p>Nothing to import: Equip's roster already matches this file.</p>
        }
      }
    }

    <equip-roster-feed-files (applied)="history()?.refresh()" />

    <equip-roster-import-history />
  `,
  styles: `
    .roster-form__mode {
      border: none;
      padding: 0;
      margin: 0 0 1rem;
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
    }
    .roster-form__mode legend {
      font: var(--mat-sys-title-small);
      margin-block-end: 0.25rem;
    }
    .roster-form__mode div {
      display: flex;
      gap: 0.5rem;
      align-items: flex-start;
    }
    .roster-form__mode input {
      margin-block-start: 0.3rem;
      inline-size: 1.25rem;
      block-size: 1.25rem;
      flex: none;
    }
    .roster-form__field {
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
      margin-block-end: 0.5rem;
    }
    .roster-form__field label {
      font: var(--mat-sys-title-small);
    }
    .roster-form__field p {
      margin: 0;
    }
    input[type='file'] {
      font: var(--mat-sys-body-large);
      padding-block: 0.25rem;
    }
  `,
})
export class RosterImportPage {
  protected readonly store = inject(RosterImportStore);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly fileInput = viewChild<ElementRef<HTMLInputElement>>('fileInput');
  protected readonly history = viewChild(RosterImportHistory);

  protected readonly fileError = signal<string | null>(null);
  /** The number the administrator typed to confirm a large deactivation, and what is wrong with it. */
  protected readonly typed = signal('');
  protected readonly typedError = signal<string | null>(null);
  protected readonly errors = computed<ErrorSummaryItem[]>(() => {
    const fileError = this.fileError();
    if (fileError) return [{ message: fileError, target: 'roster-file' }];
    const typedError = this.typedError();
    if (typedError) return [{ message: typedError, target: 'roster-confirm-count' }];
    const problem = this.store.error()?.problem;
    if (!problem) return [];
    const fieldErrors = problem.errors ?? [];
    return fieldErrors.length
      ? fieldErrors.map(({ field, message }) => (field === 'file' ? { message, target: 'roster-file' } : { message }))
      : [{ message: problem.detail ?? problem.title }];
  });
  protected readonly progress = computed(() => {
    switch (this.store.phase()) {
      case 'checking':
        return 'Checking the file…';
      case 'importing':
        return 'Importing…';
      default:
        return '';
    }
  });

  protected fileChosen(): void {
    this.fileError.set(null);
  }

  /** A different mode is a different import: whatever was checked must be checked again. */
  protected chooseMode(mode: RosterImportMode): void {
    this.store.setMode(mode);
    if (this.store.result()) {
      const input = this.fileInput()?.nativeElement;
      this.store.reset();
      this.typed.set('');
      this.typedError.set(null);
      if (input) input.value = '';
    }
  }

  protected async check(event: Event): Promise<void> {
    event.preventDefault();
    if (this.store.busy()) return;
    const file = this.fileInput()?.nativeElement.files?.[0];
    if (!file) {
      this.fileError.set('Choose the roster file to check');
      this.focusAnswer();
      return;
    }
    this.fileError.set(null);
    this.typed.set('');
    this.typedError.set(null);
    await this.store.check(file);
    this.focusAnswer();
  }

  protected async confirm(): Promise<void> {
    const confirmation = this.store.result()?.confirmation;
    let count: number | undefined;
    if (confirmation?.required) {
      const error = typedCountError(this.typed(), confirmation.deactivate);
      this.typedError.set(error);
      if (error) {
        this.focusAnswer();
        return;
      }
      count = confirmation.deactivate;
    }
    await this.store.confirm(count);
    this.focusAnswer();
    // Imported or refused, the attempt is in the history now.
    await this.history()?.refresh();
  }

  protected startAgain(): void {
    this.store.reset();
    this.fileError.set(null);
    this.typed.set('');
    this.typedError.set(null);
    afterNextRender(
      () => {
        const input = this.fileInput()?.nativeElement;
        if (input) {
          input.value = '';
          input.focus();
        }
      },
      { injector: this.injector },
    );
  }

  /**
   * After an answer, focus goes to it: the error summary when something is wrong (problems in the
   * file, or a refused upload), then the warning summary when there is one, otherwise the heading
   * of what will change or what changed.
   */
  private focusAnswer(): void {
    afterNextRender(
      () => {
        const page = this.host.nativeElement;
        const target =
          page.querySelector<HTMLElement>('.equip-error-summary') ??
          page.querySelector<HTMLElement>('#roster-safety-heading') ??
          page.querySelector<HTMLElement>(`#${ROSTER_RESULT_HEADING_ID}`);
        target?.focus();
      },
      { injector: this.injector },
    );
  }
}
