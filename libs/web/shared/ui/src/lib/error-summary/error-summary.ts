import { ChangeDetectionStrategy, Component, DOCUMENT, inject, input } from '@angular/core';

/** One message in an error summary; `target` is the id of the field it is about, if any. */
export interface ErrorSummaryItem {
  message: string;
  target?: string;
}

/**
 * The summary items for a form's fields, in the given order: each field's own message (the same
 * text shown under the field), pointing at the element `target(field)` names.
 */
export function fieldErrorItems<F extends string>(
  fields: readonly F[],
  message: (field: F) => string | null,
  target: (field: F) => string = (field) => field,
): ErrorSummaryItem[] {
  return fields.flatMap((field) => {
    const text = message(field);
    return text ? [{ message: text, target: target(field) }] : [];
  });
}

/**
 * Lists what went wrong at the top of a form. `role="alert"` makes screen readers announce it as
 * soon as it appears; each message about a field links to that field. It says "There is a problem"
 * in words and with a border, so colour is never the only signal. It can take focus
 * (`tabindex="-1"`), for a page that moves focus to it after a failed submission.
 */
@Component({
  selector: 'equip-error-summary',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="equip-error-summary" role="alert" tabindex="-1">
      <h2 class="equip-error-summary__title">{{ heading() }}</h2>
      <ul class="equip-error-summary__list">
        @for (item of items(); track $index) {
          <li>
            @if (item.target) {
              <a [href]="'#' + item.target" (click)="focusField($event, item.target)">{{ item.message }}</a>
            } @else {
              {{ item.message }}
            }
          </li>
        }
      </ul>
    </div>
  `,
  styles: `
    .equip-error-summary {
      border: 4px solid var(--mat-sys-error);
      border-radius: 4px;
      padding: 1rem;
      margin-block-end: 1.5rem;
      background: var(--mat-sys-surface);
      color: var(--mat-sys-on-surface);
    }
    .equip-error-summary:focus:not(:focus-visible) {
      outline: none;
    }
    .equip-error-summary__title {
      font: var(--mat-sys-title-large);
      margin: 0 0 0.5rem;
    }
    .equip-error-summary__list {
      margin: 0;
      padding-inline-start: 1.25rem;
    }
    a {
      color: var(--mat-sys-error);
      font-weight: 600;
    }
  `,
})
export class ErrorSummary {
  readonly items = input.required<readonly ErrorSummaryItem[]>();
  readonly heading = input('There is a problem');

  private readonly document = inject(DOCUMENT);

  /** The app has a <base href>, so a bare "#id" link would leave the page: focus the field instead. */
  protected focusField(event: Event, id: string): void {
    event.preventDefault();
    const field = this.document.getElementById(id);
    field?.focus();
    field?.scrollIntoView?.({ block: 'center' });
  }
}
