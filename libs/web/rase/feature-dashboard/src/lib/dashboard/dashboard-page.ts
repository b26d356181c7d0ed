import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatAnchor, MatButton } from '@angular/material/button';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { PROTECTED_FIGURES_EXPLANATION, type DashboardQuery, type SubjectKey } from '@equip/shared/contracts';
import {
  DEFAULT_REPORT_FILTERS,
  DashboardStore,
  type ReportFilters,
  reportFiltersFromParams,
  reportFiltersToParams,
  reportFiltersToQuery,
  withoutWindow,
} from '@equip/web/rase/data-access-reports';
import { formatCityDateTime, SessionStore } from '@equip/web/shared/data-access';
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
 *
 * Exact or protected: administrators and leads see exact figures (a viewer who also leads, exact
 * in their departments); where figures are protected, one sentence says what the words stand for.
 * An administrator's "Show as published" switch previews what viewers see, each hidden figure
 * with its reason. Downloads are made to be shared, so they hold published figures: the summary
 * PDF (the api's default) and each table's Export CSV (from the published figures, read alongside).
 */
@Component({
  selector: 'equip-dashboard-page',
  imports: [RouterLink, MatAnchor, MatButton, PageHeader, ErrorSummary, DashboardFilters, OverviewFigures, CompletionHeatmap, TrendCharts, DisaggregationSection, ProgressionTable],
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
    .disclosure-switch {
      margin-block: 1rem;
    }
    .disclosure-switch__label {
      display: inline-flex;
      gap: 0.5rem;
      align-items: center;
      font: var(--mat-sys-title-small);
    }
    .disclosure-switch__label input {
      width: 1.25rem;
      height: 1.25rem;
      margin: 0;
    }
    .disclosure-switch__hint,
    .disclosure {
      font: var(--mat-sys-body-medium);
      margin: 0.25rem 0 1rem;
      max-width: 60rem;
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
  /** Administrators and leads may see exact figures somewhere; a viewer alone never does. */
  private readonly maySeeExact = computed(() => this.roles().some((r) => r === 'rase_admin' || r === 'equity_lead'));
  protected readonly explanation = PROTECTED_FIGURES_EXPLANATION;

  protected readonly filters = signal<ReportFilters>(DEFAULT_REPORT_FILTERS);
  protected readonly linkQuery = computed(() => reportFiltersToParams(this.filters()));
  protected readonly summaryPdfUrl = computed(() => this.store.summaryPdfUrl(reportFiltersToQuery(this.filters())));
  /** What is asked for is protected (a viewer, or "Show as published"): published figures have no window of weeks. */
  protected readonly protectedView = computed(() => !this.maySeeExact() || this.filters().published);
  protected readonly publishing = signal<'idle' | 'sending' | 'sent' | 'failed'>('idle');
  protected readonly dashboard = this.store.dashboard;
  /** Exact figures on screen (all or some): the exports then come from the published figures. */
  protected readonly showsExact = computed(() => {
    const d = this.dashboard.value();
    return !!d && d.disclosure !== 'protected';
  });
  protected readonly exportDashboard = computed(() => (this.showsExact() ? (this.store.forExport.value() ?? null) : null));
  protected readonly asOf = computed(() => {
    const d = this.dashboard.value();
    if (!d) return '';
    return d.publication ? `Published figures as of ${formatCityDateTime(d.publication.computedAt)}` : `Figures as of ${formatDate(d.overview.asOf)}`;
  });
  protected readonly publishedAt = computed(() => {
    const latest = this.store.publication.value()?.latest;
    return latest ? formatCityDateTime(latest.computedAt) : null;
  });
  /** The subjects whose protection took too long in the latest publication, in words ('' when none): by department only, or not at all. */
  protected readonly departmentsOnly = computed(() => subjectsInWords(this.store.publication.value()?.latest?.departmentsOnly ?? []));
  protected readonly unfinished = computed(() => subjectsInWords(this.store.publication.value()?.latest?.unfinished ?? []));
  protected readonly disaggregationSubject = computed<SubjectKey | null>(() => {
    const d = this.dashboard.value();
    return this.filters().subject || (d ? d.overview.foundationsTrack.key : null);
  });

  constructor() {
    this.store.init();
    let progressionFigures: DashboardQuery['figures'] | null = null;
    this.route.queryParamMap.pipe(takeUntilDestroyed()).subscribe((params) => {
      const filters = reportFiltersFromParams(params);
      const asked = reportFiltersToQuery(filters);
      const query = !this.maySeeExact() || filters.published ? withoutWindow(asked) : asked;
      this.filters.set(filters);
      this.store.load(query);
      if (this.maySeeExact() && !filters.published) this.store.loadForExport(query);
      // The progression takes no filters: read again only when "Show as published" changes.
      if (progressionFigures !== query.figures) this.store.loadProgression(query.figures);
      if (this.isAdministrator() && filters.published) this.store.loadPublication();
      progressionFigures = query.figures;
    });
  }

  protected applyFilters(filters: ReportFilters): void {
    // The filter form does not hold "Show as published": it stays as it was.
    void this.router.navigate([], { relativeTo: this.route, queryParams: reportFiltersToParams({ ...filters, published: this.filters().published }) });
  }

  protected showAsPublished(published: boolean): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: reportFiltersToParams({ ...this.filters(), published }) });
  }

  /** Administrators: the worker computes the published figures again; the page reads them when it is done. */
  protected publishNow(): void {
    if (this.publishing() === 'sending') return;
    this.publishing.set('sending');
    this.store.publishNow().subscribe({ next: () => this.publishing.set('sent'), error: () => this.publishing.set('failed') });
  }

  protected clearFilters(): void {
    this.applyFilters(DEFAULT_REPORT_FILTERS);
  }
}

/** "Equity 101", or "2 courses and tracks (Equity 101 and Foundations)"; '' for none. */
function subjectsInWords(titles: readonly string[]): string {
  if (titles.length === 0) return '';
  const list = new Intl.ListFormat('en-US', { style: 'long', type: 'conjunction' }).format(titles);
  return titles.length === 1 ? list : `${titles.length} courses and tracks (${list})`;
}
