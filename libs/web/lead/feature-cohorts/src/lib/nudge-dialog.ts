import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogActions, MatDialogClose, MatDialogContent, MatDialogRef, MatDialogTitle } from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { NUDGE_NOTE_MAX_LENGTH, nudgeMessage } from '@equip/shared/domain';
import { firstValueFrom } from 'rxjs';

export interface NudgeDialogData {
  /** How many people are selected. */
  people: number;
  /** The sender as the mail names them (the signed-in lead). */
  from: string | null;
  /** The open trainings of the selected people that the nudge is about. */
  titles: string[];
}

/** What the lead confirmed: the note (blank = none). */
export interface NudgeConfirmed {
  note: string;
}

/**
 * Shows the reminder before it is sent: the email's subject and opening words (the same words the
 * worker sends, from nudgeMessage), an optional personal note quoted in it, then an explicit
 * "Send reminders". A modal dialog: focus starts on the note, Escape or Cancel sends nothing.
 */
@Component({
  selector: 'equip-nudge-dialog',
  imports: [ReactiveFormsModule, MatButton, MatDialogTitle, MatDialogContent, MatDialogActions, MatDialogClose, MatFormField, MatLabel, MatHint, MatError, MatInput],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title id="nudge-title">Nudge {{ data.people }} {{ data.people === 1 ? 'person' : 'people' }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" aria-labelledby="nudge-title">
      <mat-dialog-content>
        <p>Each person gets one email about their open trainings from this cohort. Someone already reminded today is not reminded again.</p>
        <section class="nudge-preview" aria-labelledby="nudge-preview-heading">
          <h3 id="nudge-preview-heading">The email they will get</h3>
          <p><strong>Subject:</strong> {{ message().subject }}</p>
          @for (paragraph of message().paragraphs; track $index) {
            <p>{{ paragraph }}</p>
          }
          @if (data.titles.length) {
            <ul>
              @for (title of data.titles; track title) {
                <li>{{ title }}</li>
              }
            </ul>
          }
        </section>
        <mat-form-field appearance="outline" class="nudge-note">
          <mat-label>Personal note (optional)</mat-label>
          <textarea matInput id="nudge-note" formControlName="note" rows="3" [attr.maxlength]="maxLength"></textarea>
          @if (form.controls.note.invalid) {
            <mat-error>Keep the note to {{ maxLength }} characters or fewer.</mat-error>
          } @else {
            <mat-hint>Quoted in the email, for example a time set aside for the training.</mat-hint>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button matButton="outlined" type="button" [mat-dialog-close]="undefined">Cancel</button>
        <button matButton="filled" type="submit">Send reminders</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .nudge-preview {
      border-inline-start: 4px solid var(--mat-sys-outline-variant);
      padding-inline-start: 1rem;
      margin-block-end: 1rem;
    }
    .nudge-preview h3 {
      font: var(--mat-sys-title-small);
      margin: 0 0 0.5rem;
    }
    .nudge-note {
      width: 100%;
    }
  `,
})
export class NudgeDialog {
  protected readonly data = inject<NudgeDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<NudgeDialog, NudgeConfirmed>>(MatDialogRef);
  protected readonly maxLength = NUDGE_NOTE_MAX_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group({ note: ['', [Validators.maxLength(NUDGE_NOTE_MAX_LENGTH)]] });
  private readonly note = toSignal(this.form.controls.note.valueChanges, { initialValue: '' });
  /** The preview follows the note as it is typed. */
  protected readonly message = computed(() => nudgeMessage({ from: this.data.from, titles: this.data.titles, notes: [this.note()] }));

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.ref.close({ note: this.form.getRawValue().note.trim() });
  }
}

/** Opens a `NudgeDialog`; resolves with the confirmed note, or undefined when cancelled. */
export async function confirmNudge(dialog: MatDialog, data: NudgeDialogData): Promise<NudgeConfirmed | undefined> {
  const ref = dialog.open<NudgeDialog, NudgeDialogData, NudgeConfirmed>(NudgeDialog, {
    data,
    autoFocus: '#nudge-note',
    restoreFocus: true,
    maxWidth: '40rem',
    width: 'calc(100vw - 2rem)',
    ariaLabelledBy: 'nudge-title',
  });
  return firstValueFrom(ref.afterClosed(), { defaultValue: undefined });
}
