import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import type { ReportFilterOptions, SubjectKey } from '@equip/shared/contracts';
import { DEFAULT_REPORT_FILTERS, type ReportFilters } from '@equip/web/rase/data-access-reports';
import { departmentOptions } from '@equip/web/shared/ui';

/**
 * The dashboard's filters: department subtree, course or track, date range (of the completions
 * over time), job class, work location, active staff only. Applying them changes the address bar;
 * the page reads them back from there.
 */
@Component({
  selector: 'equip-dashboard-filters',
  imports: [ReactiveFormsModule, MatButton, MatFormField, MatLabel, MatHint, MatInput],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form" (ngSubmit)="apply.emit(form.getRawValue())" role="search" aria-label="Dashboard filters">
      <div class="equip-filters">
        <mat-form-field appearance="outline">
          <mat-label>Department</mat-label>
          <select matNativeControl id="filter-department" formControlName="departmentId">
            <option value="">{{ allDepartmentsLabel() }}</option>
            @for (option of departments(); track option.id) {
              <option [value]="option.id">{{ option.label }}</option>
            }
          </select>
          <mat-hint>Includes the units under it</mat-hint>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Course or track</mat-label>
          <select matNativeControl id="filter-subject" formControlName="subject">
            <option value="">All courses and tracks</option>
            @for (subject of options()?.subjects ?? []; track subject.key) {
              <option [value]="subject.key">{{ subject.title }} ({{ subject.kind }})</option>
            }
          </select>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Job class</mat-label>
          <select matNativeControl id="filter-job-class" formControlName="jobClass">
            <option value="">Any job class</option>
            @for (value of options()?.jobClasses ?? []; track value) {
              <option [value]="value">{{ value }}</option>
            }
          </select>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Work location</mat-label>
          <select matNativeControl id="filter-work-location" formControlName="workLocation">
            <option value="">Any work location</option>
            @for (value of options()?.workLocations ?? []; track value) {
              <option [value]="value">{{ value }}</option>
            }
          </select>
        </mat-form-field>
        @if (windows()) {
          <mat-form-field appearance="outline">
            <mat-label>Completions from</mat-label>
            <input matInput type="date" id="filter-from" formControlName="from" />
            <mat-hint>Default: the last 26 weeks</mat-hint>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>Completions to</mat-label>
            <input matInput type="date" id="filter-to" formControlName="to" />
          </mat-form-field>
        }
      </div>
      <p class="filters__check">
        <input type="checkbox" id="filter-active" formControlName="activeOnly" />
        <label for="filter-active">Active staff only (leave out people who have left)</label>
      </p>
      <div class="equip-actions">
        <button matButton="filled" type="submit">Apply filters</button>
        <button matButton="outlined" type="button" (click)="clear.emit()">Clear filters</button>
      </div>
    </form>
  `,
  styles: `
    /* Room for the hints under the first row of fields. */
    .equip-filters {
      row-gap: 1.25rem;
    }
    .filters__check {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      margin: 0 0 0.5rem;
    }
    .filters__check input {
      width: 1.25rem;
      height: 1.25rem;
      margin: 0;
    }
  `,
})
export class DashboardFilters {
  readonly options = input.required<ReportFilterOptions | undefined>();
  readonly filters = input.required<ReportFilters>();
  /** "All departments" for the city, "All my departments" for a lead. */
  readonly allDepartmentsLabel = input('All departments');
  /** Whether a window of weeks can be chosen: not for published figures, which have none. */
  readonly windows = input(true);
  readonly apply = output<ReportFilters>();
  readonly clear = output<void>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    ...DEFAULT_REPORT_FILTERS,
    subject: '' as SubjectKey | '',
  });
  protected readonly departments = computed(() => {
    const list = this.options()?.departments ?? [];
    return list.length ? departmentOptions(list.map((d) => ({ ...d, kind: 'department' as const, activeStaff: 0, activeStaffWithUnits: 0 }))) : [];
  });

  constructor() {
    effect(() => this.form.setValue(this.filters()));
  }
}
