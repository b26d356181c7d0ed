import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { ActivatedRoute, ParamMap, Params, Router } from '@angular/router';
import { AuditFilters, AuditLogStore } from '@equip/web/rase/data-access';
import { AuditEventTable } from '@equip/web/rase/ui';
import { ErrorSummary, PageHeader, Pagination } from '@equip/web/shared/ui';

const FILTER_KEYS = ['action', 'subjectType', 'from', 'to'] as const;

function filtersFrom(params: ParamMap): Required<AuditFilters> {
  return { action: params.get('action') ?? '', subjectType: params.get('subjectType') ?? '', from: params.get('from') ?? '', to: params.get('to') ?? '' };
}

function pageFrom(params: ParamMap): number {
  const page = Number(params.get('page'));
  return Number.isInteger(page) && page > 1 ? page : 1;
}

/**
 * The audit log for RASE administrators: filter by action (its start, like `role.`), subject type
 * and dates, page through the events newest first, and export every matching event as CSV. The
 * filters live in the address bar, and the export link always carries the filters shown.
 */
@Component({
  selector: 'equip-audit-log-page',
  imports: [ReactiveFormsModule, MatFormField, MatLabel, MatHint, MatInput, MatButton, PageHeader, ErrorSummary, AuditEventTable, Pagination],
  providers: [AuditLogStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header heading="Audit log">
      <p>Every sign-in problem, role change and roster import, newest first. Nothing here can be edited or deleted.</p>
    </equip-page-header>

    <form [formGroup]="form" (ngSubmit)="apply()" role="search" aria-label="Audit events">
      <div class="equip-filters">
        <mat-form-field appearance="outline">
          <mat-label>Action</mat-label>
          <input matInput id="audit-action" formControlName="action" autocomplete="off" spellcheck="false" />
          <mat-hint>Its start, like role. or auth.</mat-hint>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Subject type</mat-label>
          <input matInput id="audit-subject-type" formControlName="subjectType" autocomplete="off" spellcheck="false" />
          <mat-hint>For example staff</mat-hint>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>From</mat-label>
          <input matInput id="audit-from" type="date" formControlName="from" />
          <mat-hint>First day included</mat-hint>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>To</mat-label>
          <input matInput id="audit-to" type="date" formControlName="to" />
          <mat-hint>Last day included</mat-hint>
        </mat-form-field>
      </div>
      <div class="equip-actions">
        <button matButton="filled" type="submit">Apply filters</button>
        <button matButton="outlined" type="button" (click)="clear()">Clear filters</button>
        <a matButton="outlined" [href]="csvUrl()" download>Export CSV<span class="equip-visually-hidden"> of the events matching these filters</span></a>
      </div>
    </form>

    @if (events.error(); as error) {
      <equip-error-summary
        [items]="error.problem.errors?.length ? error.problem.errors! : [{ message: error.problem.detail ?? error.problem.title }]"
      />
    }

    <p class="equip-status" role="status">{{ status() }}</p>

    @if (events.value(); as page) {
      @if (page.items.length) {
        <equip-audit-event-table [events]="page.items" [caption]="caption()" [busy]="events.loading()" />
        <equip-pagination
          label="Pages of audit events"
          [page]="page.page"
          [pageSize]="page.pageSize"
          [total]="page.total"
          (pageChange)="goToPage($event)"
        />
      }
    }
  `,
})
export class AuditLogPage {
  private readonly store = inject(AuditLogStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly events = this.store.events;
  protected readonly form = inject(NonNullableFormBuilder).group({ action: '', subjectType: '', from: '', to: '' });
  /** The filters the shown events match (not what is typed but not yet applied). */
  private readonly applied = signal<Required<AuditFilters>>(filtersFrom(this.route.snapshot.queryParamMap));
  protected readonly csvUrl = computed(() => this.store.csvUrl(this.applied()));

  protected readonly caption = computed(() => {
    const page = this.events.value();
    return page ? `Audit events, page ${page.page} of ${Math.max(1, Math.ceil(page.total / page.pageSize))}` : 'Audit events';
  });
  protected readonly status = computed(() => {
    if (this.events.loading()) return 'Loading audit events…';
    const page = this.events.value();
    if (!page) return '';
    if (page.total === 0) return 'No audit events match these filters.';
    const first = (page.page - 1) * page.pageSize + 1;
    return `${page.total} ${page.total === 1 ? 'event' : 'events'} found. Showing ${first} to ${first + page.items.length - 1}.`;
  });

  constructor() {
    this.route.queryParamMap.pipe(takeUntilDestroyed()).subscribe((params) => {
      const filters = filtersFrom(params);
      this.applied.set(filters);
      this.form.setValue(filters);
      this.store.search(filters, pageFrom(params));
    });
  }

  protected apply(): void {
    this.navigate(this.form.getRawValue(), 1);
  }

  protected clear(): void {
    this.form.reset();
    this.navigate({ action: '', subjectType: '', from: '', to: '' }, 1);
  }

  protected goToPage(page: number): void {
    this.navigate(this.applied(), page);
  }

  private navigate(filters: Required<AuditFilters>, page: number): void {
    const queryParams: Params = {};
    for (const key of FILTER_KEYS) queryParams[key] = filters[key].trim() || null;
    queryParams['page'] = page > 1 ? page : null;
    void this.router.navigate([], { relativeTo: this.route, queryParams });
  }
}
