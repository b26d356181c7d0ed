import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';

export interface SubNavLink {
  /** Absolute path, e.g. `/rase/people`. */
  path: string;
  label: string;
  /** Current only on exactly this path (for an area's overview), not on pages below it. */
  exact?: boolean;
}

/**
 * The pages of one area, under the app's area navigation. The current page is marked with
 * `aria-current="page"`, bold text and an underline, so colour is not the only signal.
 */
@Component({
  selector: 'equip-sub-nav',
  imports: [RouterLink, RouterLinkActive],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav class="equip-sub-nav" [attr.aria-label]="label()">
      <ul class="equip-sub-nav__list">
        @for (link of links(); track link.path) {
          <li>
            <a
              class="equip-sub-nav__link"
              [routerLink]="link.path"
              routerLinkActive="equip-sub-nav__link--current"
              [routerLinkActiveOptions]="{ exact: link.exact ?? false }"
              ariaCurrentWhenActive="page"
              >{{ link.label }}</a
            >
          </li>
        }
      </ul>
    </nav>
  `,
  styles: `
    .equip-sub-nav {
      margin-block-end: 1.5rem;
      border-block-end: 1px solid var(--mat-sys-outline-variant);
    }
    .equip-sub-nav__list {
      display: flex;
      flex-wrap: wrap;
      gap: 0 1.25rem;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .equip-sub-nav__link {
      display: inline-block;
      padding: 0.5rem 0.125rem;
      color: var(--mat-sys-on-surface);
      text-decoration: none;
      border-block-end: 3px solid transparent;
    }
    .equip-sub-nav__link:hover {
      text-decoration: underline;
    }
    .equip-sub-nav__link--current {
      font-weight: 700;
      color: var(--mat-sys-primary);
      border-block-end-color: currentColor;
    }
  `,
})
export class SubNav {
  readonly label = input.required<string>();
  readonly links = input.required<readonly SubNavLink[]>();
}
