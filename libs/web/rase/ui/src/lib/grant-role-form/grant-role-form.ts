import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal, untracked, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { GRANTED_ROLES, ROLE_LABELS, type DepartmentNode, type GrantRoleRequest, type GrantedRole, type Problem } from '@equip/shared/contracts';
import { ErrorSummary, ErrorSummaryItem, departmentOptions, fieldErrorItems } from '@equip/web/shared/ui';

/** What each role lets someone do, under the role select. */
const ROLE_HINTS: Record<GrantedRole, string> = {
  equity_lead: 'Builds cohorts and follows progress in one department and everything under it.',
  rase_admin: 'Manages Equip for the whole city: the roster, people, roles, courses and reports.',
  viewer: 'Sees city-wide reports, read-only, with no person-level data.',
};

type Field = 'role' | 'departmentId';
const FIELD_IDS: Record<Field, string> = { role: 'grant-role', departmentId: 'grant-department' };

/**
 * Grants a role. An equity lead is granted for a department (with everything under it), so the
 * department is asked for, and required, only for that role; RASE administrators and viewers are
 * city-wide. Emits the request; the page sends it and passes back the api's problem, whose field
 * messages are shown on the fields and in the summary.
 */
@Component({
  selector: 'equip-grant-role-form',
  imports: [ReactiveFormsModule, MatFormField, MatLabel, MatHint, MatError, MatInput, MatButton, ErrorSummary],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (errors().length) {
      <equip-error-summary [items]="errors()" />
    }
    <form [formGroup]="form" (ngSubmit)="submit()" [attr.aria-busy]="busy()" aria-label="Grant a role">
      <div class="equip-filters">
        <mat-form-field appearance="outline">
          <mat-label>Role</mat-label>
          <select matNativeControl id="grant-role" formControlName="role" required>
            <option value="">Choose a role</option>
            @for (role of roles; track role) {
              <option [value]="role">{{ roleLabels[role] }}</option>
            }
          </select>
          @if (fieldError('role'); as message) {
            <mat-error>{{ message }}</mat-error>
          } @else if (roleHint(); as hint) {
            <mat-hint>{{ hint }}</mat-hint>
          }
        </mat-form-field>

        @if (needsDepartment()) {
          <mat-form-field appearance="outline">
            <mat-label>Department</mat-label>
            <select matNativeControl id="grant-department" formControlName="departmentId" required>
              <option value="">Choose a department</option>
              @for (option of departmentChoices(); track option.id) {
                <option [value]="option.id">{{ option.label }}</option>
              }
            </select>
            @if (fieldError('departmentId'); as message) {
              <mat-error>{{ message }}</mat-error>
            } @else {
              <mat-hint>The equity lead covers its divisions and sections too.</mat-hint>
            }
          </mat-form-field>
        }
      </div>
      <div class="equip-actions">
        <button matButton="filled" type="submit" [disabled]="busy()" disabledInteractive>Grant role</button>
      </div>
    </form>
  `,
})
export class GrantRoleForm {
  readonly departments = input.required<readonly DepartmentNode[]>();
  /** The api's answer to the last request, when it refused it. */
  readonly problem = input<Problem | null>(null);
  readonly busy = input(false);
  readonly grant = output<GrantRoleRequest>();

  private readonly formDirective = viewChild(FormGroupDirective);
  protected readonly roles = GRANTED_ROLES;
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly form = inject(NonNullableFormBuilder).group({
    role: ['' as GrantedRole | '', Validators.required],
    departmentId: [''],
  });
  private readonly role = toSignal(this.form.controls.role.valueChanges, { initialValue: this.form.controls.role.value });
  protected readonly needsDepartment = computed(() => this.role() === 'equity_lead');
  protected readonly roleHint = computed(() => {
    const role = this.role();
    return role ? ROLE_HINTS[role] : null;
  });
  protected readonly departmentChoices = computed(() => departmentOptions(this.departments()));
  private readonly clientErrors = signal<readonly ErrorSummaryItem[]>([]);
  private readonly serverErrors = signal<readonly ErrorSummaryItem[]>([]);
  protected readonly errors = computed(() => [...this.clientErrors(), ...this.serverErrors()]);

  constructor() {
    // The department is required exactly when it is asked for.
    effect(() => {
      const department = this.form.controls.departmentId;
      department.setValidators(this.needsDepartment() ? Validators.required : null);
      department.updateValueAndValidity({ emitEvent: false });
    });
    effect(() => {
      const problem = this.problem();
      untracked(() => this.showProblem(problem));
    });
  }

  /** Empties the form after a grant went through. */
  reset(): void {
    // Through the directive, so the form is no longer "submitted" and shows no errors until the next try.
    const directive = this.formDirective();
    if (directive) directive.resetForm({ role: '', departmentId: '' });
    else this.form.reset({ role: '', departmentId: '' });
    this.clientErrors.set([]);
    this.serverErrors.set([]);
  }

  protected fieldError(field: Field): string | null {
    const control = this.form.controls[field];
    if (control.hasError('server')) return control.getError('server') as string;
    if (!control.touched) return null;
    if (control.hasError('required')) return field === 'role' ? 'Choose a role' : 'Choose the department this person will lead';
    return null;
  }

  protected submit(): void {
    if (this.busy()) return;
    // A new attempt replaces the api's earlier answer.
    for (const control of Object.values(this.form.controls)) {
      if (control.hasError('server')) control.updateValueAndValidity();
    }
    this.serverErrors.set([]);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.clientErrors.set(
        fieldErrorItems(['role', 'departmentId'] as const, (field) => this.fieldError(field), (field) => FIELD_IDS[field]),
      );
      return;
    }
    this.clientErrors.set([]);
    const { role, departmentId } = this.form.getRawValue();
    if (!role) return;
    this.grant.emit(role === 'equity_lead' ? { role, departmentId } : { role });
  }

  private showProblem(problem: Problem | null): void {
    if (!problem) {
      this.serverErrors.set([]);
      return;
    }
    const fieldErrors = problem.errors ?? [];
    for (const { field, message } of fieldErrors) {
      if (field !== 'role' && field !== 'departmentId') continue;
      const control = this.form.controls[field];
      control.setErrors({ ...control.errors, server: message });
      control.markAsTouched();
    }
    this.serverErrors.set(
      fieldErrors.length
        ? fieldErrors.map(({ field, message }) =>
            field === 'role' || field === 'departmentId' ? { message, target: FIELD_IDS[field] } : { message },
          )
        : [{ message: problem.detail ?? problem.title }],
    );
  }
}
