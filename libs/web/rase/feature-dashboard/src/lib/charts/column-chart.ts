import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

export interface ChartPoint {
  label: string;
  value: number;
}

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { top: 12, right: 8, bottom: 28, left: 44 };

/** A round upper bound for the axis: 1, 2 or 5 times a power of ten. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((step) => step * power >= value) ?? 10) * power;
}

/**
 * A time series drawn as columns or as a line, in SVG, with a labelled value axis. The drawing is
 * hidden from assistive technology: the figure around it carries the same numbers as a table.
 * `max` fixes the axis (100 for percentages); otherwise it fits the data.
 */
@Component({
  selector: 'equip-column-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <svg class="chart" [attr.viewBox]="'0 0 ' + width + ' ' + height" aria-hidden="true" focusable="false">
      @for (tick of ticks(); track tick.value) {
        <line class="chart__grid" [attr.x1]="pad.left" [attr.x2]="width - pad.right" [attr.y1]="tick.y" [attr.y2]="tick.y" />
        <text class="chart__axis" [attr.x]="pad.left - 6" [attr.y]="tick.y + 4" text-anchor="end">{{ tick.value }}{{ unit() }}</text>
      }
      @if (kind() === 'line') {
        <polyline class="chart__line" [attr.points]="linePoints()" />
        @for (bar of bars(); track $index) {
          <circle class="chart__dot" [attr.cx]="bar.x + bar.width / 2" [attr.cy]="bar.y" r="3" />
        }
      } @else {
        @for (bar of bars(); track $index) {
          <rect class="chart__bar" [attr.x]="bar.x + 1" [attr.y]="bar.y" [attr.width]="bar.width - 2" [attr.height]="bar.height" />
        }
      }
      @for (bar of bars(); track $index) {
        @if (bar.showLabel) {
          <text class="chart__axis" [attr.x]="bar.x + bar.width / 2" [attr.y]="height - 8" text-anchor="middle">{{ bar.label }}</text>
        }
      }
    </svg>
  `,
  styles: `
    .chart {
      width: 100%;
      max-width: 48rem;
      height: auto;
      display: block;
    }
    .chart__grid {
      stroke: var(--mat-sys-outline-variant);
      stroke-width: 1;
    }
    .chart__axis {
      font-size: 11px;
      fill: var(--mat-sys-on-surface-variant);
    }
    .chart__bar {
      fill: var(--mat-sys-primary);
    }
    .chart__line {
      fill: none;
      stroke: var(--mat-sys-primary);
      stroke-width: 2.5;
    }
    .chart__dot {
      fill: var(--mat-sys-primary);
    }
  `,
})
export class ColumnChart {
  readonly points = input.required<readonly ChartPoint[]>();
  readonly kind = input<'columns' | 'line'>('columns');
  readonly max = input<number | null>(null);
  /** Shown after each axis value, e.g. "%". */
  readonly unit = input('');

  protected readonly width = WIDTH;
  protected readonly height = HEIGHT;
  protected readonly pad = PAD;

  private readonly top = computed(() => this.max() ?? niceMax(Math.max(0, ...this.points().map((p) => p.value))));
  private readonly plotHeight = HEIGHT - PAD.top - PAD.bottom;

  protected readonly ticks = computed(() => {
    const top = this.top();
    return [0, 0.25, 0.5, 0.75, 1].map((share) => ({
      value: Math.round(top * share * 100) / 100,
      y: PAD.top + this.plotHeight * (1 - share),
    }));
  });

  protected readonly bars = computed(() => {
    const points = this.points();
    const width = (WIDTH - PAD.left - PAD.right) / Math.max(1, points.length);
    // Room for about eight labels along the axis.
    const every = Math.max(1, Math.ceil(points.length / 8));
    return points.map((point, index) => {
      const height = (Math.min(point.value, this.top()) / this.top()) * this.plotHeight;
      return {
        label: point.label,
        x: PAD.left + index * width,
        width,
        y: PAD.top + this.plotHeight - height,
        height,
        showLabel: index % every === 0,
      };
    });
  });

  protected readonly linePoints = computed(() =>
    this.bars()
      .map((bar) => `${bar.x + bar.width / 2},${bar.y}`)
      .join(' '),
  );
}
