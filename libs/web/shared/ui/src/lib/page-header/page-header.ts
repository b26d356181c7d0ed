import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * The top of every page: its one h1, then whatever introduces the page (projected). The h1 takes
 * focus after each navigation (tabindex -1 makes it focusable without adding a tab stop), so a
 * screen reader announces the new page.
 */
@Component({
  selector: 'equip-page-header',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="equip-page-header__title" tabindex="-1">{{ heading() }}</h1>
    <div class="equip-page-header__intro"><ng-content /></div>
  `,
  styles: `
    :host {
      display: block;
      margin-block-end: 1.5rem;
    }
    h1 {
      font: var(--mat-sys-headline-large);
      margin: 0 0 0.5rem;
      overflow-wrap: anywhere;
    }
    h1:focus:not(:focus-visible) {
      outline: none;
    }
    .equip-page-header__intro {
      font: var(--mat-sys-body-large);
      color: var(--mat-sys-on-surface-variant);
      max-width: 65ch;
    }
    .equip-page-header__intro:empty {
      display: none;
    }
  `,
})
export class PageHeader {
  readonly heading = input.required<string>();
}
