import { ChangeDetectionStrategy, Component, DOCUMENT, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { type AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, type ValidationErrors, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type { Problem, RecordIndicatorRequest } from '@equip/shared/contracts';
import { IndicatorRecordStore } from '@equip/web/rase/data-access-reports';
import { ApiError, toProblem } from '@equip/web/shared/data-access';
import { ErrorSummary, type ErrorSummaryItem, PageHeader, departmentOptions, fieldErrorItems } from '@equip/web/shared/ui';
import { distinctUntilChanged, skip, startWith } from 'rxjs';
import { dashboardRootPath, formatDate, indicatorName, indicatorValueText } from '../presentation';

const FIELDS = ['departmentId', 'indicator', 'value', 'recordedOn', 'evidenceUrl', 'note'] as const;
type Field = (typeof FIELDS)[number];
const FIELD_IDS: Record<Field, string> = {
  departmentId: 'record-department',
  indicator: 'record-indicator',
  value: 'record-value',
  recordedOn: 'record-date',
  evidenceUrl: 'record-evidence',
  note: 'record-note',
};

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function notInFuture(control: AbstractControl<string>): ValidationErrors | null {
  return control.value && control.value > today() ? { future: true } : null;
}

/**
 * RASE administrators record an indicator that Equip cannot measure (for example, "department
 * equity plan adopted"): its value, the date, and a link to the evidence. Messages show by their
 * fields and in a summary at the top; the department's records are listed below.
 */
@Component({
  selector: 'equip-record-indicator-page',
  imports: [ReactiveFormsModule, RouterLink, MatButton, MatFormField, MatLabel, MatHint, MatError, MatInput, PageHeader, ErrorSummary],
  providers: [IndicatorRecordStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './record-indicator-page.html',
})
export class RecordIndicatorPage {
  protected readonly store = inject(IndicatorRecordStore);
  private readonly route = inject(ActivatedRoute);
  private readonly document = inject(DOCUMENT);

  protected readonly root = dashboardRootPath(this.route);
  protected readonly ids = FIELD_IDS;
  protected readonly today = today();
  protected readonly formatDate = formatDate;
  protected readonly valueText = indicatorValueText;
  protected readonly form = inject(NonNullableFormBuilder).group({
    departmentId: [this.route.snapshot.queryParamMap.get('departmentId') ?? '', Validators.required],
    indicator: ['', Validators.required],
    value: ['', Validators.required],
    recordedOn: [today(), [Validators.required, notInFuture]],
    evidenceUrl: ['', [Validators.required, Validators.pattern(/^https?:\/\/\S+$/)]],
    note: ['', Validators.maxLength(2000)],
  });

  protected readonly departments = computed(() => {
    const list = this.store.options.value()?.departments ?? [];
    return list.length ? departmentOptions(list.map((d) => ({ ...d, kind: 'department' as const, activeStaff: 0, activeStaffWithUnits: 0 }))) : [];
  });
  protected readonly indicators = computed(() => (this.store.progression.value()?.indicators ?? []).filter((i) => i.source === 'recorded'));
  private readonly indicatorKey = toSignal(this.form.controls.indicator.valueChanges, { initialValue: '' });
  protected readonly kind = computed(() => this.indicators().find((i) => i.key === this.indicatorKey())?.kind ?? 'boolean');
  private readonly departmentKey = toSignal(this.form.controls.departmentId.valueChanges, { initialValue: this.form.controls.departmentId.value });
  protected readonly indicatorLabel = (key: string) => indicatorName(key, this.store.progression.value()?.indicators ?? []);

  private readonly problem = signal<Problem | null>(null);
  private readonly clientErrors = signal<readonly ErrorSummaryItem[]>([]);
  protected readonly errors = computed<readonly ErrorSummaryItem[]>(() => {
    const problem = this.problem();
    const server: ErrorSummaryItem[] = !problem
      ? []
      : problem.errors?.length
        ? problem.errors.map(({ field, message }) => ({ message, target: FIELD_IDS[field as Field] }))
        : [{ message: problem.detail ?? problem.title }];
    return [...this.clientErrors(), ...server];
  });
  protected readonly outcome = signal('');

  constructor() {
    this.store.init(this.form.controls.departmentId.value);
    // Records for the chosen department; resetting the form after a save keeps it and reads nothing twice.
    this.form.controls.departmentId.valueChanges.pipe(startWith(this.form.controls.departmentId.value), distinctUntilChanged(), skip(1)).subscribe((id) => this.store.loadRecords(id));
    this.form.controls.indicator.valueChanges.subscribe(() => this.form.controls.value.setValue(''));
  }

  protected fieldError(field: Field): string | null {
    const control = this.form.controls[field];
    if (control.hasError('server')) return control.getError('server') as string;
    if (!control.touched) return null;
    if (control.hasError('required')) {
      return {
        departmentId: 'Choose the department',
        indicator: 'Choose the indicator',
        value: this.kind() === 'percent' ? 'Enter the value, from 0 to 100' : 'Choose yes or no',
        recordedOn: 'Enter the date the value was true',
        evidenceUrl: 'Enter a link to the evidence',
        note: '',
      }[field];
    }
    if (field === 'value' && this.kind() === 'percent' && !/^(100(\.0+)?|\d{1,2}(\.\d+)?)$/.test(control.value)) return 'Enter a number from 0 to 100';
    if (control.hasError('future')) return 'The date cannot be in the future';
    if (control.hasError('pattern')) return 'Enter a link starting with https:// or http://';
    if (control.hasError('maxlength')) return 'Use 2,000 characters or fewer';
    return null;
  }

  protected async save(): Promise<void> {
    if (this.store.busy()) return;
    this.problem.set(null);
    this.outcome.set('');
    this.form.markAllAsTouched();
    const items = fieldErrorItems(FIELDS, (field) => this.fieldError(field), (field) => FIELD_IDS[field]);
    if (items.length) {
      this.clientErrors.set(items);
      this.focusSoon('#record-errors [tabindex]');
      return;
    }
    this.clientErrors.set([]);
    const v = this.form.getRawValue();
    const request: RecordIndicatorRequest = {
      departmentId: v.departmentId,
      indicator: v.indicator,
      value: this.kind() === 'percent' ? Number(v.value) : v.value === 'true',
      recordedOn: v.recordedOn,
      evidenceUrl: v.evidenceUrl.trim(),
      note: v.note.trim() || null,
    };
    try {
      const saved = await this.store.record(request);
      this.outcome.set(`Recorded: ${this.indicatorLabel(saved.indicator)} for ${saved.department.name}, ${indicatorValueText(saved.value)} on ${formatDate(saved.recordedOn)}.`);
      this.form.reset({ ...this.form.getRawValue(), indicator: '', value: '', evidenceUrl: '', note: '' });
      this.focusSoon('#record-outcome');
    } catch (error) {
      const problem = error instanceof ApiError ? error.problem : toProblem(error);
      this.problem.set(problem);
      for (const { field, message } of problem.errors ?? []) {
        const control = this.form.controls[field as Field];
        control?.setErrors({ ...control.errors, server: message });
      }
      this.focusSoon('#record-errors [tabindex]');
    }
  }

  protected get selectedDepartment(): string {
    return this.departmentKey();
  }

  private focusSoon(selector: string): void {
    setTimeout(() => this.document.querySelector<HTMLElement>(selector)?.focus());
  }
}
