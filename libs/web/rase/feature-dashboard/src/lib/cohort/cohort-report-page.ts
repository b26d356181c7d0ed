import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { CohortPeopleQuery } from '@equip/shared/contracts';
import { CohortReportStore } from '@equip/web/rase/data-access-reports';
import { ErrorSummary, PageHeader } from '@equip/web/shared/ui';
import { ReportTable } from '../charts/report-table';
import type { TableData } from '../charts/table-data';
import { PeopleFilters, type PeopleFilterValue } from '../people/people-filters';
import { peopleFiltersFromParams, peopleStatusText } from '../people/people-params';
import { PeopleTable } from '../people/people-table';
import { countText, dashboardRootPath, percentText } from '../presentation';

/**
 * One cohort's figures per course or track it assigns, and — for administrators and the leads of
 * its department — its members with what it assigns them, by status and name (kept in the
 * address bar), paged, with the CSV of every match.
 */
@Component({
  selector: 'equip-cohort-report-page',
  imports: [RouterLink, PageHeader, ErrorSummary, ReportTable, PeopleFilters, PeopleTable],
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
  protected readonly countText = countText;
  protected readonly filters = signal<PeopleFilterValue>({ status: '', search: '' });
  private readonly query = signal<CohortPeopleQuery>({});

  protected readonly report = this.store.report;
  protected readonly members = this.store.members;
  protected readonly heading = computed(() => this.report.value()?.cohort.name ?? (this.report.error() ? 'Cohort not found' : 'Cohort'));
  protected readonly csvUrl = computed(() => this.store.membersCsvUrl(this.query()));

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
  protected readonly membersStatus = computed(() => {
    const filtered = this.query().status || this.query().search;
    return peopleStatusText(this.members.loading(), this.members.value(), filtered ? 'No member matches these filters.' : 'The cohort has no members.');
  });

  constructor() {
    this.store.load(this.cohortId);
    this.route.queryParamMap.pipe(takeUntilDestroyed()).subscribe((params) => {
      const { value, page } = peopleFiltersFromParams(params);
      this.filters.set(value);
      this.query.set({ status: value.status || undefined, search: value.search || undefined, page });
    });
    // Members only once the report says this person may see them (viewers see figures only).
    effect(() => {
      const query = this.query();
      if (this.report.value()?.canListPeople) untracked(() => this.store.loadMembers(query));
    });
  }

  protected applyFilters({ status, search }: PeopleFilterValue): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { status: status || null, search: search.trim() || null, page: null }, queryParamsHandling: 'merge' });
  }

  protected goToPage(page: number): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { page: page > 1 ? page : null }, queryParamsHandling: 'merge' });
  }
}
