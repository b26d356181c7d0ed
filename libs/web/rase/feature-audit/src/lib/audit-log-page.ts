import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatAutocomplete, MatAutocompleteSelectedEvent, MatAutocompleteTrigger } from '@angular/material/autocomplete';
import { MatButton } from '@angular/material/button';
import { MatOption } from '@angular/material/core';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { ActivatedRoute, ParamMap, Params, Router } from '@angular/router';
import { AUDIT_ACTION_GROUPS, type StaffSummary } from '@equip/shared/contracts';
import { AuditLogStore } from '@equip/web/rase/data-access';
import { AuditEventList } from '@equip/web/rase/ui';
import { ErrorSummary, PageHeader, Pagination, departmentOptions } from '@equip/web/shared/ui';
import { debounceTime } from 'rxjs';

const FILTER_KEYS = ['staffId', 'departmentId', 'action', 'from', 'to'] as const;
type Filters = Record<(typeof FILTER_KEYS)[number], string>;

const NO_FILTERS: Filters = { staffId: '', departmentId: '', action: '', from: '', to: '' };

function filtersFrom(params: ParamMap): Filters {
  return Object.fromEntries(FILTER_KEYS.map((key) => [key, params.get(key) ?? ''])) as Filters;
}

function pageFrom(params: ParamMap): number {
  const page = Number(params.get('page'));
  return Number.isInteger(page) && page > 1 ? page : 1;
}

/** The kinds of action for the picker: each group, then its actions, in words. */
const KINDS = AUDIT_ACTION_GROUPS.map((group) => ({
  key: group.key,
  label: group.label,
  actions: Object.entries(group.actions).map(([value, label]) => ({ value, label: label as string })),
}));

const fullName = (person: { firstName: string; lastName: string }) => `${person.firstName} ${person.lastName}`;

/**
 * The audit log for RASE administrators: who did what to whom, in words, newest first. Filter by a
 * person (searched by name), the department the subject was in at the time, the kind of action and
 * city days; export every matching event as CSV. The filters live in the address bar, and the
 * export link always carries the filters shown.
 */
