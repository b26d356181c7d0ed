import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatAnchor, MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { type PeopleQuery, REPORT_PERSON_STATUSES } from '@equip/shared/contracts';
import { DepartmentReportStore, reportFiltersFromParams, reportFiltersToParams, reportFiltersToQuery } from '@equip/web/rase/data-access-reports';
import { ErrorSummary, PageHeader, Pagination } from '@equip/web/shared/ui';
import { combineLatest } from 'rxjs';
import { dashboardRootPath, formatDate } from '../presentation';

type Status = (typeof REPORT_PERSON_STATUSES)[number];

export const PERSON_STATUS_LABELS: Record<Status, string> = {
  overdue: 'Overdue',
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
  exempt: 'Exempt',
};

/**
 * The people of a department and the units under it, with each one's assignments: for
 * administrators and the department's equity leads (the api refuses anyone else). Status and
 * search sit beside the dashboard's filters in the address bar; the CSV has every matching row.
 */
@Component({
  selector: 'equip-department-people-page',
  imports: [ReactiveFormsModule, RouterLink, MatAnchor, MatButton, MatFormField, MatLabel, MatInput, PageHeader, ErrorSummary, Pagination],
  providers: [DepartmentReportStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './department-people-page.html',
})
export class DepartmentPeoplePage {
  protected readonly store = inject(DepartmentReportStore);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);

  protected readonly root = dashboardRootPath(this.route);
  protected readonly statuses = REPORT_PERSON_STATUSES.map((value) => ({ value, label: PERSON_STATUS_LABELS[value] }));
  protected readonly statusLabels = PERSON_STATUS_LABELS;
  protected readonly formatDate = formatDate;
  protected readonly departmentId = signal('');
  protected readonly linkQuery = signal<Record<string, string | null>>({});
  private readonly query = signal<PeopleQuery>({});
  protected readonly form = inject(NonNullableFormBuilder).group({ status: '' as Status | '', search: '' });

  protected readonly people = this.store.people;
  protected readonly csvUrl = computed(() => this.store.peopleCsvUrl(this.query()));
  protected readonly caption = computed(() => {
    const page = this.people.value();
    return page ? `People, page ${page.page} of ${Math.max(1, Math.ceil(page.total / page.pageSize))}` : 'People';
  });
  protected readonly status = computed(() => {
    if (this.people.loading()) return 'Loading people…';
    const page = this.people.value();
    if (!page) return '';
    if (!page.total) return 'No one matches these filters.';
    const first = (page.page - 1) * page.pageSize + 1;
    return `${page.total} ${page.total === 1 ? 'person' : 'people'} found. Showing ${first} to ${first + page.items.length - 1}.`;
  });

  constructor() {
    combineLatest([this.route.paramMap, this.route.queryParamMap])
      .pipe(takeUntilDestroyed())
      .subscribe(([params, query]) => {
        const id = params.get('id') ?? '';
        const filters = reportFiltersFromParams(query);
        const status = query.get('status') ?? '';
        const known = (REPORT_PERSON_STATUSES as readonly string[]).includes(status) ? (status as Status) : undefined;
        const search = query.get('search') ?? '';
        const page = Number(query.get('page'));
        const peopleQuery: PeopleQuery = { ...reportFiltersToQuery(filters), status: known, search: search || undefined, page: Number.isInteger(page) && page > 1 ? page : 1 };
        this.departmentId.set(id);
        this.linkQuery.set(reportFiltersToParams(filters));
        this.form.setValue({ status: known ?? '', search });
        this.query.set(peopleQuery);
        this.store.loadPeople(id, peopleQuery);
      });
  }

  protected applyFilters(): void {
    const { status, search } = this.form.getRawValue();
    void this.router.navigate([], { relativeTo: this.route, queryParams: { status: status || null, search: search.trim() || null, page: null }, queryParamsHandling: 'merge' });
  }

  protected goToPage(page: number): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { page: page > 1 ? page : null }, queryParamsHandling: 'merge' });
  }
}
