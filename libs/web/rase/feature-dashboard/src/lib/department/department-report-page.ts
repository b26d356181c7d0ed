import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatAnchor } from '@angular/material/button';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { PROTECTED_FIGURES_EXPLANATION } from '@equip/shared/contracts';
import { DEFAULT_REPORT_FILTERS, DepartmentReportStore, type ReportFilters, reportFiltersFromParams, reportFiltersToParams, reportFiltersToQuery } from '@equip/web/rase/data-access-reports';
import { SessionStore } from '@equip/web/shared/data-access';
import { ErrorSummary, PageHeader } from '@equip/web/shared/ui';
import { combineLatest } from 'rxjs';
import { ReportTable } from '../charts/report-table';
import type { TableData } from '../charts/table-data';
import { ReportBreadcrumbs, activeFilters, departmentTrail } from '../breadcrumbs/report-breadcrumbs';
import { CompletionHeatmap } from '../heatmap/completion-heatmap';
import { countText, dashboardRootPath, formatDate, formatMonth, indicatorName, indicatorValueText, missingText, percentText, stageName } from '../presentation';

/**
 * One department's drill-down: completion in it and in each unit under it, its cohorts (each
 * opening the cohort's figures), its stage on the equity progression with what the next stage
 * needs and its monthly history, and — for administrators and its equity leads — its people.
 */
@Component({
  selector: 'equip-department-report-page',
  imports: [RouterLink, MatAnchor, PageHeader, ErrorSummary, CompletionHeatmap, ReportTable, ReportBreadcrumbs],
  providers: [DepartmentReportStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './department-report-page.html',
  styles: `
    section {
      margin-block-end: 2.5rem;
    }
    h2 {
      font: var(--mat-sys-title-large);
      margin: 0 0 0.75rem;
    }
  `,
})
export class DepartmentReportPage {
  protected readonly store = inject(DepartmentReportStore);
  private readonly route = inject(ActivatedRoute);
  private readonly session = inject(SessionStore);

  protected readonly root = dashboardRootPath(this.route);
  protected readonly departmentPath = `${this.root}/departments`;
  protected readonly isAdministrator = computed(() => this.session.user()?.roles.includes('rase_admin') ?? false);
  protected readonly linkQuery = signal<Record<string, string | null>>({});
  protected readonly departmentId = signal('');
  private readonly filters = signal<ReportFilters>(DEFAULT_REPORT_FILTERS);
  /** The departments above this one, by name (the options list what the caller may open). */
  protected readonly trail = computed(() => departmentTrail(this.store.options.value()?.departments ?? [], this.departmentId()));
  protected readonly filterWords = computed(() => activeFilters(this.filters(), this.store.options.value() ?? null));

  protected readonly report = this.store.report;
  /** Said wherever figures are protected. */
  protected readonly explanation = PROTECTED_FIGURES_EXPLANATION;
  protected readonly progression = this.store.progression;
  protected readonly heading = computed(() => this.report.value()?.department.name ?? (this.report.error() ? 'Department not found' : 'Department'));

  protected readonly cohortsTable = computed<TableData | null>(() => {
    const r = this.report.value();
    if (!r) return null;
    return {
      caption: `Cohorts in ${r.department.name}`,
      columns: ['Cohort', 'Department', 'Members', 'Assigned', 'Completed', 'Overdue', 'Completed (%)'],
      rows: r.cohorts.map((c) => ({
        header: c.name,
        link: `${this.root}/cohorts/${c.id}`,
        cells: [c.department ? c.department.name : 'City-wide', countText(c.members), countText(c.assigned), countText(c.completed), countText(c.overdue), percentText(c.percentCompleted)],
      })),
    };
  });

  protected readonly indicatorsTable = computed<TableData | null>(() => {
    const p = this.progression.value();
    if (!p) return null;
    return {
      caption: 'Indicators now',
      columns: ['Indicator', 'Source', 'Value', 'Recorded on', 'Evidence'],
      rows: p.current.indicators.map((v) => {
        const definition = p.indicators.find((i) => i.key === v.indicator);
        return {
          header: indicatorName(v.indicator, p.indicators),
          cells: [definition?.source === 'recorded' ? 'Recorded' : 'Measured', indicatorValueText(v.value, v.suppressed), v.recordedOn ? formatDate(v.recordedOn) : '', v.evidenceUrl ?? ''],
          external: [3],
        };
      }),
    };
  });

  protected readonly historyTable = computed<TableData | null>(() => {
    const p = this.progression.value();
    if (!p) return null;
    const keys = p.indicators.map((i) => i.key);
    return {
      caption: 'Progression history, by month',
      columns: ['Month', 'Stage', ...p.indicators.map((i) => i.name)],
      rows: p.history.map((h) => ({
        header: formatMonth(h.month),
        cells: [stageName(h.stage, p.stages), ...keys.map((key) => {
          const v = h.indicators.find((x) => x.indicator === key);
          return indicatorValueText(v?.value ?? null, v?.suppressed);
        })],
      })),
    };
  });

  protected readonly nextNeeds = computed(() => {
    const p = this.progression.value();
    const next = p?.current.next;
    return p && next ? { stage: stageName(next.stage, p.stages), missing: next.missing.map((m) => missingText(m, p.indicators)) } : null;
  });

  protected stage(stage: Parameters<typeof stageName>[0]): string {
    return stageName(stage, this.progression.value()?.stages ?? []);
  }

  constructor() {
    combineLatest([this.route.paramMap, this.route.queryParamMap])
      .pipe(takeUntilDestroyed())
      .subscribe(([params, query]) => {
        const id = params.get('id') ?? '';
        const filters = reportFiltersFromParams(query);
        this.departmentId.set(id);
        this.filters.set(filters);
        this.linkQuery.set(reportFiltersToParams(filters));
        this.store.load(id, reportFiltersToQuery(filters));
      });
  }
}
