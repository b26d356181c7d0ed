import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';

/**
 * Previous / "Page x of y" / Next for a list paged on the server. The buttons stay focusable at the
 * ends (announced as unavailable), so focus is not lost when the last page is reached.
 */
@Component({
  selector: 'equip-pagination',
  imports: [MatButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (pageCount() > 1) {
      <nav class="equip-pagination" [attr.aria-label]="label()">
        <button matButton="outlined" type="button" [disabled]="page() <= 1" disabledInteractive (click)="go(page() - 1)">
          Previous<span class="equip-visually-hidden"> page</span>
        </button>
        <p class="equip-pagination__position">Page {{ page() }} of {{ pageCount() }}</p>
        <button
          matButton="outlined"
          type="button"
          [disabled]="page() >= pageCount()"
          disabledInteractive
          (click)="go(page() + 1)"
        >
          Next<span class="equip-visually-hidden"> page</span>
        </button>
      </nav>
    }
  `,
  styles: `
    .equip-pagination {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
      margin-block: 1rem;
    }
    .equip-pagination__position {
      margin: 0;
    }
  `,
})
export class Pagination {
  /** 1-based. */
  readonly page = input.required<number>();
  readonly pageSize = input.required<number>();
  readonly total = input.required<number>();
  /** Names the navigation landmark, e.g. "Pages of people". */
  readonly label = input('Pages');
  readonly pageChange = output<number>();

  protected readonly pageCount = computed(() => Math.ceil(this.total() / Math.max(1, this.pageSize())));

  protected go(page: number): void {
    if (page < 1 || page > this.pageCount() || page === this.page()) return;
    this.pageChange.emit(page);
  }
}
