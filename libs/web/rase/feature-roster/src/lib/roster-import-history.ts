import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { RosterImportRecord } from '@equip/shared/contracts';
import { RosterImportsStore, rosterChangesCsvPath } from '@equip/web/rase/data-access';
import { ErrorSummary, ErrorSummaryItem } from '@equip/web/shared/ui';
import { RosterSafetySummary } from './roster-safety-summary';
import { RosterTypedCount, typedCountError } from './roster-typed-count';
import { formatCityDateTime } from '@equip/web/shared/data-access';

// The city's time zone, as every other screen shows dates (see the lead and learner presentation).

const MODE_LABELS: Record<RosterImportRecord['mode'], string> = {
  full: 'Full roster',
  'changes-only': 'Changes only',
  undo: 'Undo',
};

/**
 * Every real import and undo, newest first: when, who, the file, what it did (or why it was
 * refused), its change list as CSV, and Undo for an import that still stands. Undo shows what it
 * would change first and asks again (with the number typed back when it deactivates many).
 */
@Component({
  selector: 'equip-roster-import-history',
  imports: [DecimalPipe, MatButton, RouterLink, ErrorSummary, RosterSafetySummary, RosterTypedCount],
  providers: [RosterImportsStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="roster-history" aria-labelledby="roster-history-heading">
      <h2 id="roster-history-heading">Import history</h2>
      @if (store.error(); as error) {
        <equip-error-summary heading="The import history could not be loaded" [items]="[{ message: error.problem.detail ?? error.problem.title }]" />
        <button matButton="outlined" type="button" (click)="store.load()">Try again</button>
      } @else if (store.loading() && !store.page()) {
        <p role="status">Loading the import history…</p>
      } @else if (store.records().length === 0) {
        <p>No roster has been imported yet.</p>
      } @else {
        <div class="equip-table-scroll">
          <table class="equip-table">
            <caption class="equip-visually-hidden">Roster imports, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">By</th>
                <th scope="col">File</th>
                <th scope="col">Outcome</th>
                <th scope="col"><span class="equip-visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              @for (record of store.records(); track record.id) {
                <tr>
                  <th scope="row">{{ when(record.at) }}</th>
                  <td>
                    @if (record.actor; as actor) {
                      <a [routerLink]="['/rase/people', actor.id]">{{ actor.name }}</a>
                    } @else {
                      {{ record.via === 'feed' ? 'Nightly file' : 'Scheduled import' }}
                    }
                  </td>
                  <td class="roster-history__file">
                    {{ record.mode === 'undo' ? 'Undo of an earlier import' : (record.fileName ?? 'A roster file') }}
                    <span class="equip-hint">({{ modeLabel(record.mode) }})</span>
                  </td>
                  <td>
                    @if (record.status === 'refused') {
                      Refused, nothing changed: {{ record.problems.length | number }} {{ record.problems.length === 1 ? 'problem' : 'problems' }}
                      @if (record.problems[0]; as first) {
                        <span class="equip-hint">({{ first.message }})</span>
                      }
                    } @else {
                      {{ record.added | number }} added, {{ record.changed | number }} changed, {{ record.deactivated | number }} deactivated,
                      {{ record.reactivated | number }} reactivated
                      @if (record.confirmed) {
                        <span class="equip-hint">(confirmed by typing the number)</span>
                      }
                      @if (record.undoneBy) {
                        <strong>Undone</strong>
                      }
                    }
                  </td>
                  <td class="roster-history__actions">
                    @if (record.status === 'applied') {
                      <a [href]="csvPath(record.id)" download>Changes (CSV)<span class="equip-visually-hidden"> of the import of {{ when(record.at) }}</span></a>
                    }
                    @if (record.undoable) {
                      <button
                        matButton="outlined"
                        type="button"
                        [disabled]="store.undoBusy()"
                        disabledInteractive
                        (click)="previewUndo(record)"
                      >
                        Undo…<span class="equip-visually-hidden"> the import of {{ when(record.at) }}</span>
                      </button>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        @if (pages() > 1) {
          <div class="equip-actions">
            <button matButton="outlined" type="button" [disabled]="currentPage() <= 1" disabledInteractive (click)="go(currentPage() - 1)">Newer</button>
            <p class="equip-status">Page {{ currentPage() }} of {{ pages() }}</p>
            <button matButton="outlined" type="button" [disabled]="currentPage() >= pages()" disabledInteractive (click)="go(currentPage() + 1)">Older</button>
          </div>
        }
      }

      @if (store.undo(); as undo) {
        <section class="roster-undo" aria-labelledby="roster-undo-heading">
          <h3 id="roster-undo-heading" tabindex="-1">{{ undo.phase === 'undone' ? 'Import undone' : 'Undo this import?' }}</h3>
          @if (undo.phase === 'previewing') {
            <p role="status">Working out what undoing it would change…</p>
          }
          @if (undoErrors().length) {
            <equip-error-summary [heading]="undo.phase === 'undone' ? 'There is a problem' : 'It cannot be undone'" [items]="undoErrors()" />
          }
          @if (undo.result; as r) {
            <p>
              {{ undo.phase === 'undone' ? 'Done:' : 'Undoing it would:' }} reactivate {{ r.reactivated.length | number }}, deactivate
              {{ r.deactivated.length | number }} (the people it added), and put back the fields of {{ r.changed.length | number }}
              {{ r.changed.length === 1 ? 'person' : 'people' }}.
            </p>
            @if (undo.phase !== 'undone') {
              <equip-roster-safety-summary [result]="r" headingId="roster-undo-safety-heading" />
              @if (r.confirmation?.required && r.problems.length === 0) {
                <equip-roster-typed-count inputId="roster-undo-count" [count]="r.confirmation!.deactivate" [error]="typedError()" [(typed)]="typed" />
              }
              <div class="equip-actions">
                @if (r.problems.length === 0) {
                  <button matButton="filled" type="button" [disabled]="store.undoBusy()" disabledInteractive (click)="confirmUndo()">Undo the import</button>
                }
                <button matButton="outlined" type="button" (click)="store.cancelUndo()">{{ r.problems.length ? 'Close' : 'Keep the import' }}</button>
              </div>
            } @else {
              <button matButton="outlined" type="button" (click)="store.cancelUndo()">Close</button>
            }
          } @else if (undo.phase === 'previewed') {
            <button matButton="outlined" type="button" (click)="store.cancelUndo()">Close</button>
          }
        </section>
      }
    </section>
  `,
  styles: `
    .roster-history__file,
    td {
      overflow-wrap: anywhere;
    }
    .roster-history__actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: center;
    }
    .roster-undo {
      border: 1px solid var(--mat-sys-outline);
      border-radius: 4px;
      padding: 0.75rem 1rem;
    }
  `,
})
export class RosterImportHistory {
  protected readonly store = inject(RosterImportsStore);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly typed = signal('');
  protected readonly typedError = signal<string | null>(null);
  protected readonly currentPage = computed(() => this.store.page()?.page ?? 1);
  protected readonly pages = computed(() => {
    const page = this.store.page();
    return page ? Math.max(1, Math.ceil(page.total / page.pageSize)) : 1;
  });
  protected readonly undoErrors = computed<ErrorSummaryItem[]>(() => {
    const undo = this.store.undo();
    if (!undo) return [];
    if (undo.error) return [{ message: undo.error.problem.detail ?? undo.error.problem.title }];
    const problems = undo.result?.problems ?? [];
    if (undo.result?.confirmation?.refused) return problems.map((p) => ({ message: p.message, target: 'roster-undo-count' }));
    return problems.map((p) => ({ message: p.message }));
  });

  constructor() {
    void this.store.load();
  }

  /** Reloads the first page, after an import. */
  refresh(): Promise<void> {
    return this.store.load(1);
  }

  protected when(at: string): string {
    return formatCityDateTime(at);
  }

  protected modeLabel(mode: RosterImportRecord['mode']): string {
    return MODE_LABELS[mode];
  }

  protected csvPath(id: string): string {
    return rosterChangesCsvPath(id);
  }

  protected go(page: number): void {
    void this.store.load(page);
  }

  protected async previewUndo(record: RosterImportRecord): Promise<void> {
    this.typed.set('');
    this.typedError.set(null);
    await this.store.previewUndo(record.id);
    this.focusUndo();
  }

  protected async confirmUndo(): Promise<void> {
    const confirmation = this.store.undo()?.result?.confirmation;
    let count: number | undefined;
    if (confirmation?.required) {
      const error = typedCountError(this.typed(), confirmation.deactivate);
      this.typedError.set(error);
      if (error) {
        this.host.nativeElement.querySelector<HTMLElement>('#roster-undo-count')?.focus();
        return;
      }
      count = confirmation.deactivate;
    }
    await this.store.confirmUndo(count);
    this.focusUndo();
  }

  private focusUndo(): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#roster-undo-heading')?.focus(), { injector: this.injector });
  }
}