@Component({
  selector: 'equip-audit-log-page',
  imports: [
    ReactiveFormsModule,
    MatFormField,
    MatLabel,
    MatHint,
    MatInput,
    MatButton,
    MatAutocomplete,
    MatAutocompleteTrigger,
    MatOption,
    PageHeader,
    ErrorSummary,
    AuditEventList,
    Pagination,
  ],
  providers: [AuditLogStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header heading="Audit log">
      <p>Every administrative change and sign-in problem, newest first, in the city's time. Nothing here can be edited or deleted.</p>
    </equip-page-header>

    <form [formGroup]="form" (ngSubmit)="apply()" role="search" aria-label="Audit events">
      <div class="equip-filters">
        <mat-form-field appearance="outline">
          <mat-label>Person</mat-label>
          <input
            matInput
            id="audit-person"
            [formControl]="personSearch"
            [matAutocomplete]="peopleList"
            autocomplete="off"
            spellcheck="false"
          />
          <mat-hint>Type a name, then choose</mat-hint>
          <mat-autocomplete #peopleList="matAutocomplete" [displayWith]="personText" (optionSelected)="choose($event)">
            @for (person of people(); track person.id) {
              <mat-option [value]="person">{{ name(person) }}, {{ person.department.name }}</mat-option>
            } @empty {
              @if (searching()) {
                <mat-option disabled>No one matches “{{ searchText() }}”</mat-option>
              }
            }
          </mat-autocomplete>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Department</mat-label>
          <select matNativeControl id="audit-department" formControlName="departmentId">
            <option value="">All departments</option>
            @for (option of departments(); track option.id) {
              <option [value]="option.id">{{ option.label }}</option>
            }
          </select>
          <mat-hint>The subject's, at the time</mat-hint>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Kind of action</mat-label>
          <select matNativeControl id="audit-action" formControlName="action">
            <option value="">All kinds of action</option>
            @for (group of kinds; track group.key) {
              <optgroup [label]="group.label">
                <option [value]="group.key">All: {{ group.label }}</option>
                @for (kind of group.actions; track kind.value) {
                  <option [value]="kind.value">{{ kind.label }}</option>
                }
              </optgroup>
            }
          </select>
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
        <equip-audit-event-list [events]="page.items" [label]="caption()" [busy]="events.loading()" />
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
  // Five filters wrap to a second row: leave room between a hint and the label under it.
  styles: `
    .equip-filters {
      row-gap: 0.75rem;
    }
  `,
})
export class AuditLogPage {
  private readonly store = inject(AuditLogStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly kinds = KINDS;
  protected readonly events = this.store.events;
  protected readonly form = inject(NonNullableFormBuilder).group({ ...NO_FILTERS });
  /** What is typed in the person filter, or the person chosen from its list. */
  protected readonly personSearch = new FormControl<string | StaffSummary>('', { nonNullable: true });
  protected readonly searchText = signal('');
  protected readonly searching = computed(() => this.searchText().length >= 2 && !this.store.people.loading() && !!this.store.people.value());
  protected readonly people = computed(() => (this.searchText().length >= 2 ? (this.store.people.value()?.items ?? []) : []));
  protected readonly departments = computed(() => departmentOptions(this.store.departments.value() ?? []));
  /** The filters the shown events match (not what is chosen but not yet applied). */
  private readonly applied = signal<Filters>(filtersFrom(this.route.snapshot.queryParamMap));
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

  protected readonly name = fullName;
  protected readonly personText = (value: string | StaffSummary | null): string => (typeof value === 'string' ? value : value ? fullName(value) : '');

  constructor() {
    this.store.departments.load();
    this.route.queryParamMap.pipe(takeUntilDestroyed()).subscribe((params) => {
      const filters = filtersFrom(params);
      this.applied.set(filters);
      this.form.setValue(filters);
      if (!filters.staffId) this.personSearch.setValue('', { emitEvent: false });
      else if (this.chosenId() !== filters.staffId) this.store.person.load(filters.staffId);
      this.store.search(filters, pageFrom(params));
    });
    // A person named by the address (a shared or reloaded link) shows by name once it has loaded.
    effect(() => {
      const person = this.store.person.value();
      if (person && person.id === this.form.controls.staffId.value) this.personSearch.setValue(person, { emitEvent: false });
    });
    this.personSearch.valueChanges.pipe(debounceTime(250), takeUntilDestroyed()).subscribe((value) => {
      if (typeof value !== 'string') return;
      // Typing again un-chooses the person; the search looks for what is typed.
      this.form.controls.staffId.setValue('');
      const text = value.trim();
      this.searchText.set(text);
      if (text.length >= 2) this.store.people.load(text);
    });
  }

  protected choose(event: MatAutocompleteSelectedEvent): void {
    const person = event.option.value as StaffSummary;
    this.form.controls.staffId.setValue(person.id);
  }

  protected apply(): void {
    this.navigate(this.form.getRawValue(), 1);
  }

  protected clear(): void {
    this.form.reset();
    this.personSearch.setValue('', { emitEvent: false });
    this.searchText.set('');
    this.navigate(NO_FILTERS, 1);
  }

  protected goToPage(page: number): void {
    this.navigate(this.applied(), page);
  }

  private chosenId(): string {
    const value = this.personSearch.value;
    return typeof value === 'string' ? '' : value.id;
  }

  private navigate(filters: Filters, page: number): void {
    const queryParams: Params = {};
    for (const key of FILTER_KEYS) queryParams[key] = filters[key].trim() || null;
    queryParams['page'] = page > 1 ? page : null;
    void this.router.navigate([], { relativeTo: this.route, queryParams });
  }
}
