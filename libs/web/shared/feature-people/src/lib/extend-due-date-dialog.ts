import { ChangeDetectionStrategy, Component, DOCUMENT, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogActions, MatDialogClose, MatDialogContent, MatDialogRef, MatDialogTitle } from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import type { AssignmentView, Problem } from '@equip/shared/contracts';
import { OrganisationApi, formatDueDay, toProblem } from '@equip/web/shared/data-access';
import { ErrorSummary, fieldErrorItems } from '@equip/web/shared/ui';
import { firstValueFrom } from 'rxjs';

export interface ExtendDueDateData {
  assignmentId: string;
  /** "Ana López" */
  personName: string;
  /** The course or track's title. */
  title: string;
  /** The current due day (YYYY-MM-DD), if any. */
  dueOn: string | null;
}

/** Longest reason the api accepts. */
export const EXTENSION_REASON_MAX = 500;

type Field = 'dueOn' | 'reason';
const FIELDS: readonly Field[] = ['dueOn', 'reason'];

/**
 * Extends one person's due date: the new day and a reason, then "Extend due date". The api decides
 * whether the day is acceptable (after the current one, not past); its answer shows under the
 * field it names and in a summary. A modal dialog: focus moves to the date, stays inside while
 * open, Escape cancels and focus returns to the button that opened it. Closes with the updated
 * assignment, or undefined when cancelled.
 */
@Component({
  selector: 'equip-extend-due-date-dialog',
  imports: [ReactiveFormsModule, MatButton, MatDialogTitle, MatDialogContent, MatDialogActions, MatDialogClose, MatFormField, MatLabel, MatHint, MatError, MatInput, ErrorSummary],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title id="extend-title">Extend the due date for {{ data.personName }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" aria-labelledby="extend-title" novalidate>
      <mat-dialog-content>
        @if (summary().length > 0) {
          <equip-error-summary [items]="summary()" />
        }
        <!-- One line: whitespace between the parts would show as spaces. -->
        <p><strong>{{ data.title }}</strong>{{ data.dueOn ? ' is due ' + currentDay + '.' : ' has no due date.' }} {{ data.personName }} is told by email, with your reason.</p>
        <mat-form-field appearance="outline" class="field">
          <mat-label>New due date</mat-label>
          <input matInput id="extend-dueOn" type="date" formControlName="dueOn" required [attr.aria-invalid]="!!message('dueOn')" />
          @if (message('dueOn'); as text) {
            <mat-error>{{ text }}</mat-error>
          } @else {
            <mat-hint>A day after the current due date, in the city’s time zone</mat-hint>
          }
        </mat-form-field>
        <mat-form-field appearance="outline" class="field">
          <mat-label>Reason</mat-label>
          <textarea matInput id="extend-reason" formControlName="reason" rows="3" required [attr.maxlength]="maxLength" [attr.aria-invalid]="!!message('reason')"></textarea>
          @if (message('reason'); as text) {
            <mat-error>{{ text }}</mat-error>
          } @else {
            <mat-hint>For example: on leave until next month</mat-hint>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button matButton="outlined" type="button" [mat-dialog-close]="undefined">Cancel</button>
        <button matButton="filled" type="submit" [disabled]="busy()" disabledInteractive>Extend due date</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .field {
      width: 100%;
    }
  `,
})
export class ExtendDueDateDialog {
  protected readonly data = inject<ExtendDueDateData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<ExtendDueDateDialog, AssignmentView>>(MatDialogRef);
  private readonly api = inject(OrganisationApi);
  private readonly document = inject(DOCUMENT);
  protected readonly maxLength = EXTENSION_REASON_MAX;
  protected readonly currentDay = this.data.dueOn ? formatDueDay(this.data.dueOn, 'long') : '';
  protected readonly form = inject(NonNullableFormBuilder).group({
    dueOn: ['', [Validators.required]],
    reason: ['', [Validators.required, Validators.maxLength(EXTENSION_REASON_MAX), Validators.pattern(/\S/)]],
  });
  protected readonly busy = signal(false);
  /** Messages per field: the form's own (missing) first, then the api's. */
  private readonly errors = signal<Partial<Record<Field, string>>>({});
  private readonly problem = signal<Problem | null>(null);

  constructor() {
    // A changed field is checked again on the next submission: its old message goes.
    for (const f of FIELDS) {
      this.form.controls[f].valueChanges.pipe(takeUntilDestroyed()).subscribe(() => {
        if (this.errors()[f]) this.errors.update(({ [f]: _gone, ...rest }) => rest);
      });
    }
  }

  protected message(field: Field): string | null {
    return this.errors()[field] ?? null;
  }

  protected summary() {
    const items = fieldErrorItems(FIELDS, (f) => this.message(f), (f) => `extend-${f}`);
    const problem = this.problem();
    if (problem && items.length === 0) items.push({ message: problem.detail ?? problem.title });
    return items;
  }

  protected async submit(): Promise<void> {
    if (this.busy()) return;
    const missing: Partial<Record<Field, string>> = {};
    if (this.form.controls.dueOn.invalid) missing.dueOn = 'Enter the new due date';
    if (this.form.controls.reason.invalid) missing.reason = this.form.controls.reason.hasError('maxlength') ? `Keep the reason under ${EXTENSION_REASON_MAX} characters` : 'Give a reason for the extension';
    this.problem.set(null);
    this.errors.set(missing);
    if (missing.dueOn || missing.reason) {
      this.focus(missing.dueOn ? 'dueOn' : 'reason');
      return;
    }
    this.busy.set(true);
    try {
      const { dueOn, reason } = this.form.getRawValue();
      this.ref.close(await firstValueFrom(this.api.extendDueDate(this.data.assignmentId, { dueOn, reason: reason.trim() })));
    } catch (error) {
      const problem = toProblem(error);
      const byField: Partial<Record<Field, string>> = {};
      for (const e of problem.errors ?? []) if ((FIELDS as readonly string[]).includes(e.field)) byField[e.field as Field] ??= sentence(e.field as Field, problem.detail ?? e.message);
      // The api's refusal marks the field too, so it reads as invalid (and its message shows) until changed.
      for (const f of FIELDS) if (byField[f]) this.form.controls[f].setErrors({ api: true });
      this.form.markAllAsTouched();
      this.errors.set(byField);
      this.problem.set(problem);
      const first = FIELDS.find((f) => byField[f]);
      if (first) this.focus(first);
    } finally {
      this.busy.set(false);
    }
  }

  private focus(field: Field): void {
    this.document.getElementById(`extend-${field}`)?.focus();
  }
}

/** The api's words for a field, as a person reads them (its detail, not the field's code name). */
function sentence(field: Field, detail: string): string {
  return field === 'reason' && /required/.test(detail) ? 'Give a reason for the extension' : detail;
}

/** Opens the dialog; resolves with the updated assignment, or undefined when cancelled. */
export async function extendDueDate(dialog: MatDialog, data: ExtendDueDateData): Promise<AssignmentView | undefined> {
  const ref = dialog.open<ExtendDueDateDialog, ExtendDueDateData, AssignmentView>(ExtendDueDateDialog, {
    data,
    autoFocus: '#extend-dueOn',
    restoreFocus: true,
    maxWidth: '36rem',
    width: 'calc(100vw - 2rem)',
    ariaLabelledBy: 'extend-title',
  });
  return firstValueFrom(ref.afterClosed(), { defaultValue: undefined });
}
