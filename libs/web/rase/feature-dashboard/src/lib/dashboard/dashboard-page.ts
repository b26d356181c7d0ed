import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatAnchor } from '@angular/material/button';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { SubjectKey } from '@equip/shared/contracts';
import {
  DEFAULT_REPORT_FILTERS,
  DashboardStore,
  type ReportFilters,
  reportFiltersFromParams,
  reportFiltersToParams,
  reportFiltersToQuery,
} from '@equip/web/rase/data-access-reports';
import { SessionStore } from '@equip/web/shared/data-access';
import { ErrorSummary, PageHeader } from '@equip/web/shared/ui';
import { CompletionHeatmap } from '../heatmap/completion-heatmap';
import { dashboardRootPath, formatDate } from '../presentation';
import { DashboardFilters } from './dashboard-filters';
import { DisaggregationSection } from './disaggregation-section';
import { OverviewFigures } from './overview-figures';
import { ProgressionTable } from './progression-table';
import { TrendCharts } from './trend-charts';

/**
 * The reporting dashboard: headline figures, completion by department and course or track,
 * completions over time, competency levels, a breakdown by staff attribute and each department's
 * equity progression. RASE sees the city; an equity lead, the departments they lead (the api
 * decides). Filters live in the address bar and follow the drill-down into a department.
 */
@Component({
  selector: 'equip-dashboard-page',
  imports: [RouterLink, MatAnchor, PageHeader, ErrorSummary, DashboardFilters, OverviewFigures, CompletionHeatmap, TrendCharts, DisaggregationSection, ProgressionTable],
  providers: [DashboardStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './dashboard-page.html',
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
export class DashboardPage {
  protected readonly store = inject(DashboardStore);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly session = inject(SessionStore);

  protected readonly root = dashboardRootPath(this.route);
  protected readonly departmentPath = `${this.root}/departments`;
  private readonly roles = computed(() => this.session.user()?.roles ?? []);
  protected readonly isAdministrator = computed(() => this.roles().includes('rase_admin'));
  /** A lead without a city-wide role sees only their departments. */
  protected readonly isLeadView = computed(() => !this.roles().some((r) => r === 'rase_admin' || r === 'viewer'));
  protected readonly heading = computed(() => (this.isLeadView() ? 'Dashboard of my departments' : 'City-wide dashboard'));

  protected readonly filters = signal<ReportFilters>(DEFAULT_REPORT_FILTERS);
  protected readonly linkQuery = computed(() => reportFiltersToParams(this.filters()));
  protected readonly summaryPdfUrl = computed(() => this.store.summaryPdfUrl(reportFiltersToQuery(this.filters())));
  protected readonly dashboard = this.store.dashboard;
  protected readonly asOf = computed(() => {
    const d = this.dashboard.value();
    return d ? formatDate(d.overview.asOf) : '';
  });
  protected readonly disaggregationSubject = computed<SubjectKey | null>(() => {
    const d = this.dashboard.value();
    return this.filters().subject || (d ? d.overview.foundationsTrack.key : null);
  });

  constructor() {
    this.store.init();
    this.route.queryParamMap.pipe(takeUntilDestroyed()).subscribe((params) => {
      const filters = reportFiltersFromParams(params);
      this.filters.set(filters);
      this.store.load(reportFiltersToQuery(filters));
    });
  }

  protected applyFilters(filters: ReportFilters): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: reportFiltersToParams(filters) });
  }

  protected clearFilters(): void {
    this.applyFilters(DEFAULT_REPORT_FILTERS);
  }
}
