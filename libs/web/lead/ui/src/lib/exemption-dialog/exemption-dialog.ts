import { ChangeDetectionStrategy, Component, DOCUMENT, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import {
  MAT_DIALOG_DATA,
  MatDialog,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogRef,
  MatDialogTitle,
} from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { firstValueFrom } from 'rxjs';

export interface ExemptionDialogData {
  /** "Lee, Ana" */
  personName: string;
  /** The course or track's title. */
  assignmentTitle: string;
}

/** Longest reason the api accepts. */
export const EXEMPTION_REASON_MAX = 500;

/**
 * Asks why a person is exempt from an assignment; the reason is required (for example, "completed
 * the same training elsewhere"). A modal dialog: focus moves to the reason, stays inside while
 * open, Escape cancels and focus returns to the button that opened it. Closes with the reason.
 */
@Component({
  selector: 'equip-exemption-dialog',
  imports: [ReactiveFormsModule, MatButton, MatDialogTitle, MatDialogContent, MatDialogActions, MatDialogClose, MatFormField, MatLabel, MatHint, MatError, MatInput],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title id="exemption-title">Exempt {{ data.personName }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" aria-labelledby="exemption-title">
      <mat-dialog-content>
        <p>
          From <strong>{{ data.assignmentTitle }}</strong>. An exempt assignment counts as exempt, not complete, in every report;
          you can remove the exemption later.
        </p>
        <mat-form-field appearance="outline" class="exemption-reason">
          <mat-label>Reason</mat-label>
          <textarea matInput id="exemption-reason" formControlName="reason" rows="3" required [attr.maxlength]="max"></textarea>
          @if (showError()) {
            <mat-error>Give a reason for the exemption</mat-error>
          } @else {
            <mat-hint>For example: completed the same training elsewhere</mat-hint>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button matButton="outlined" type="button" [mat-dialog-close]="undefined">Cancel</button>
        <button matButton="filled" type="submit">Exempt</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .exemption-reason {
      width: 100%;
    }
  `,
})
export class ExemptionDialog {
  protected readonly data = inject<ExemptionDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<ExemptionDialog, string>>(MatDialogRef);
  protected readonly max = EXEMPTION_REASON_MAX;
  protected readonly form = inject(NonNullableFormBuilder).group({
    reason: ['', [Validators.required, Validators.maxLength(EXEMPTION_REASON_MAX), Validators.pattern(/\S/)]],
  });
  protected readonly showError = signal(false);
  private readonly document = inject(DOCUMENT);

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.showError.set(true);
      this.document.getElementById('exemption-reason')?.focus();
      return;
    }
    this.ref.close(this.form.getRawValue().reason.trim());
  }
}

/** Opens an `ExemptionDialog`; resolves with the reason, or undefined when cancelled. */
export async function askExemptionReason(dialog: MatDialog, data: ExemptionDialogData): Promise<string | undefined> {
  const ref = dialog.open<ExemptionDialog, ExemptionDialogData, string>(ExemptionDialog, {
    data,
    autoFocus: '#exemption-reason',
    restoreFocus: true,
    maxWidth: '36rem',
    width: 'calc(100vw - 2rem)',
    ariaLabelledBy: 'exemption-title',
  });
  return firstValueFrom(ref.afterClosed(), { defaultValue: undefined });
}
