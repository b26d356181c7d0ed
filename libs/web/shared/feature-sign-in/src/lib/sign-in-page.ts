import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { ActivatedRoute, Router } from '@angular/router';
import { SessionStore, homePath, safeReturnUrl, toProblem } from '@equip/web/shared/data-access';
import { ErrorSummary, ErrorSummaryItem, PageHeader } from '@equip/web/shared/ui';

type Field = 'email' | 'password';
const FIELDS: readonly string[] = ['email', 'password'] satisfies Field[];

/**
 * Email and password sign-in. The api decides whether the credentials are right and says why not
 * (problem+json); this page shows that message as it is, in an error summary announced to screen
 * readers, and marks the fields it names.
 */
@Component({
  selector: 'equip-sign-in-page',
  imports: [ReactiveFormsModule, MatFormField, MatLabel, MatError, MatInput, MatButton, PageHeader, ErrorSummary],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './sign-in-page.html',
  styleUrl: './sign-in-page.css',
})
export class SignInPage {
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });
  protected readonly submitting = signal(false);
  protected readonly errors = signal<readonly ErrorSummaryItem[]>([]);

  /** The message under a field, so the summary and the field say the same thing. */
  protected fieldError(field: Field): string | null {
    const control = this.form.controls[field];
    if (control.hasError('server')) return control.getError('server') as string;
    if (control.hasError('required')) return field === 'email' ? 'Enter your email address' : 'Enter your password';
    if (control.hasError('email')) return 'Enter an email address in the right format, like name@city.gov';
    return null;
  }

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.errors.set(
        (['email', 'password'] as const).flatMap((field) => {
          const message = this.fieldError(field);
          return message ? [{ message, target: field }] : [];
        }),
      );
      return;
    }

    this.submitting.set(true);
    this.errors.set([]);
    try {
      const user = await this.session.signIn(this.form.getRawValue());
      const returnUrl = safeReturnUrl(this.route.snapshot.queryParamMap.get('returnUrl'));
      await this.router.navigateByUrl(returnUrl ?? homePath(user));
    } catch (error) {
      this.showProblem(error);
    } finally {
      this.submitting.set(false);
    }
  }

  private showProblem(error: unknown): void {
    const problem = toProblem(error);
    const fieldErrors = problem.errors ?? [];
    for (const { field, message } of fieldErrors) {
      if (!FIELDS.includes(field)) continue;
      const control = this.form.controls[field as Field];
      control.setErrors({ ...control.errors, server: message });
      control.markAsTouched();
    }
    this.errors.set(
      fieldErrors.length
        ? fieldErrors.map(({ field, message }) => (FIELDS.includes(field) ? { message, target: field } : { message }))
        : [{ message: problem.detail ?? problem.title }],
    );
  }
}
