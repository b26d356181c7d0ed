import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { DashboardOverview } from '@equip/shared/contracts';
import { countText, formatDate, hiddenReason, percentText } from '../presentation';

/** The headline figures, as a description list: each figure in words, with what it counts, and why it is hidden when it is. */
@Component({
  selector: 'equip-overview-figures',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dl class="figures">
      @for (figure of figures(); track figure.label) {
        <div class="figures__item">
          <dt>{{ figure.label }}</dt>
          <dd class="figures__value">{{ figure.value }}</dd>
          <dd class="figures__note">{{ figure.note }}</dd>
          @if (reason(figure.value); as why) {
            <dd class="figures__note figures__reason">{{ why }}</dd>
          }
        </div>
      }
    </dl>
  `,
  styles: `
    .figures {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr));
      gap: 1rem;
      margin: 0 0 2rem;
    }
    .figures__item {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      padding: 0.75rem 1rem;
    }
    dt {
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 0;
    }
    .figures__value {
      font: var(--mat-sys-headline-medium);
    }
    .figures__note {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class OverviewFigures {
  readonly overview = input.required<DashboardOverview>();

  protected reason(value: string): string | null {
    return hiddenReason(value);
  }

  protected readonly figures = computed(() => {
    const o = this.overview();
    return [
      {
        label: `Staff trained in ${o.foundationsTrack.title}`,
        value: o.shareTrainedPercent === null ? countText(o.staffTrained) : percentText(o.shareTrainedPercent),
        note: `${countText(o.staffTrained)} of ${countText(o.staff)} staff`,
      },
      { label: 'Completions this quarter', value: countText(o.completionsThisQuarter), note: `Since ${formatDate(o.quarterStart)}` },
      { label: 'Overdue now', value: countText(o.overdueNow), note: 'Open assignments past their due date' },
      { label: 'Due in the next 30 days', value: countText(o.dueNext30Days), note: 'Open assignments' },
    ];
  });
}
