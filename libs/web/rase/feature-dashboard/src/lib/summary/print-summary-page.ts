import { ChangeDetectionStrategy, Component, DOCUMENT, ViewEncapsulation, computed, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { PROTECTED_FIGURES_EXPLANATION } from '@equip/shared/contracts';
import { DashboardStore, reportFiltersFromParams, reportFiltersToParams, reportFiltersToQuery, withoutWindow } from '@equip/web/rase/data-access-reports';
import { formatCityDateTime } from '@equip/web/shared/data-access';
import { ErrorSummary } from '@equip/web/shared/ui';
import { cellText, countText, dashboardRootPath, formatDate, percentText } from '../presentation';
import { OverviewFigures } from '../dashboard/overview-figures';

/**
 * A one-page summary for leadership: the headline figures and each top-level department's share
 * trained (published figures have no weeks and no stages; the page says so). "Print summary" opens the browser's print dialog
 * (save as PDF from there); the print stylesheet leaves out the app's header, navigation and
 * buttons and fits the page on one sheet. Made to be shared, it always holds published figures.
 */
@Component({
  selector: 'equip-print-summary-page',
  imports: [RouterLink, MatButton, ErrorSummary, OverviewFigures],
  providers: [DashboardStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Unscoped: the print rules reach the app shell around the page while it is shown.
  encapsulation: ViewEncapsulation.None,
  templateUrl: './print-summary-page.html',
  styleUrl: './print-summary-page.css',
})
export class PrintSummaryPage {
  protected readonly store = inject(DashboardStore);
  private readonly route = inject(ActivatedRoute);
  private readonly document = inject(DOCUMENT);

  protected readonly root = dashboardRootPath(this.route);
  protected readonly dashboard = this.store.dashboard;
  protected readonly linkQuery = computed(() => reportFiltersToParams(reportFiltersFromParams(this.route.snapshot.queryParamMap)));
  protected readonly countText = countText;
  protected readonly percentText = percentText;
  protected readonly explanation = PROTECTED_FIGURES_EXPLANATION;

  protected readonly asOf = computed(() => {
    const d = this.dashboard.value();
    if (!d) return '';
    return d.publication ? `Published figures as of ${formatCityDateTime(d.publication.computedAt)}` : `Figures as of ${formatDate(d.overview.asOf)}`;
  });
  /** Top-level departments only, to fit one page: the foundations track's share for each. */
  protected readonly departments = computed(() => {
    const d = this.dashboard.value();
    if (!d) return [];
    const top = Math.min(...d.heatmap.map((r) => r.department.depth));
    const key = d.overview.foundationsTrack.key;
    return d.heatmap
      .filter((r) => r.department.depth === top)
      .map((r) => {
        const cell = r.cells.find((c) => c.subject === key);
        return {
          id: r.department.id,
          name: r.department.name,
          trained: cell ? cellText(cell) : 'not assigned',
          completed: cell ? `${countText(cell.completed)} of ${countText(cell.assigned)}` : '',
        };
      });
  });

  constructor() {
    this.store.init();
    this.route.queryParamMap
      .pipe(takeUntilDestroyed())
      .subscribe((params) => this.store.load({ ...withoutWindow(reportFiltersToQuery(reportFiltersFromParams(params))), figures: 'published' }));
  }

  protected print(): void {
    this.document.defaultView?.print();
  }
}
