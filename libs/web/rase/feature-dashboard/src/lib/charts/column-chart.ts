import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

export interface ChartPoint {
  label: string;
  /** Null when the figure is hidden to protect a small group: drawn as hidden, never as zero. */
  value: number | null;
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
 * The value axis: five or so ticks from 0. For whole counts (`whole`) every tick is a whole number
 * (a step of 1, 2 or 5 times a power of ten), so "1.5 completions" never appears on the axis.
 */
export function axisTicks(max: number, whole: boolean): number[] {
  if (!whole) {
    const top = niceMax(max);
    return [0, 0.25, 0.5, 0.75, 1].map((share) => Math.round(top * share * 100) / 100);
  }
  const steps = [1, 2, 5].flatMap((m) => [1, 10, 100, 1000, 10000, 100000, 1000000].map((p) => m * p)).sort((a, b) => a - b);
  const step = steps.find((s) => Math.ceil(Math.max(1, max) / s) <= 5) ?? steps[steps.length - 1];
  const count = Math.max(1, Math.ceil(max / step));
  return Array.from({ length: count + 1 }, (_, i) => i * step);
}

/**
 * A time series drawn as columns or as a line, in SVG, with a labelled value axis. The drawing is
 * hidden from assistive technology: the figure around it carries the same numbers as a table.
 * `max` fixes the axis (100 for percentages); otherwise it fits the data, in whole numbers when
 * `whole`. A hidden point is drawn as a striped, outlined column the height of the plot, and the
 * chart says under it what the stripes mean.
 */
@Component({
  selector: 'equip-column-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <svg class="chart" [attr.viewBox]="'0 0 ' + width + ' ' + height" aria-hidden="true" focusable="false">
      <defs>
        <pattern [attr.id]="patternId" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" class="chart__hidden-ground" />
          <line x1="0" y1="0" x2="0" y2="6" class="chart__hidden-stripe" />
        </pattern>
      </defs>
      @for (tick of ticks(); track tick.value) {
        <line class="chart__grid" [attr.x1]="pad.left" [attr.x2]="width - pad.right" [attr.y1]="tick.y" [attr.y2]="tick.y" />
        <text class="chart__axis" [attr.x]="pad.left - 6" [attr.y]="tick.y + 4" text-anchor="end">{{ tick.value }}{{ unit() }}</text>
      }
      @for (bar of bars(); track $index) {
        @if (bar.hidden) {
          <rect class="chart__hidden" [attr.x]="bar.x + 1" [attr.y]="pad.top" [attr.width]="bar.width - 2" [attr.height]="plotHeight" [attr.fill]="'url(#' + patternId + ')'" />
        }
      }
      @if (kind() === 'line') {
        @for (segment of lineSegments(); track $index) {
          <polyline class="chart__line" [attr.points]="segment" />
        }
        @for (bar of bars(); track $index) {
          @if (!bar.hidden) {
            <circle class="chart__dot" [attr.cx]="bar.x + bar.width / 2" [attr.cy]="bar.y" r="3" />
          }
        }
      } @else {
        @for (bar of bars(); track $index) {
          @if (!bar.hidden) {
            <rect class="chart__bar" [attr.x]="bar.x + 1" [attr.y]="bar.y" [attr.width]="bar.width - 2" [attr.height]="bar.height" />
          }
        }
      }
      @for (bar of bars(); track $index) {
        @if (bar.showLabel) {
          <text class="chart__axis" [attr.x]="bar.x + bar.width / 2" [attr.y]="height - 8" text-anchor="middle">{{ bar.label }}</text>
        }
      }
    </svg>
    @if (hasHidden()) {
      <p class="chart__key"><span class="chart__key-swatch" aria-hidden="true"></span> Striped: {{ hiddenLabel() }}</p>
    }
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
    .chart__hidden {
      stroke: #6b6b6b;
      stroke-dasharray: 3 2;
    }
    .chart__hidden-ground {
      fill: #eeeeee;
    }
    .chart__hidden-stripe {
      stroke: #9e9e9e;
      stroke-width: 2;
    }
    .chart__key {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      font: var(--mat-sys-body-small);
      margin: 0.25rem 0 0;
    }
    .chart__key-swatch {
      display: inline-block;
      width: 1.25rem;
      height: 1rem;
      border: 1px dashed #6b6b6b;
      background: repeating-linear-gradient(45deg, #eeeeee 0 3px, #9e9e9e 3px 5px);
      print-color-adjust: exact;
      -webkit-print-color-adjust: exact;
    }
  `,
})
export class ColumnChart {
  readonly points = input.required<readonly ChartPoint[]>();
  readonly kind = input<'columns' | 'line'>('columns');
  readonly max = input<number | null>(null);
  /** Shown after each axis value, e.g. "%". */
  readonly unit = input('');
  /** The values are whole counts: the axis never shows a fraction. */
  readonly whole = input(false);
  /** What a striped (hidden) point stands for, under the chart. */
  readonly hiddenLabel = input('a week whose figure is hidden to protect a small group (the table says why)');

  private static nextId = 0;
  protected readonly patternId = `chart-hidden-${ColumnChart.nextId++}`;
  protected readonly width = WIDTH;
  protected readonly height = HEIGHT;
  protected readonly pad = PAD;
  protected readonly plotHeight = HEIGHT - PAD.top - PAD.bottom;

  private readonly values = computed(() => this.points().flatMap((p) => (p.value === null ? [] : [p.value])));
  protected readonly hasHidden = computed(() => this.points().some((p) => p.value === null));
  private readonly tickValues = computed(() => {
    const max = this.max();
    return max !== null ? axisTicks(max, false) : axisTicks(Math.max(0, ...this.values()), this.whole());
  });
  private readonly top = computed(() => this.tickValues()[this.tickValues().length - 1] || 1);

  protected readonly ticks = computed(() =>
    this.tickValues().map((value) => ({ value, y: PAD.top + this.plotHeight * (1 - value / this.top()) })),
  );

  protected readonly bars = computed(() => {
    const points = this.points();
    const width = (WIDTH - PAD.left - PAD.right) / Math.max(1, points.length);
    // Room for about eight labels along the axis.
    const every = Math.max(1, Math.ceil(points.length / 8));
    return points.map((point, index) => {
      const height = (Math.min(point.value ?? 0, this.top()) / this.top()) * this.plotHeight;
      return {
        label: point.label,
        hidden: point.value === null,
        x: PAD.left + index * width,
        width,
        y: PAD.top + this.plotHeight - height,
        height,
        showLabel: index % every === 0,
      };
    });
  });

  /** The line, broken where a point is hidden rather than drawn down to zero. */
  protected readonly lineSegments = computed(() => {
    const segments: string[][] = [[]];
    for (const bar of this.bars()) {
      if (bar.hidden) segments.push([]);
      else segments[segments.length - 1].push(`${bar.x + bar.width / 2},${bar.y}`);
    }
    return segments.filter((s) => s.length > 0).map((s) => (s.length === 1 ? `${s[0]} ${s[0]}` : s.join(' ')));
  });
}
