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
import { REVOKE_REASON_MAX_LENGTH } from '@equip/shared/contracts';
import { firstValueFrom } from 'rxjs';

export interface RevokeCertificateDialogData {
  serial: string;
  personName: string;
  title: string;
}

/**
 * Asks why a certificate is revoked; the reason is required and kept in the audit log. A modal
 * dialog: focus moves to the reason, stays inside while open, Escape cancels and focus returns to
 * the button that opened it. Closes with the trimmed reason, or undefined when cancelled.
 */
@Component({
  selector: 'equip-revoke-certificate-dialog',
  imports: [ReactiveFormsModule, MatButton, MatDialogTitle, MatDialogContent, MatDialogActions, MatDialogClose, MatFormField, MatLabel, MatHint, MatError, MatInput],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title id="revoke-title">Revoke certificate {{ data.serial }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" aria-labelledby="revoke-title">
      <mat-dialog-content>
        <p>
          Issued to <strong>{{ data.personName }}</strong> for <strong>{{ data.title }}</strong>. Its verification page will say it is
          revoked from now on, and its holder can no longer download it. This cannot be undone.
        </p>
        <mat-form-field appearance="outline" class="revoke-reason">
          <mat-label>Reason</mat-label>
          <textarea matInput id="revoke-reason" formControlName="reason" rows="3" required [attr.maxlength]="max"></textarea>
          @if (showError()) {
            <mat-error>Give a reason for revoking the certificate</mat-error>
          } @else {
            <mat-hint>For example: issued in error. Kept in the audit log.</mat-hint>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button matButton="outlined" type="button" [mat-dialog-close]="undefined">Cancel</button>
        <button matButton="filled" type="submit">Revoke certificate</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .revoke-reason {
      width: 100%;
    }
  `,
})
export class RevokeCertificateDialog {
  protected readonly data = inject<RevokeCertificateDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<RevokeCertificateDialog, string>>(MatDialogRef);
  protected readonly max = REVOKE_REASON_MAX_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group({
    reason: ['', [Validators.required, Validators.maxLength(REVOKE_REASON_MAX_LENGTH), Validators.pattern(/\S/)]],
  });
  protected readonly showError = signal(false);
  private readonly document = inject(DOCUMENT);

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.showError.set(true);
      this.document.getElementById('revoke-reason')?.focus();
      return;
    }
    this.ref.close(this.form.getRawValue().reason.trim());
  }
}

/** Opens a `RevokeCertificateDialog`; resolves with the reason, or undefined when cancelled. */
export async function askRevokeReason(dialog: MatDialog, data: RevokeCertificateDialogData): Promise<string | undefined> {
  const ref = dialog.open<RevokeCertificateDialog, RevokeCertificateDialogData, string>(RevokeCertificateDialog, {
    data,
    autoFocus: '#revoke-reason',
    restoreFocus: true,
    maxWidth: '36rem',
    width: 'calc(100vw - 2rem)',
    ariaLabelledBy: 'revoke-title',
  });
  return firstValueFrom(ref.afterClosed(), { defaultValue: undefined });
}
