import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatAnchor } from '@angular/material/button';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { membersCsvUrl } from '@equip/web/lead/data-access';
import { STATUS_LABELS } from '@equip/web/lead/ui';
import { CohortReportStore } from '@equip/web/rase/data-access-reports';
import { ErrorSummary, PageHeader, Pagination } from '@equip/web/shared/ui';
import { ReportTable } from '../charts/report-table';
import type { TableData } from '../charts/table-data';
import { countText, dashboardRootPath, formatDate, percentText } from '../presentation';

/**
 * One cohort's figures per course or track it assigns, and — for administrators and the leads of
 * its department — its members with each one's status, paged, with the CSV of every member.
 */
@Component({
  selector: 'equip-cohort-report-page',
  imports: [RouterLink, MatAnchor, PageHeader, ErrorSummary, Pagination, ReportTable],
  providers: [CohortReportStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './cohort-report-page.html',
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
export class CohortReportPage {
  protected readonly store = inject(CohortReportStore);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);

  protected readonly root = dashboardRootPath(this.route);
  protected readonly cohortId = this.route.snapshot.paramMap.get('id') ?? '';
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly formatDate = formatDate;
  protected readonly countText = countText;
  protected readonly csvUrl = membersCsvUrl(this.cohortId, { sort: 'name', direction: 'asc' });
  private readonly page = signal(1);

  protected readonly report = this.store.report;
  protected readonly members = this.store.members;
  protected readonly heading = computed(() => this.report.value()?.cohort.name ?? (this.report.error() ? 'Cohort not found' : 'Cohort'));

  protected readonly subjectsTable = computed<TableData | null>(() => {
    const r = this.report.value();
    if (!r) return null;
    return {
      caption: `What ${r.cohort.name} assigns`,
      columns: ['Course or track', 'Assigned', 'Completed', 'Exempt', 'Overdue', 'Completed (%)'],
      rows: r.subjects.map((s) => ({
        header: s.title,
        cells: [countText(s.assigned), countText(s.completed), countText(s.exempt), countText(s.overdue), percentText(s.percentCompleted)],
      })),
    };
  });
  protected readonly caption = computed(() => {
    const page = this.members.value();
    return page ? `Members, page ${page.page} of ${Math.max(1, Math.ceil(page.total / page.pageSize))}` : 'Members';
  });
  protected readonly membersStatus = computed(() => {
    if (this.members.loading()) return 'Loading members…';
    const page = this.members.value();
    if (!page) return '';
    return page.total ? `${page.total} ${page.total === 1 ? 'member' : 'members'}.` : 'The cohort has no members.';
  });

  constructor() {
    this.store.load(this.cohortId);
    this.route.queryParamMap.pipe(takeUntilDestroyed()).subscribe((params) => {
      const page = Number(params.get('page'));
      this.page.set(Number.isInteger(page) && page > 1 ? page : 1);
    });
    // Members only once the report says this person may see them (viewers see figures only).
    effect(() => {
      const page = this.page();
      if (this.report.value()?.canListPeople) untracked(() => this.store.loadMembers({ sort: 'name', direction: 'asc', page }));
    });
  }

  protected goToPage(page: number): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { page: page > 1 ? page : null } });
  }
}
