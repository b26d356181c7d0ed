import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, computed, inject, linkedSignal, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { ROSTER_COLUMNS, type RosterColumn, type RosterColumnName, type RosterDateOrder } from '@equip/shared/contracts';
import { RosterFormatStore } from '@equip/web/rase/data-access';
import { ErrorSummary, ErrorSummaryItem, PageHeader } from '@equip/web/shared/ui';

/** Where a field the api names (`columnNames.2.header`, `dateOrder`) is on this page. */
export function formatFieldTarget(field: string): string | undefined {
  if (field === 'dateOrder') return 'date-order-month-first';
  const name = /^columnNames(?:\.|\[)(\d+)\]?(?:\.(header|column))?$/.exec(field);
  if (!name) return undefined;
  return `name-${name[2] ?? 'header'}-${name[1]}`;
}

/**
 * The city's roster file format: its HR export's own names for roster columns (for headers that
 * are not just another spelling of one) and the order its dates like 3/4/2019 are written in.
 * Every roster check and import reads files this way.
 */
@Component({
  selector: 'equip-roster-format-page',
  imports: [MatButton, PageHeader, ErrorSummary, RouterLink],
  providers: [RosterFormatStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header heading="Roster file format">
      <p>How your city's HR export writes the roster. Every roster check and import reads files this way.</p>
    </equip-page-header>
    <p><a routerLink="/rase/roster">Back to roster import</a></p>

    @if (store.format.loading() && !store.format.value()) {
      <p role="status">Loading the saved format…</p>
    } @else if (store.format.error(); as error) {
      <equip-error-summary heading="The roster file format could not be loaded" [items]="[{ message: error.problem.detail ?? error.problem.title }]" />
      <div class="equip-actions">
        <button matButton="outlined" type="button" (click)="store.load()">Try again</button>
      </div>
    } @else if (store.format.value()) {
      @if (errors().length) {
        <equip-error-summary [items]="errors()" />
      }
      <form class="roster-format-form" (submit)="save($event)" [attr.aria-busy]="store.saving()">
        <fieldset>
          <legend>Dates like 3/4/2019</legend>
          <div class="roster-format-form__choice">
            <input type="radio" id="date-order-month-first" name="dateOrder" value="month-first" [checked]="dateOrder() === 'month-first'" (change)="dateOrder.set('month-first')" />
            <label for="date-order-month-first">Month first: 3/4/2019 is March 4, 2019 (the US way)</label>
          </div>
          <div class="roster-format-form__choice">
            <input type="radio" id="date-order-day-first" name="dateOrder" value="day-first" [checked]="dateOrder() === 'day-first'" (change)="dateOrder.set('day-first')" />
            <label for="date-order-day-first">Day first: 3/4/2019 is April 3, 2019</label>
          </div>
          <p class="equip-hint">Dates written 2019-03-04 and the date numbers Excel stores are read the same either way.</p>
        </fieldset>

        <fieldset>
          <legend>Your export's own column names</legend>
          <p class="equip-hint" id="names-hint">
            Headers are matched without regard to case, spaces and punctuation, so "Employee ID" and "EmployeeId" already
            read as employee_id. Add a name only for a header your export writes differently, such as "Emp No".
          </p>
          @if (names().length === 0) {
            <p>No names of your own yet.</p>
          } @else {
            <ol class="roster-format-form__names">
              @for (name of names(); track $index; let i = $index) {
                <li class="roster-format-form__name">
                  <div class="roster-format-form__field">
                    <label [for]="'name-header-' + i">Header in your export ({{ i + 1 }})</label>
                    <input
                      type="text"
                      [id]="'name-header-' + i"
                      maxlength="200"
                      [value]="name.header"
                      [attr.aria-invalid]="fieldError('header', i) ? true : null"
                      [attr.aria-describedby]="fieldError('header', i) ? 'name-header-' + i + '-error' : null"
                      (input)="setHeader(i, $any($event.target).value)"
                    />
                    @if (fieldError('header', i); as message) {
                      <p class="equip-field-error" [id]="'name-header-' + i + '-error'">{{ message }}</p>
                    }
                  </div>
                  <div class="roster-format-form__field">
                    <label [for]="'name-column-' + i">Roster column ({{ i + 1 }})</label>
                    <select [id]="'name-column-' + i" (change)="setColumn(i, $any($event.target).value)">
                      @for (column of columns; track column) {
                        <option [value]="column" [selected]="column === name.column">{{ column }}</option>
                      }
                    </select>
                  </div>
                  <button matButton="outlined" type="button" (click)="remove(i)">
                    Remove<span class="equip-visually-hidden"> name {{ i + 1 }}</span>
                  </button>
                </li>
              }
            </ol>
          }
          <div class="equip-actions">
            <button matButton="outlined" type="button" id="add-column-name" (click)="add()">Add a column name</button>
          </div>
        </fieldset>

        <div class="equip-actions">
          <button matButton="filled" type="submit" [disabled]="store.saving()" disabledInteractive>Save format</button>
          <p class="equip-status" role="status">{{ status() }}</p>
        </div>
      </form>
    }
  `,
  styles: `
    fieldset {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 0.5rem;
      margin: 0 0 1.5rem;
      padding: 0.75rem 1rem;
      max-width: 50rem;
    }
    legend {
      font: var(--mat-sys-title-small);
      padding-inline: 0.25rem;
    }
    .roster-format-form__choice {
      display: flex;
      gap: 0.5rem;
      align-items: flex-start;
      margin-block: 0.5rem;
    }
    .roster-format-form__choice input {
      inline-size: 1.25rem;
      block-size: 1.25rem;
      margin: 0.125rem 0 0;
      flex: none;
    }
    .roster-format-form__names {
      padding: 0;
      margin: 0;
      list-style: none;
    }
    .roster-format-form__name {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: flex-end;
      padding-block: 0.5rem;
      border-block-end: 1px solid var(--mat-sys-outline-variant);
    }
    .roster-format-form__field {
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
      flex: 1 1 14rem;
      min-inline-size: 0;
    }
    .roster-format-form__field input,
    .roster-format-form__field select {
      font: var(--mat-sys-body-large);
      padding: 0.5rem;
      min-block-size: 2.75rem;
      box-sizing: border-box;
      max-inline-size: 100%;
    }
    .equip-field-error {
      color: var(--mat-sys-error);
      margin: 0;
    }
  `,
})
export class RosterFormatPage {
  protected readonly store = inject(RosterFormatStore);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  protected readonly columns = ROSTER_COLUMNS;

  protected readonly dateOrder = linkedSignal<RosterDateOrder>(() => this.store.format.value()?.dateOrder ?? 'month-first');
  protected readonly names = linkedSignal<RosterColumnName[]>(() => (this.store.format.value()?.columnNames ?? []).map((n) => ({ ...n })));
  /** Headers left empty, found before sending. */
  private readonly emptyHeaders = signal<number[]>([]);

  protected readonly errors = computed<ErrorSummaryItem[]>(() => {
    const empty = this.emptyHeaders().map((i) => ({ message: `Write header ${i + 1} as your export has it, or remove it`, target: `name-header-${i}` }));
    if (empty.length) return empty;
    const problem = this.store.saveError()?.problem;
    if (!problem) return [];
    const fieldErrors = problem.errors ?? [];
    if (fieldErrors.length === 0) return [{ message: problem.detail ?? problem.title }];
    return fieldErrors.map(({ field, message }) => {
      const target = formatFieldTarget(field);
      return target ? { message, target } : { message };
    });
  });
  protected readonly status = computed(() => {
    if (this.store.saving()) return 'Saving…';
    return this.store.saved() && !this.store.saveError() ? 'Saved. The next roster check reads files this way.' : '';
  });

  constructor() {
    this.store.load();
  }

  /** The message for one field of one name, from the check before sending or from the api. */
  protected fieldError(part: 'header' | 'column', index: number): string | null {
    if (part === 'header' && this.emptyHeaders().includes(index)) return 'Write the header as your export has it, or remove it';
    const fieldErrors = this.store.saveError()?.problem.errors ?? [];
    return fieldErrors.find((e) => formatFieldTarget(e.field) === `name-${part}-${index}`)?.message ?? null;
  }

  protected setHeader(index: number, header: string): void {
    this.names.update((names) => names.map((n, i) => (i === index ? { ...n, header } : n)));
  }

  protected setColumn(index: number, column: string): void {
    const known = ROSTER_COLUMNS.find((c) => c === column);
    if (known) this.names.update((names) => names.map((n, i) => (i === index ? { ...n, column: known as RosterColumn } : n)));
  }

  protected add(): void {
    this.names.update((names) => [...names, { header: '', column: 'employee_id' }]);
    const index = this.names().length - 1;
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(`#name-header-${index}`)?.focus(), { injector: this.injector });
  }

  protected remove(index: number): void {
    this.names.update((names) => names.filter((_, i) => i !== index));
    this.emptyHeaders.set([]);
    // Focus stays in the list: on the name that took its place, or the one before, or "Add a column name".
    afterNextRender(
      () => {
        const page = this.host.nativeElement;
        const next = page.querySelector<HTMLElement>(`#name-header-${Math.min(index, this.names().length - 1)}`);
        (next ?? page.querySelector<HTMLElement>('#add-column-name'))?.focus();
      },
      { injector: this.injector },
    );
  }

  protected save(event: Event): void {
    event.preventDefault();
    if (this.store.saving()) return;
    const names = this.names();
    this.emptyHeaders.set(names.flatMap((n, i) => (n.header.trim() === '' ? [i] : [])));
    if (this.emptyHeaders().length === 0) this.store.save({ dateOrder: this.dateOrder(), columnNames: names.map((n) => ({ header: n.header.trim(), column: n.column })) });
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('.equip-error-summary')?.focus(), { injector: this.injector });
  }
}
