import { ChangeDetectionStrategy, Component, DOCUMENT, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatAnchor, MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { CohortSummary } from '@equip/shared/contracts';
import { CohortListStore } from '@equip/web/lead/data-access';
import { ApiError, formatCityDateTime, toProblem } from '@equip/web/shared/data-access';
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
    <equip-page-header [heading]="archived() ? 'Archived cohorts' : 'Cohorts'">
      @if (archived()) {
        <p>Cohorts that were archived. Restoring one brings back its name and rule, not its members or assignments.</p>
      } @else {
        <p>Groups of staff in your departments that you assign courses and tracks to, chosen by hand or by a rule.</p>
      }
    </equip-page-header>

    <div class="equip-actions">
      @if (archived()) {
        <a routerLink="." [queryParams]="{}">Show current cohorts</a>
      } @else {
        <a matButton="filled" routerLink="new">New cohort</a>
        <a routerLink="." [queryParams]="{ archived: 'true' }">Show archived cohorts</a>
      }
    </div>

    <div id="restore-outcome" tabindex="-1" class="equip-status" [attr.role]="restoreOutcome()?.kind === 'error' ? 'alert' : 'status'">
      @if (restoreOutcome(); as outcome) {
        <p>
          {{ outcome.text }}
          @if (outcome.cohortId) {
            <a [routerLink]="[outcome.cohortId]">Open {{ outcome.name }}</a>
          }
        </p>
      }
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
                <th scope="col">{{ archived() ? 'Archived' : 'Assignments' }}</th>
                @if (archived()) {
                  <th scope="col"><span class="equip-visually-hidden">Restore</span></th>
                }
              </tr>
            </thead>
            <tbody>
              @for (cohort of page.items; track cohort.id) {
                <tr>
                  <th scope="row">
                    @if (archived()) {
                      {{ cohort.name }}
                    } @else {
                      <a [routerLink]="[cohort.id]">{{ cohort.name }}</a>
                    }
                  </th>
                  <td>
                    @if (cohort.department; as department) {
                      {{ department.name }} <span class="equip-code">({{ department.code }})</span>
                    } @else {
                      City-wide
                    }
                  </td>
                  <td>{{ kindLabels[cohort.kind] }}</td>
                  <td>{{ cohort.memberCount }}</td>
                  @if (archived()) {
                    <td>{{ cohort.archivedAt ? when(cohort.archivedAt) : '' }}</td>
                    <td>
                      <button matButton="outlined" type="button" [disabled]="store.busy()" (click)="restore(cohort)">
                        Restore<span class="equip-visually-hidden"> {{ cohort.name }}</span>
                      </button>
                    </td>
                  } @else {
                    <td>{{ cohort.assignmentCount }}</td>
                  }
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
  protected readonly store = inject(CohortListStore);
  protected readonly when = formatCityDateTime;
  /** The archived cohorts (to restore one) instead of the current ones. */
  protected readonly archived = signal(false);
  protected readonly restoreOutcome = signal<{ kind: 'status' | 'error'; text: string; cohortId?: string; name?: string } | null>(null);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly document = inject(DOCUMENT);

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
    if (page.total === 0) {
      if (this.search) return 'No cohorts match this search.';
      return this.archived() ? 'No archived cohorts.' : 'No cohorts yet. Start with “New cohort”.';
    }
    return `${page.total} ${page.total === 1 ? 'cohort' : 'cohorts'}.`;
  });

  constructor() {
    this.route.queryParamMap.pipe(takeUntilDestroyed()).subscribe((params) => {
      this.search = params.get('search') ?? '';
      this.archived.set(params.get('archived') === 'true');
      const page = Number(params.get('page'));
      this.form.setValue({ search: this.search });
      this.store.load({ search: this.search || undefined, archived: this.archived() ? 'true' : undefined, page: Number.isInteger(page) && page > 1 ? page : 1 });
    });
  }

  protected apply(): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { search: this.form.getRawValue().search.trim() || null, page: null }, queryParamsHandling: 'merge' });
  }

  protected async restore(cohort: CohortSummary): Promise<void> {
    try {
      await this.store.restore(cohort.id);
      this.restoreOutcome.set({
        kind: 'status',
        text: `${cohort.name} is restored. Its members come back when its rule is applied again or you add them; assign its training again to bring that back.`,
        cohortId: cohort.id,
        name: cohort.name,
      });
    } catch (error) {
      const problem = error instanceof ApiError ? error.problem : toProblem(error);
      this.restoreOutcome.set({ kind: 'error', text: `${cohort.name} was not restored: ${problem.errors?.[0]?.message ?? problem.detail ?? problem.title}` });
    }
    setTimeout(() => this.document.getElementById('restore-outcome')?.focus());
  }

  protected goToPage(page: number): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { page: page > 1 ? page : null }, queryParamsHandling: 'merge' });
  }
}
