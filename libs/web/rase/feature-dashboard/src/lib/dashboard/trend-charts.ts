import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { CompetencyLevelCount, WeeklyPoint } from '@equip/shared/contracts';
import { BarList } from '../charts/bar-list';
import { ChartFigure } from '../charts/chart-figure';
import { ColumnChart } from '../charts/column-chart';
import type { TableData } from '../charts/table-data';
import { countText, formatDate, percentText } from '../presentation';

/**
 * Completions per week, the cumulative share trained, and the competency level distribution:
 * each drawn, each with its table and CSV. A hidden week is drawn as hidden (striped), never as
 * zero; its table says why.
 */
@Component({
  selector: 'equip-trend-charts',
  imports: [ChartFigure, ColumnChart, BarList],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-chart-figure [table]="weeklyTable()" [exportTable]="exportWeeklyTable()">
      <equip-column-chart [points]="weeklyPoints()" [whole]="true" />
    </equip-chart-figure>
    <equip-chart-figure [table]="shareTable()" [exportTable]="exportShareTable()">
      <equip-column-chart kind="line" [points]="sharePoints()" [max]="100" unit="%" />
    </equip-chart-figure>
    <equip-chart-figure [table]="competencyTable()" [exportTable]="exportCompetencyTable()">
      @if (competencies().length) {
        <equip-bar-list [items]="competencyBars()" />
      } @else {
        <p>No competency levels have been awarded to these staff yet.</p>
      }
    </equip-chart-figure>
  `,
})
export class TrendCharts {
  readonly weekly = input.required<readonly WeeklyPoint[]>();
  readonly competencies = input.required<readonly CompetencyLevelCount[]>();
  readonly foundationsTitle = input.required<string>();
  /** The same series and levels as published, for the CSV exports when the screen shows exact figures. */
  readonly exportFrom = input<{ weekly: readonly WeeklyPoint[]; competencies: readonly CompetencyLevelCount[] } | null>(null);

  protected readonly weeklyPoints = computed(() => this.weekly().map((w) => ({ label: formatDate(w.weekStart).replace(/, \d{4}$/, ''), value: w.completions.count })));
  protected readonly weeklyTable = computed<TableData>(() => weeklyTable(this.weekly()));
  protected readonly exportWeeklyTable = computed(() => {
    const from = this.exportFrom();
    return from ? weeklyTable(from.weekly) : null;
  });

  protected readonly sharePoints = computed(() =>
    this.weekly().map((w) => ({ label: formatDate(w.weekStart).replace(/, \d{4}$/, ''), value: w.shareTrainedPercent })),
  );
  protected readonly shareTable = computed<TableData>(() => shareTable(this.weekly(), this.foundationsTitle()));
  protected readonly exportShareTable = computed(() => {
    const from = this.exportFrom();
    return from ? shareTable(from.weekly, this.foundationsTitle()) : null;
  });

  protected readonly competencyBars = computed(() =>
    this.competencies().map((c) => ({ label: `${c.competency.name}: ${c.level}`, value: c.staff.count ?? 0, text: countText(c.staff) })),
  );
  protected readonly competencyTable = computed<TableData>(() => competencyTable(this.competencies()));
  protected readonly exportCompetencyTable = computed(() => {
    const from = this.exportFrom();
    return from ? competencyTable(from.competencies) : null;
  });
}

const weeklyTable = (weekly: readonly WeeklyPoint[]): TableData => ({
  caption: 'Completions per week',
  columns: ['Week starting', 'Completions'],
  rows: weekly.map((w) => ({ header: w.weekStart, cells: [countText(w.completions)] })),
});

const shareTable = (weekly: readonly WeeklyPoint[], foundationsTitle: string): TableData => ({
  caption: `Cumulative share of staff trained in ${foundationsTitle}`,
  columns: ['Week starting', 'Staff trained by the end of the week', 'Share of staff'],
  rows: weekly.map((w) => ({ header: w.weekStart, cells: [countText(w.trainedCumulative), percentText(w.shareTrainedPercent)] })),
});

const competencyTable = (competencies: readonly CompetencyLevelCount[]): TableData => ({
  caption: 'Competency level distribution',
  columns: ['Competency', 'Level', 'Staff'],
  rows: competencies.map((c) => ({ header: c.competency.name, cells: [c.level, countText(c.staff)] })),
});
