import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatAnchor, MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { CohortListStore } from '@equip/web/lead/data-access';
import { COHORT_KIND_LABELS } from '@equip/web/lead/ui';
import { ErrorSummary, PageHeader, Pagination } from '@equip/web/shared/ui';

/**
 * The cohorts the lead's departments own (a RASE administrator sees every cohort), searched and
 * paged on the server; the search and page live in the address bar.
 */
@Component({
  selector: 'equip-cohort-list-page',
  imports: [ReactiveFormsModule, RouterLink, MatAnchor, MatButton, MatFormField, MatLabel, MatInput, PageHeader, ErrorSummary, Pagination],
  providers: [CohortListStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header heading="Cohorts">
      <p>Groups of staff in your departments that you assign courses and tracks to, chosen by hand or by a rule.</p>
    </equip-page-header>

    <div class="equip-actions">
      <a matButton="filled" routerLink="new">New cohort</a>
    </div>

    <form [formGroup]="form" (ngSubmit)="apply()" role="search" aria-label="Cohorts">
      <div class="equip-filters">
        <mat-form-field appearance="outline">
          <mat-label>Cohort name</mat-label>
          <input matInput id="cohort-search" type="search" formControlName="search" autocomplete="off" />
        </mat-form-field>
      </div>
      <div class="equip-actions">
        <button matButton="outlined" type="submit">Search</button>
      </div>
    </form>

    @if (cohorts.error(); as error) {
      <equip-error-summary [items]="[{ message: error.problem.detail ?? error.problem.title }]" />
    }

    <p class="equip-status" role="status">{{ status() }}</p>

    @if (result(); as page) {
      @if (page.items.length) {
        <div class="equip-table-scroll">
          <table class="equip-table" [attr.aria-busy]="cohorts.loading()">
            <caption>
              {{ caption() }}
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Department</th>
                <th scope="col">Kind</th>
                <th scope="col">Members</th>
                <th scope="col">Assignments</th>
              </tr>
            </thead>
            <tbody>
              @for (cohort of page.items; track cohort.id) {
                <tr>
                  <th scope="row"><a [routerLink]="[cohort.id]">{{ cohort.name }}</a></th>
                  <td>
                    @if (cohort.department; as department) {
                      {{ department.name }} <span class="equip-code">({{ department.code }})</span>
                    } @else {
                      City-wide
                    }
                  </td>
                  <td>{{ kindLabels[cohort.kind] }}</td>
                  <td>{{ cohort.memberCount }}</td>
                  <td>{{ cohort.assignmentCount }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <equip-pagination label="Pages of cohorts" [page]="page.page" [pageSize]="page.pageSize" [total]="page.total" (pageChange)="goToPage($event)" />
      }
    }
  `,
})
export class CohortListPage {
  private readonly store = inject(CohortListStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly kindLabels = COHORT_KIND_LABELS;
  protected readonly cohorts = this.store.cohorts;
  protected readonly result = this.store.cohorts.value;
  protected readonly form = inject(NonNullableFormBuilder).group({ search: '' });
  private search = '';

  protected readonly caption = computed(() => {
    const page = this.result();
    if (!page) return 'Cohorts';
    return `Cohorts, page ${page.page} of ${Math.max(1, Math.ceil(page.total / page.pageSize))}`;
  });

  protected readonly status = computed(() => {
    if (this.cohorts.loading()) return 'Loading cohorts…';
    const page = this.result();
    if (!page) return '';
    if (page.total === 0) return this.search ? 'No cohorts match this search.' : 'No cohorts yet. Start with “New cohort”.';
    return `${page.total} ${page.total === 1 ? 'cohort' : 'cohorts'}.`;
  });

  constructor() {
    this.route.queryParamMap.pipe(takeUntilDestroyed()).subscribe((params) => {
      this.search = params.get('search') ?? '';
      const page = Number(params.get('page'));
      this.form.setValue({ search: this.search });
      this.store.load({ search: this.search || undefined, page: Number.isInteger(page) && page > 1 ? page : 1 });
    });
  }

  protected apply(): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { search: this.form.getRawValue().search.trim() || null, page: null } });
  }

  protected goToPage(page: number): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { page: page > 1 ? page : null }, queryParamsHandling: 'merge' });
  }
}
