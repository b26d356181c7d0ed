import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { ActivatedRoute, Router } from '@angular/router';
import type { Problem } from '@equip/shared/contracts';
import { InvitationsApi, PeopleStore, toProblem } from '@equip/web/shared/data-access';
import { ErrorSummary, PageHeader, Pagination, PeopleTable, departmentOptions, invitationResultMessage } from '@equip/web/shared/ui';
import { firstValueFrom } from 'rxjs';
import { PeopleFilters, StaffStatusFilter, filtersFromParams, filtersToParams, filtersToQuery } from './people-query';

/** What a route mounting the list says about it (`data` of the route). */
export interface PeopleListRouteData {
  heading: string;
  intro: string;
  /** Whether each name links to the person's page (a child route `:staffId`). */
  linkToPerson: boolean;
}

/**
 * Staff the signed-in person may see (the api scopes the list: a RASE administrator sees the city,
 * an equity lead their departments), searched, filtered and paged on the server. The filters live
 * in the address bar, so a department's "people" link, Back and bookmarks all work.
 */
@Component({
  selector: 'equip-people-list-page',
  imports: [ReactiveFormsModule, MatFormField, MatLabel, MatHint, MatInput, MatButton, PageHeader, ErrorSummary, PeopleTable, Pagination],
  providers: [PeopleStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header [heading]="data.heading">
      <p>{{ data.intro }}</p>
    </equip-page-header>

    <form class="people-filters" [formGroup]="form" (ngSubmit)="apply()" role="search" aria-label="People">
      <div class="equip-filters">
        <mat-form-field appearance="outline">
          <mat-label>Name, email or employee ID</mat-label>
          <input matInput id="people-search" type="search" formControlName="search" autocomplete="off" />
        </mat-form-field>

        <mat-form-field appearance="outline">
          <mat-label>Department</mat-label>
          <select matNativeControl id="people-department" formControlName="departmentId">
            <option value="">All departments</option>
            @for (option of departments(); track option.id) {
              <option [value]="option.id">{{ option.label }}</option>
            }
          </select>
          <mat-hint>Includes its divisions and sections</mat-hint>
        </mat-form-field>

        <mat-form-field appearance="outline">
          <mat-label>Status</mat-label>
          <select matNativeControl id="people-status" formControlName="status">
            <option value="active">Active staff</option>
            <option value="inactive">Inactive staff</option>
            <option value="all">Active and inactive</option>
          </select>
        </mat-form-field>
      </div>
      <div class="equip-actions">
        <button matButton="filled" type="submit">Search</button>
        <button matButton="outlined" type="button" (click)="clear()">Clear filters</button>
      </div>
    </form>

    @if (people.error(); as error) {
      <equip-error-summary [items]="[{ message: error.problem.detail ?? error.problem.title }]" />
    }

    <p class="equip-status" role="status">{{ status() }}</p>

    @if (result(); as page) {
      @if (page.items.length) {
        <equip-people-table
          [people]="page.items"
          [caption]="caption()"
          [linked]="data.linkToPerson"
          [busy]="people.loading()"
        />
        <equip-pagination
          label="Pages of people"
          [page]="page.page"
          [pageSize]="page.pageSize"
          [total]="page.total"
          (pageChange)="goToPage($event)"
        />
      }
    }

    @if (department(); as department) {
      <section class="people-invite" aria-labelledby="people-invite-heading">
        <h2 id="people-invite-heading">Invitations for {{ department.name }}</h2>
        <p>Mails everyone in {{ department.name }} and its divisions who cannot sign in yet how to sign in. Anyone invited before gets a new link.</p>
        @if (inviteProblem(); as problem) {
          <equip-error-summary [items]="[{ message: problem.detail ?? problem.title }]" />
        }
        <button matButton="outlined" type="button" [disabled]="inviting()" disabledInteractive (click)="inviteDepartment(department.id)">
          Invite everyone without an account
        </button>
        <p class="equip-status" role="status">{{ inviteAnnouncement() }}</p>
      </section>
    }
  `,
  styles: `
    .people-invite {
      margin-block-start: 2rem;
    }
    h2 {
      font: var(--mat-sys-title-large);
      margin: 0 0 0.5rem;
    }
  `,
})
export class PeopleListPage {
  private readonly store = inject(PeopleStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly data = this.route.snapshot.data as PeopleListRouteData;
  protected readonly people = this.store.people;
  protected readonly result = this.store.people.value;
  protected readonly departments = computed(() => departmentOptions(this.store.departments.value() ?? []));
  protected readonly form = inject(NonNullableFormBuilder).group({
    search: '',
    departmentId: '',
    status: 'active' as StaffStatusFilter,
  });
  private filters: PeopleFilters = filtersFromParams(this.route.snapshot.queryParamMap);
  private readonly invitations = inject(InvitationsApi);
  /** The department the list is filtered to, once the api has named it. */
  private readonly departmentId = signal(this.filters.departmentId);
  protected readonly department = computed(() => (this.store.departments.value() ?? []).find((d) => d.id === this.departmentId()));
  protected readonly inviting = signal(false);
  protected readonly inviteProblem = signal<Problem | null>(null);
  protected readonly inviteAnnouncement = signal('');

  protected readonly caption = computed(() => {
    const page = this.result();
    if (!page) return 'People';
    return `People, page ${page.page} of ${Math.max(1, Math.ceil(page.total / page.pageSize))}`;
  });

  /** Read out after each search or page change (a live region), so the change is not silent. */
  protected readonly status = computed(() => {
    if (this.people.loading()) return 'Loading people…';
    const page = this.result();
    if (!page) return '';
    if (page.total === 0) return 'No people match these filters.';
    if (page.items.length === 0) return `${page.total} people found; this page is past the end of the list.`;
    const first = (page.page - 1) * page.pageSize + 1;
    const last = first + page.items.length - 1;
    return `${page.total} ${page.total === 1 ? 'person' : 'people'} found. Showing ${first} to ${last}.`;
  });

  constructor() {
    this.store.loadDepartments();
    this.route.queryParamMap.pipe(takeUntilDestroyed()).subscribe((params) => {
      this.filters = filtersFromParams(params);
      const { search, departmentId, status } = this.filters;
      if (departmentId !== this.departmentId()) {
        this.inviteAnnouncement.set('');
        this.inviteProblem.set(null);
      }
      this.departmentId.set(departmentId);
      this.form.setValue({ search, departmentId, status });
      this.store.search(filtersToQuery(this.filters));
    });
  }

  /** Every active person in the department's subtree without an account (the api scopes it to the caller). */
  protected async inviteDepartment(departmentId: string): Promise<void> {
    this.inviting.set(true);
    this.inviteProblem.set(null);
    this.inviteAnnouncement.set('');
    try {
      this.inviteAnnouncement.set(invitationResultMessage(await firstValueFrom(this.invitations.invite({ departmentId }))));
      this.store.search(filtersToQuery(this.filters));
    } catch (error) {
      this.inviteProblem.set(toProblem(error));
    } finally {
      this.inviting.set(false);
    }
  }

  protected apply(): void {
    this.navigate({ ...this.filters, ...this.form.getRawValue(), page: 1 });
  }

  protected clear(): void {
    this.form.setValue({ search: '', departmentId: '', status: 'active' });
    this.navigate({ search: '', departmentId: '', status: 'active', page: 1 });
  }

  protected goToPage(page: number): void {
    this.navigate({ ...this.filters, page });
  }

  private navigate(filters: PeopleFilters): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: filtersToParams(filters) });
  }
}
