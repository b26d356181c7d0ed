import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, computed, inject, output, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { RosterFeedFile } from '@equip/shared/contracts';
import { RosterFeedStore } from '@equip/web/rase/data-access';
import { ErrorSummary, ErrorSummaryItem } from '@equip/web/shared/ui';
import { RosterSafetySummary } from './roster-safety-summary';
import { RosterTypedCount, typedCountError } from './roster-typed-count';
import { formatCityDateTime } from '@equip/web/shared/data-access';

// The city's time zone, as every other screen shows dates.

const STATE_LABELS: Record<RosterFeedFile['state'], string> = {
  received: 'Being checked',
  applied: 'Imported',
  held: 'Waiting for you',
  refused: 'Not imported: it has problems',
  discarded: 'Discarded',
};

/**
 * The nightly files the HR system dropped for the scheduled feed, newest first: what became of
 * each and why, in words. A held file can be applied (its preview first, with the same warning
 * summary as an upload, and the number typed back) or discarded (asked first).
 */
@Component({
  selector: 'equip-roster-feed-files',
  imports: [DecimalPipe, MatButton, RouterLink, ErrorSummary, RosterSafetySummary, RosterTypedCount],
  providers: [RosterFeedStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="roster-feed" aria-labelledby="roster-feed-heading">
      <h2 id="roster-feed-heading">Nightly files</h2>
      @if (store.error(); as error) {
        <equip-error-summary heading="The nightly files could not be loaded" [items]="[{ message: error.problem.detail ?? error.problem.title }]" />
        <button matButton="outlined" type="button" (click)="store.load()">Try again</button>
      } @else if (store.loading() && !store.page()) {
        <p role="status">Loading the nightly files…</p>
      } @else if (store.files().length === 0) {
        <p>No nightly roster file has arrived. When the HR system drops one in the feed folder, it is checked at night and listed here.</p>
      } @else {
        <ul class="roster-feed__list">
          @for (file of store.files(); track file.id) {
            <li class="roster-feed__file">
              <h3 class="roster-feed__name">{{ file.fileName }}</h3>
              <p class="equip-hint">Arrived {{ when(file.foundAt) }} · {{ size(file.size) }}</p>
              <p>
                <strong>{{ stateLabel(file.state) }}</strong>
                @if (file.decidedBy; as by) {
                  by <a [routerLink]="['/rase/people', by.id]">{{ by.name }}</a>
                  @if (file.decidedAt) {
                    on {{ when(file.decidedAt) }}
                  }
                }
              </p>
              @if (file.reason) {
                <p>{{ file.reason }}</p>
              }
              @if (file.state === 'held') {
                <div class="equip-actions">
                  <button matButton="filled" type="button" [disabled]="store.busy()" disabledInteractive (click)="previewApply(file)">
                    Apply…<span class="equip-visually-hidden"> {{ file.fileName }}</span>
                  </button>
                  <button matButton="outlined" type="button" [disabled]="store.busy()" disabledInteractive (click)="askDiscard(file)">
                    Discard…<span class="equip-visually-hidden"> {{ file.fileName }}</span>
                  </button>
                </div>
              }
              @if (store.decision(); as d) {
                @if (d.fileId === file.id) {
                  <section class="roster-feed__decision" [attr.aria-labelledby]="'roster-feed-decision-' + file.id">
                    <h4 [id]="'roster-feed-decision-' + file.id" class="roster-feed__decision-heading" tabindex="-1">{{ decisionHeading() }}</h4>
                    @if (d.phase === 'previewing') {
                      <p role="status">Working out what applying it would change…</p>
                    }
                    @if (decisionErrors().length) {
                      <equip-error-summary heading="There is a problem" [items]="decisionErrors()" />
                    }
                    @if (d.kind === 'discard') {
                      @if (d.phase !== 'done') {
                        <p>Nothing in {{ file.fileName }} will be imported. The next nightly file is checked as usual.</p>
                        <div class="equip-actions">
                          <button matButton="filled" type="button" [disabled]="store.busy()" disabledInteractive (click)="confirmDiscard()">Discard the file</button>
                          <button matButton="outlined" type="button" (click)="store.close()">Keep it</button>
                        </div>
                      }
                    } @else if (d.result; as r) {
                      @if (r.problems.length === 0) {
                        <p>
                          {{ d.phase === 'done' ? 'Done:' : 'Applying it would:' }} add {{ r.added.length | number }}, change {{ r.changed.length | number }},
                          deactivate {{ r.deactivated.length | number }} and reactivate {{ r.reactivated.length | number }}
                          {{ r.reactivated.length === 1 ? 'person' : 'people' }}.
                        </p>
                      }
                      @if (d.phase !== 'done') {
                        <equip-roster-safety-summary [result]="r" [headingId]="'roster-feed-safety-' + file.id" />
                        @if (r.confirmation?.required && r.problems.length === 0) {
                          <equip-roster-typed-count inputId="roster-feed-count" [count]="r.confirmation!.deactivate" [error]="typedError()" [(typed)]="typed" />
                        }
                        <div class="equip-actions">
                          @if (r.problems.length === 0) {
                            <button matButton="filled" type="button" [disabled]="store.busy()" disabledInteractive (click)="confirmApply()">Apply the file</button>
                          }
                          <button matButton="outlined" type="button" (click)="store.close()">{{ r.problems.length ? 'Close' : 'Not now' }}</button>
                        </div>
                      }
                    } @else if (d.phase === 'previewed') {
                      <button matButton="outlined" type="button" (click)="store.close()">Close</button>
                    }
                  </section>
                }
              }
            </li>
          }
        </ul>
        @if (pages() > 1) {
          <div class="equip-actions">
            <button matButton="outlined" type="button" [disabled]="currentPage() <= 1" disabledInteractive (click)="go(currentPage() - 1)">Newer</button>
            <p class="equip-status">Page {{ currentPage() }} of {{ pages() }}</p>
            <button matButton="outlined" type="button" [disabled]="currentPage() >= pages()" disabledInteractive (click)="go(currentPage() + 1)">Older</button>
          </div>
        }
      }
      @if (store.decision()?.phase === 'done') {
        <p role="status">{{ store.decision()!.kind === 'discard' ? 'The file was discarded.' : 'The file was imported; it is in the import history below.' }}</p>
      }
    </section>
  `,
  styles: `
    .roster-feed__list {
      list-style: none;
      padding: 0;
      margin: 0;
      display: flex;
      flex-direction: column;
      gap: 1rem;
    }
    .roster-feed__file {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 4px;
      padding: 0.75rem 1rem;
      overflow-wrap: anywhere;
    }
    .roster-feed__name {
      margin: 0;
      font: var(--mat-sys-title-medium);
    }
    .roster-feed__decision {
      border-top: 1px solid var(--mat-sys-outline);
      margin-top: 0.75rem;
      padding-top: 0.75rem;
    }
    .roster-feed__decision-heading {
      margin: 0 0 0.5rem;
      font: var(--mat-sys-title-small);
    }
  `,
})
export class RosterFeedFiles {
  /** A held file was imported: the import history has a new entry. */
  readonly applied = output<void>();

  protected readonly store = inject(RosterFeedStore);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly typed = signal('');
  protected readonly typedError = signal<string | null>(null);
  protected readonly currentPage = computed(() => this.store.page()?.page ?? 1);
  protected readonly pages = computed(() => {
    const page = this.store.page();
    return page ? Math.max(1, Math.ceil(page.total / page.pageSize)) : 1;
  });
  protected readonly decisionHeading = computed(() => {
    const d = this.store.decision();
    if (!d) return '';
    if (d.kind === 'discard') return d.phase === 'done' ? 'File discarded' : 'Discard this file?';
    return d.phase === 'done' ? 'File imported' : 'Apply this file?';
  });
  protected readonly decisionErrors = computed<ErrorSummaryItem[]>(() => {
    const d = this.store.decision();
    if (!d) return [];
    if (d.error) return [{ message: d.error.problem.detail ?? d.error.problem.title }];
    const problems = d.result?.problems ?? [];
    if (d.result?.confirmation?.refused) return problems.map((p) => ({ message: p.message, target: 'roster-feed-count' }));
    return problems.map((p) => ({ message: p.line > 0 ? `Line ${p.line}: ${p.message}` : p.message }));
  });

  constructor() {
    void this.store.load();
  }

  protected when(at: string): string {
    return formatCityDateTime(at);
  }

  protected stateLabel(state: RosterFeedFile['state']): string {
    return STATE_LABELS[state];
  }

  protected size(bytes: number): string {
    if (bytes < 1024) return `${bytes} bytes`;
    if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
    return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  }

  protected go(page: number): void {
    void this.store.load(page);
  }

  protected async previewApply(file: RosterFeedFile): Promise<void> {
    this.typed.set('');
    this.typedError.set(null);
    await this.store.previewApply(file.id);
    this.focusDecision(file.id);
  }

  protected askDiscard(file: RosterFeedFile): void {
    this.store.askDiscard(file.id);
    this.focusDecision(file.id);
  }

  protected async confirmApply(): Promise<void> {
    const confirmation = this.store.decision()?.result?.confirmation;
    let count: number | undefined;
    if (confirmation?.required) {
      const error = typedCountError(this.typed(), confirmation.deactivate);
      this.typedError.set(error);
      if (error) {
        this.host.nativeElement.querySelector<HTMLElement>('#roster-feed-count')?.focus();
        return;
      }
      count = confirmation.deactivate;
    }
    await this.store.confirmApply(count);
    if (this.store.decision()?.phase === 'done') this.applied.emit();
  }

  protected async confirmDiscard(): Promise<void> {
    await this.store.confirmDiscard();
  }

  private focusDecision(fileId: string): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(`[id="roster-feed-decision-${fileId}"]`)?.focus(), { injector: this.injector });
  }
}
