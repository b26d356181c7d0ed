import { ChangeDetectionStrategy, Component, input, model } from '@angular/core';

/**
 * "Type the number to confirm": a labelled text field for the number of people an import (or an
 * undo) deactivates. The page compares what was typed with `count` before sending it; the api
 * checks it again against its own plan.
 */
@Component({
  selector: 'equip-roster-typed-count',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="roster-typed-count">
      <label [for]="inputId()">Type {{ count() }} to confirm deactivating {{ count() }} people</label>
      @if (error()) {
        <p [id]="inputId() + '-error'" class="equip-field-error">{{ error() }}</p>
      }
      <input
        [id]="inputId()"
        type="text"
        inputmode="numeric"
        autocomplete="off"
        [attr.aria-invalid]="error() ? true : null"
        [attr.aria-describedby]="error() ? inputId() + '-error' : null"
        [value]="typed()"
        (input)="typed.set($any($event.target).value)"
      />
    </div>
  `,
  styles: `
    .roster-typed-count {
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
      margin-block: 0.5rem;
      max-width: 20rem;
    }
    label {
      font: var(--mat-sys-title-small);
    }
    input {
      font: var(--mat-sys-body-large);
      padding: 0.5rem;
    }
    .equip-field-error {
      margin: 0;
      color: var(--mat-sys-error);
    }
  `,
})
export class RosterTypedCount {
  readonly count = input.required<number>();
  readonly inputId = input.required<string>();
  readonly error = input<string | null>(null);
  readonly typed = model('');
}

/** The message when `typed` is not `count`, or null when it is. */
export function typedCountError(typed: string, count: number): string | null {
  if (typed.trim() === '') return `Type ${count} to confirm`;
  return Number(typed.trim()) === count && /^\d+$/.test(typed.trim()) ? null : `Type exactly ${count}, the number of people it deactivates`;
}
