import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { ActivatedRoute, Router } from '@angular/router';
import { AUDIENCES } from '@equip/shared/contracts';
import { CatalogFilters, CatalogStore } from '@equip/web/learner/data-access';
import { AUDIENCE_LABELS, CourseCard } from '@equip/web/learner/ui';
import { ErrorSummary, PageHeader } from '@equip/web/shared/ui';

/**
 * The course catalog, searched and filtered on the server. The filters live in the address bar, so
 * Back and bookmarks keep them.
 */
@Component({
  selector: 'equip-catalog-page',
  imports: [ReactiveFormsModule, MatFormField, MatLabel, MatInput, MatButton, PageHeader, ErrorSummary, CourseCard],
  providers: [CatalogStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header heading="Catalog">
      <p>Every published course. Each lesson is short enough to take in a break, and you can stop and pick up where you left off.</p>
    </equip-page-header>

    <form [formGroup]="form" (ngSubmit)="apply()" role="search" aria-label="Courses">
      <div class="equip-filters">
        <mat-form-field appearance="outline">
          <mat-label>Search courses</mat-label>
          <input matInput id="catalog-search" type="search" formControlName="search" autocomplete="off" />
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Audience</mat-label>
          <select matNativeControl id="catalog-audience" formControlName="audience">
            <option value="">Everyone</option>
            @for (audience of audiences; track audience.value) {
              <option [value]="audience.value">{{ audience.label }}</option>
            }
          </select>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Competency</mat-label>
          <select matNativeControl id="catalog-competency" formControlName="competency">
            <option value="">Any competency</option>
            @for (competency of store.competencyOptions(); track competency.value) {
              <option [value]="competency.value">{{ competency.label }}</option>
            }
          </select>
        </mat-form-field>
      </div>
      <div class="equip-actions">
        <button matButton="filled" type="submit">Search</button>
        <button matButton="outlined" type="button" (click)="clear()">Clear filters</button>
      </div>
    </form>

    @if (results.error(); as error) {
      <equip-error-summary [items]="[{ message: error.problem.detail ?? error.problem.title }]" />
    }

    <p class="equip-status" role="status">{{ status() }}</p>

    @if (results.value(); as courses) {
      <ul class="catalog-results" [attr.aria-busy]="results.loading()">
        @for (course of courses; track course.slug) {
          <li><equip-course-card [course]="course" /></li>
        }
      </ul>
    }
  `,
  styles: `
    .catalog-results {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 20rem), 1fr));
      gap: 1rem;
      margin: 0;
      padding: 0;
      list-style: none;
    }
  `,
})
export class CatalogPage {
  protected readonly store = inject(CatalogStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly results = this.store.results;
  protected readonly audiences = AUDIENCES.map((value) => ({ value, label: AUDIENCE_LABELS[value] }));
  protected readonly form = inject(NonNullableFormBuilder).group({ search: '', audience: '', competency: '' });

  protected readonly status = computed(() => {
    if (this.results.loading()) return 'Searching…';
    const courses = this.results.value();
    if (!courses) return '';
    if (!courses.length) return 'No courses match. Try fewer words or clear the filters.';
    return courses.length === 1 ? '1 course found.' : `${courses.length} courses found.`;
  });

  constructor() {
    this.route.queryParamMap.pipe(takeUntilDestroyed()).subscribe((params) => {
      const filters: Required<CatalogFilters> = {
        search: params.get('search') ?? '',
        audience: params.get('audience') ?? '',
        competency: params.get('competency') ?? '',
      };
      this.form.setValue(filters);
      this.store.search(filters);
    });
  }

  protected apply(): void {
    const { search, audience, competency } = this.form.getRawValue();
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { search: search.trim() || null, audience: audience || null, competency: competency || null },
    });
  }

  protected clear(): void {
    this.form.reset();
    this.apply();
  }
}
