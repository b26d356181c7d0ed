import { ChangeDetectionStrategy, Component, computed, effect, input, signal, inject } from '@angular/core';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { DISAGGREGATION_DIMENSIONS, type Disaggregation, type DisaggregationDimension, type ReportFigures, type ReportSubject, type SubjectKey } from '@equip/shared/contracts';
import { DashboardStore } from '@equip/web/rase/data-access-reports';
import { ErrorSummary } from '@equip/web/shared/ui';
import { BarList } from '../charts/bar-list';
import { ChartFigure } from '../charts/chart-figure';
import type { TableData } from '../charts/table-data';
import { countText, percentText } from '../presentation';

export const DIMENSION_LABELS: Record<DisaggregationDimension, string> = {
  job_class: 'Job class',
  work_location: 'Work location',
  tenure_band: 'Years of service',
};

/**
 * Completion of one course or track broken down by job class, work location or years of service.
 * The api hides groups of fewer than 5 (and any cell that would reveal one); they read as such.
 */
@Component({
  selector: 'equip-disaggregation-section',
  imports: [MatFormField, MatLabel, MatInput, ErrorSummary, ChartFigure, BarList],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="equip-filters">
      <mat-form-field appearance="outline">
        <mat-label>Break down by</mat-label>
        <select matNativeControl id="disaggregation-dimension" [value]="dimension()" (change)="dimension.set($any($event.target).value)">
          @for (d of dimensions; track d) {
            <option [value]="d">{{ labels[d] }}</option>
          }
        </select>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>Completion of</mat-label>
        <select matNativeControl id="disaggregation-subject" [value]="subject()" (change)="chosenSubject.set($any($event.target).value)">
          @for (s of subjects(); track s.key) {
            <option [value]="s.key">{{ s.title }} ({{ s.kind }})</option>
          }
        </select>
      </mat-form-field>
    </div>
    @if (store.disaggregation.error(); as error) {
      <equip-error-summary [items]="[{ message: error.problem.detail ?? error.problem.title }]" />
    } @else if (table(); as t) {
      <equip-chart-figure [table]="t" [exportTable]="exportTable()">
        <equip-bar-list [items]="bars()" />
      </equip-chart-figure>
    } @else {
      <p role="status">Loading the breakdown…</p>
    }
  `,
})
export class DisaggregationSection {
  protected readonly store = inject(DashboardStore);

  readonly subjects = input.required<readonly ReportSubject[]>();
  /** The subject when none is chosen here: the dashboard's filter, else the foundations track. */
  readonly defaultSubject = input.required<SubjectKey>();
  readonly departmentId = input('');
  readonly activeOnly = input(false);
  /** `published` for "Show as published"; left out, the caller's own figures. */
  readonly figures = input<ReportFigures | undefined>(undefined);
  /** The screen shows exact figures: export the breakdown as published. */
  readonly exportPublished = input(false);

  protected readonly dimensions = DISAGGREGATION_DIMENSIONS;
  protected readonly labels = DIMENSION_LABELS;
  protected readonly dimension = signal<DisaggregationDimension>('job_class');
  protected readonly chosenSubject = signal<SubjectKey | null>(null);
  protected readonly subject = computed(() => this.chosenSubject() ?? this.defaultSubject());

  protected readonly table = computed(() => breakdownTable(this.store.disaggregation.value()));
  protected readonly exportTable = computed(() => (this.exportPublished() ? breakdownTable(this.store.disaggregationForExport.value()) : null));
  protected readonly bars = computed(() =>
    (this.store.disaggregation.value()?.rows ?? []).map((r) => ({
      label: r.group,
      value: r.percentCompleted ?? 0,
      text: r.percentCompleted === null ? countText(r.completed.suppressed ? r.completed : r.assigned) : `${r.percentCompleted}%`,
    })),
  );

  constructor() {
    effect(() => {
      this.store.loadDisaggregation(
        {
          dimension: this.dimension(),
          subject: this.subject(),
          departmentId: this.departmentId() || undefined,
          activeOnly: this.activeOnly(),
          figures: this.figures(),
        },
        this.exportPublished(),
      );
    });
  }
}

/** The breakdown as a table (its screen form and its CSV); null until it has loaded. */
function breakdownTable(result: Disaggregation | null | undefined): TableData | null {
  if (!result) return null;
  const row = (r: (typeof result.rows)[number]) => [countText(r.assigned), countText(r.completed), percentText(r.percentCompleted)];
  return {
    caption: `Completion of ${result.subject.title} by ${DIMENSION_LABELS[result.query.dimension].toLowerCase()}`,
    columns: [DIMENSION_LABELS[result.query.dimension], 'Assigned', 'Completed', 'Completed (%)'],
    rows: [...result.rows.map((r) => ({ header: r.group, cells: row(r) })), { header: 'All staff', cells: row(result.total) }],
  };
}
