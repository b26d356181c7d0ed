import { ChangeDetectionStrategy, Component, computed, input, output, signal, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import type { AssignRequest, DueRule } from '@equip/shared/contracts';
import { addDays } from '@equip/shared/domain';
import { cityToday, formatDueDay } from '@equip/web/shared/ui';

export interface AssignableItem {
  slug: string;
  title: string;
}

export type DueKind = DueRule['kind'];

export interface AssignFormValue {
  /** "course:<slug>" or "track:<slug>". */
  item: string;
  dueKind: DueKind;
  dueDate: string;
  /** Number inputs give numbers (or null when empty). */
  dueDays: string | number | null;
  recurrenceMonths: string | number | null;
}

function blank(value: string | number | null | undefined): boolean {
  return value === '' || value === null || value === undefined;
}

/** The date `days` from `today`, as YYYY-MM-DD (for the date field's default). */
export function isoDateInDays(days: number, today: Date = new Date()): string {
  const date = new Date(Date.UTC(today.getFullYear(), today.getMonth(), today.getDate() + days));
  return date.toISOString().slice(0, 10);
}

/** The `AssignRequest` the fields describe, or null when they do not describe one. */
export function buildAssignRequest(value: AssignFormValue): AssignRequest | null {
  const [kind, ...rest] = value.item.split(':');
  const slug = rest.join(':');
  if (!slug || (kind !== 'course' && kind !== 'track')) return null;
  let due: DueRule;
  if (value.dueKind === 'absolute') {
    if (!value.dueDate) return null;
    // The day as chosen: a due day is a day in the city, due at its end there (the api's rule).
    due = { kind: 'absolute', dueOn: value.dueDate };
  } else {
    const days = Number(value.dueDays);
    if (blank(value.dueDays) || !Number.isInteger(days) || days < 0) return null;
    due = { kind: value.dueKind, days };
  }
  const months = blank(value.recurrenceMonths) ? null : Number(value.recurrenceMonths);
  return {
    ...(kind === 'course' ? { courseSlug: slug } : { trackSlug: slug }),
    due,
    recurrenceMonths: months,
  };
}

/**
 * Assigns a course or a track to the cohort, with a due date (a date, or N days after each
 * person's hire date or after they join) and an optional recurrence. Emits the request; the page
 * sends it and shows the answer.
 */
@Component({
  selector: 'equip-assign-form',
  imports: [ReactiveFormsModule, MatButton, MatFormField, MatLabel, MatHint, MatError, MatInput],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" aria-labelledby="assign-heading" [attr.aria-busy]="busy()">
      <h3 id="assign-heading">Assign a course or track</h3>
      @if (error(); as message) {
        <p role="alert" class="assign-error">{{ message }}</p>
      }
      <div class="equip-filters">
        <mat-form-field appearance="outline">
          <mat-label>Course or track</mat-label>
          <select matNativeControl id="assign-item" formControlName="item" required>
            <option value="">Choose a course or track</option>
            <optgroup label="Tracks">
              @for (track of tracks(); track track.slug) {
                <option [value]="'track:' + track.slug">{{ track.title }} (track)</option>
              }
            </optgroup>
            <optgroup label="Courses">
              @for (course of courses(); track course.slug) {
                <option [value]="'course:' + course.slug">{{ course.title }}</option>
              }
            </optgroup>
          </select>
          @if (form.controls.item.touched && form.controls.item.invalid) {
            <mat-error>Choose what to assign</mat-error>
          }
        </mat-form-field>
      </div>
      <fieldset class="assign-due">
        <legend>Due</legend>
        <span><input type="radio" id="assign-due-absolute" value="absolute" formControlName="dueKind" /><label for="assign-due-absolute">On a date</label></span>
        <span><input type="radio" id="assign-due-hire" value="after_hire" formControlName="dueKind" /><label for="assign-due-hire">Days after each person's hire date</label></span>
        <span><input type="radio" id="assign-due-joining" value="after_joining" formControlName="dueKind" /><label for="assign-due-joining">Days after each person joins the cohort</label></span>
        <div class="equip-filters">
          @if (dueKind() === 'absolute') {
            <mat-form-field appearance="outline">
              <mat-label>Due date</mat-label>
              <input matInput type="date" id="assign-due-date" formControlName="dueDate" />
            </mat-form-field>
          } @else {
            <mat-form-field appearance="outline">
              <mat-label>Number of days</mat-label>
              <input matInput type="number" min="0" inputmode="numeric" id="assign-due-days" formControlName="dueDays" />
              @if (relativeHint(); as hint) {
                <mat-hint id="assign-due-why">{{ hint }}</mat-hint>
              }
            </mat-form-field>
          }
          <mat-form-field appearance="outline">
            <mat-label>Repeat every (months, optional)</mat-label>
            <input matInput type="number" min="1" max="60" inputmode="numeric" id="assign-recurrence" formControlName="recurrenceMonths" />
            <mat-hint>Leave empty to assign once; 12 for an annual refresher</mat-hint>
          </mat-form-field>
        </div>
      </fieldset>
      <div class="equip-actions">
        <button matButton="filled" type="submit" [disabled]="busy()" disabledInteractive>Assign</button>
      </div>
    </form>
  `,
  styles: `
    h3 {
      font: var(--mat-sys-title-medium);
    }
    .assign-due {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 4px;
      padding: 0.75rem 1rem;
      margin: 0 0 1rem;
      min-width: 0;
    }
    .assign-due > span {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      min-height: 2rem;
    }
    .assign-due input[type='radio'] {
      width: 1.25rem;
      height: 1.25rem;
      margin: 0;
    }
    .assign-error {
      color: var(--mat-sys-error);
      font-weight: 600;
    }
  `,
})
export class AssignForm {
  readonly courses = input<readonly AssignableItem[]>([]);
  readonly tracks = input<readonly AssignableItem[]>([]);
  readonly busy = input(false);
  readonly assign = output<AssignRequest>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    item: ['', Validators.required],
    dueKind: 'absolute' as DueKind,
    dueDate: isoDateInDays(30),
    dueDays: '30' as string | number | null,
    recurrenceMonths: '' as string | number | null,
  });
  protected readonly dueKind = toSignal(this.form.controls.dueKind.valueChanges, { initialValue: this.form.controls.dueKind.value });
  private readonly dueDays = toSignal(this.form.controls.dueDays.valueChanges, { initialValue: this.form.controls.dueDays.value });
  /**
   * What date people get and why: the assignment starts today, so anyone hired (or in the cohort)
   * before today counts from today — "Hired before today: due Feb 3, 2027 (60 days after it starts)".
   */
  protected readonly relativeHint = computed(() => {
    const kind = this.dueKind();
    const raw = this.dueDays();
    const days = Number(raw);
    if (kind === 'absolute' || raw === null || raw === '' || !Number.isInteger(days) || days < 0) return null;
    const day = formatDueDay(addDays(cityToday(), days), 'medium');
    return kind === 'after_hire'
      ? `Hired before the assignment starts (today): due ${day}, ${days} days after it starts. Hired later: ${days} days after their hire date.`
      : `Already in the cohort: due ${day}, ${days} days after the assignment starts (today). Joining later: ${days} days after they join.`;
  });
  private readonly invalid = signal(false);
  protected readonly error = computed(() => (this.invalid() ? 'Choose what to assign and when it is due.' : null));

  protected submit(): void {
    const request = buildAssignRequest(this.form.getRawValue());
    if (!request) {
      this.form.markAllAsTouched();
      this.invalid.set(true);
      return;
    }
    this.invalid.set(false);
    this.assign.emit(request);
  }
}
