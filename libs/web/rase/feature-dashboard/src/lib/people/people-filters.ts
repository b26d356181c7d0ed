import { ChangeDetectionStrategy, Component, effect, inject, input, output } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatAnchor, MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { REPORT_PERSON_STATUSES } from '@equip/shared/contracts';
import { PERSON_STATUS_LABELS, type PersonStatus } from './people-table';

/** What a person-level list is narrowed to; '' = any. */
export interface PeopleFilterValue {
  status: PersonStatus | '';
  search: string;
}

/** The status and name search of a person-level list, with the CSV of every match beside them. The page keeps the values in the address bar. */
@Component({
  selector: 'equip-people-filters',
  imports: [ReactiveFormsModule, MatAnchor, MatButton, MatFormField, MatLabel, MatInput],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form" (ngSubmit)="apply.emit(form.getRawValue())" role="search" [attr.aria-label]="label()">
      <div class="equip-filters">
        <mat-form-field appearance="outline">
          <mat-label>Name, email or employee ID</mat-label>
          <input matInput id="people-search" type="search" formControlName="search" autocomplete="off" />
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Status</mat-label>
          <select matNativeControl id="people-status" formControlName="status">
            <option value="">Any status</option>
            @for (option of statuses; track option.value) {
              <option [value]="option.value">{{ option.label }}</option>
            }
          </select>
        </mat-form-field>
      </div>
      <div class="equip-actions">
        <button matButton="filled" type="submit">Show {{ label().toLowerCase() }}</button>
        <a matButton="outlined" [href]="csvUrl()" download>Export CSV<span class="equip-visually-hidden"> of these {{ label().toLowerCase() }}</span></a>
      </div>
    </form>
  `,
})
export class PeopleFilters {
  /** What is listed, capitalised: "People", "Members". */
  readonly label = input.required<string>();
  readonly value = input.required<PeopleFilterValue>();
  readonly csvUrl = input.required<string>();
  readonly apply = output<PeopleFilterValue>();

  protected readonly statuses = REPORT_PERSON_STATUSES.map((value) => ({ value, label: PERSON_STATUS_LABELS[value] }));
  protected readonly form = inject(NonNullableFormBuilder).group({ status: '' as PersonStatus | '', search: '' });

  constructor() {
    effect(() => this.form.setValue(this.value()));
  }
}
