import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import type { PeopleQuery } from '@equip/shared/contracts';
import { DEFAULT_REPORT_FILTERS, DepartmentReportStore, type ReportFilters, reportFiltersFromParams, reportFiltersToParams, reportFiltersToQuery } from '@equip/web/rase/data-access-reports';
import { ErrorSummary, PageHeader } from '@equip/web/shared/ui';
import { combineLatest } from 'rxjs';
import { ReportBreadcrumbs, activeFilters, departmentTrail } from '../breadcrumbs/report-breadcrumbs';
import { PeopleFilters, type PeopleFilterValue } from '../people/people-filters';
import { peopleFiltersFromParams, peopleStatusText } from '../people/people-params';
import { PeopleTable } from '../people/people-table';
import { dashboardRootPath } from '../presentation';

/**
 * The people of a department and the units under it, with each one's assignments: for
 * administrators and the department's equity leads (the api refuses anyone else). Status and
 * search sit beside the dashboard's filters in the address bar; the CSV has every matching row.
 */
@Component({
  selector: 'equip-department-people-page',
  imports: [PageHeader, ErrorSummary, PeopleFilters, PeopleTable, ReportBreadcrumbs],
  providers: [DepartmentReportStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './department-people-page.html',
})
export class DepartmentPeoplePage {
  protected readonly store = inject(DepartmentReportStore);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);

  protected readonly root = dashboardRootPath(this.route);
  protected readonly departmentId = signal('');
  protected readonly linkQuery = signal<Record<string, string | null>>({});
  protected readonly filters = signal<PeopleFilterValue>({ status: '', search: '' });
  private readonly query = signal<PeopleQuery>({});
  private readonly reportFilters = signal<ReportFilters>(DEFAULT_REPORT_FILTERS);
  protected readonly departmentPath = `${this.root}/departments`;

  /** The department's name from the filter options (the caller's departments); until they answer, a generic one. */
  private readonly department = computed(() => this.store.options.value()?.departments.find((d) => d.id === this.departmentId()) ?? null);
  protected readonly heading = computed(() => {
    const department = this.department();
    return department ? `People in ${department.name}` : 'People in this department';
  });
  protected readonly trail = computed(() => {
    const d = this.department();
    return d ? [...departmentTrail(this.store.options.value()?.departments ?? [], d.id), { id: d.id, name: d.name }] : [];
  });
  protected readonly filterWords = computed(() => activeFilters(this.reportFilters(), this.store.options.value() ?? null));

  protected readonly people = this.store.people;
  protected readonly csvUrl = computed(() => this.store.peopleCsvUrl(this.query()));
  protected readonly status = computed(() => peopleStatusText(this.people.loading(), this.people.value(), 'No one matches these filters.'));

  constructor() {
    combineLatest([this.route.paramMap, this.route.queryParamMap])
      .pipe(takeUntilDestroyed())
      .subscribe(([params, query]) => {
        const id = params.get('id') ?? '';
        const filters = reportFiltersFromParams(query);
        const { value, page } = peopleFiltersFromParams(query);
        const peopleQuery: PeopleQuery = { ...reportFiltersToQuery(filters), status: value.status || undefined, search: value.search || undefined, page };
        this.departmentId.set(id);
        this.reportFilters.set(filters);
        this.linkQuery.set(reportFiltersToParams(filters));
        this.filters.set(value);
        this.query.set(peopleQuery);
        this.store.loadPeople(id, peopleQuery);
        this.store.loadOptions();
      });
  }

  protected applyFilters({ status, search }: PeopleFilterValue): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { status: status || null, search: search.trim() || null, page: null }, queryParamsHandling: 'merge' });
  }

  protected goToPage(page: number): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { page: page > 1 ? page : null }, queryParamsHandling: 'merge' });
  }
}
