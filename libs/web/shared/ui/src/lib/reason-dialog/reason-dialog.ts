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

export interface ReasonDialogData {
  /** Prefix of the dialog's element ids: `<id>-title`, `<id>-reason` (the field focus moves to). */
  id: string;
  /** The heading: the action and whom or what it is about ("Exempt Lee, Ana"). */
  title: string;
  /** What the action does, in parts; `strong` parts (a name, a title) are emphasised. */
  explanation: { text: string; strong?: boolean }[];
  /** Under the field while it is fine: an example, where the reason is kept. */
  hint: string;
  /** Instead of the hint when the reason is missing. */
  missing: string;
  /** The submitting button's text: the action, not "OK" ("Revoke certificate"). */
  action: string;
  /** Longest reason the api accepts. */
  maxLength: number;
}

/**
 * Asks why before an action that needs a reason (an exemption, revoking a certificate); the reason
 * is required and must not be blank. A modal dialog: focus moves to the reason, stays inside while
 * open, Escape cancels and focus returns to the button that opened it. Closes with the trimmed
 * reason, or undefined when cancelled.
 */
@Component({
  selector: 'equip-reason-dialog',
  imports: [ReactiveFormsModule, MatButton, MatDialogTitle, MatDialogContent, MatDialogActions, MatDialogClose, MatFormField, MatLabel, MatHint, MatError, MatInput],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title [id]="data.id + '-title'">{{ data.title }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" [attr.aria-labelledby]="data.id + '-title'">
      <mat-dialog-content>
        <!-- One line: whitespace between the parts would show as spaces ("Title ."). -->
        <p>@for (part of data.explanation; track $index) {@if (part.strong) {<strong>{{ part.text }}</strong>} @else {<span>{{ part.text }}</span>}}</p>
        <mat-form-field appearance="outline" class="reason">
          <mat-label>Reason</mat-label>
          <textarea matInput [id]="data.id + '-reason'" formControlName="reason" rows="3" required [attr.maxlength]="data.maxLength"></textarea>
          @if (showError()) {
            <mat-error>{{ data.missing }}</mat-error>
          } @else {
            <mat-hint>{{ data.hint }}</mat-hint>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button matButton="outlined" type="button" [mat-dialog-close]="undefined">Cancel</button>
        <button matButton="filled" type="submit">{{ data.action }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .reason {
      width: 100%;
    }
  `,
})
export class ReasonDialog {
  protected readonly data = inject<ReasonDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<ReasonDialog, string>>(MatDialogRef);
  protected readonly form = inject(NonNullableFormBuilder).group({
    reason: ['', [Validators.required, Validators.maxLength(this.data.maxLength), Validators.pattern(/\S/)]],
  });
  protected readonly showError = signal(false);
  private readonly document = inject(DOCUMENT);

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.showError.set(true);
      this.document.getElementById(`${this.data.id}-reason`)?.focus();
      return;
    }
    this.ref.close(this.form.getRawValue().reason.trim());
  }
}

/** Opens a `ReasonDialog`; resolves with the reason, or undefined when cancelled. */
export async function askReason(dialog: MatDialog, data: ReasonDialogData): Promise<string | undefined> {
  const ref = dialog.open<ReasonDialog, ReasonDialogData, string>(ReasonDialog, {
    data,
    autoFocus: `#${data.id}-reason`,
    restoreFocus: true,
    maxWidth: '36rem',
    width: 'calc(100vw - 2rem)',
    ariaLabelledBy: `${data.id}-title`,
  });
  return firstValueFrom(ref.afterClosed(), { defaultValue: undefined });
}
