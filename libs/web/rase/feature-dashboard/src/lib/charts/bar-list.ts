import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

export interface BarItem {
  label: string;
  value: number;
  /** The text printed beside the bar, e.g. "42 (35%)"; defaults to the value. */
  text?: string;
}

/**
 * Horizontal bars, each labelled in words with its value printed beside it, so neither length nor
 * colour carries the meaning alone. Hidden from assistive technology: the figure's table says the same.
 */
@Component({
  selector: 'equip-bar-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="bars" aria-hidden="true">
      @for (item of rows(); track $index) {
        <div class="bars__row">
          <span class="bars__label">{{ item.label }}</span>
          <span class="bars__track"><span class="bars__fill" [style.width.%]="item.share"></span></span>
          <span class="bars__value">{{ item.text }}</span>
        </div>
      }
    </div>
  `,
  styles: `
    .bars {
      display: grid;
      gap: 0.375rem;
      max-width: 48rem;
    }
    .bars__row {
      display: grid;
      grid-template-columns: minmax(8rem, 16rem) 1fr minmax(4rem, auto);
      gap: 0.75rem;
      align-items: center;
      font: var(--mat-sys-body-medium);
    }
    .bars__track {
      height: 1rem;
      background: var(--mat-sys-surface-container-high);
      border: 1px solid var(--mat-sys-outline-variant);
    }
    .bars__fill {
      display: block;
      height: 100%;
      background: var(--mat-sys-primary);
      print-color-adjust: exact;
    }
  `,
})
export class BarList {
  readonly items = input.required<readonly BarItem[]>();

  protected readonly rows = computed(() => {
    const items = this.items();
    const max = Math.max(1, ...items.map((item) => item.value));
    return items.map((item) => ({ label: item.label, text: item.text ?? String(item.value), share: (item.value / max) * 100 }));
  });
}
