import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { SsoSignInError } from '@equip/shared/contracts';
import { AuthApi, SSO_START_PATH, SessionStore, homePath, safeReturnUrl, toProblem } from '@equip/web/shared/data-access';
import { ErrorSummary, ErrorSummaryItem, fieldErrorItems, PageHeader } from '@equip/web/shared/ui';

type Field = 'email' | 'password';

/** What to tell someone the api sent back from single sign-on with `?error=…`. */
export const SSO_ERROR_MESSAGES: Record<SsoSignInError, string> = {
  sso_no_account:
    'Your city account signed you in, but no Equip account uses its email address. Sign in with your Equip password, or ask the Office of Race and Social Equity to check your staff record.',
  sso_inactive:
    'Your staff record is no longer active, so Equip cannot sign you in. If you still work for the city, contact the Office of Race and Social Equity.',
  sso_unverified_email:
    'Your city account’s email address has not been verified, so Equip cannot sign you in with it. Sign in with your Equip password instead.',
  sso_failed: 'Single sign-on did not finish. Try again, or sign in with your email and password.',
  sso_unknown_employee_id:
    'Your city account signed you in, but no one on Equip’s staff list has its employee ID. Ask the Office of Race and Social Equity to check your staff record.',
};
const FIELDS: readonly string[] = ['email', 'password'] satisfies Field[];

/**
 * Email and password sign-in, and single sign-on with the city's provider when the api says it is
 * turned on (a full-page link to the api, which redirects back here with `?error=…` if it fails).
 * The api decides whether the credentials are right and says why not
 * (problem+json); this page shows that message as it is, in an error summary announced to screen
 * readers, and marks the fields it names.
 */
@Component({
  selector: 'equip-sign-in-page',
  imports: [ReactiveFormsModule, RouterLink, MatFormField, MatLabel, MatError, MatInput, MatButton, PageHeader, ErrorSummary],
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
  protected readonly errors = signal<readonly ErrorSummaryItem[]>(this.ssoError());
  /** Single sign-on's button text, once the api says it is on; without an answer there is no button. */
  protected readonly sso = signal<{ label: string } | null>(null);
  protected readonly ssoStart = SSO_START_PATH;

  constructor() {
    inject(AuthApi)
      .providers()
      .pipe(takeUntilDestroyed(inject(DestroyRef)))
      .subscribe({
        next: (providers) => this.sso.set(providers.sso ?? null),
        // Password sign-in works without the answer; the page just offers no single sign-on.
        error: () => this.sso.set(null),
      });
  }

  private ssoError(): ErrorSummaryItem[] {
    const code = this.route.snapshot.queryParamMap.get('error');
    if (!code) return [];
    const message = (SSO_ERROR_MESSAGES as Record<string, string | undefined>)[code] ?? SSO_ERROR_MESSAGES.sso_failed;
    // The api names the employee ID it could not find, so the person can tell the office which one.
    const employeeId = code === 'sso_unknown_employee_id' ? this.route.snapshot.queryParamMap.get('employeeId')?.slice(0, 100) : undefined;
    return [{ message: employeeId ? message.replace('has its employee ID', `has its employee ID, ${employeeId}`) : message }];
  }

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
        fieldErrorItems(['email', 'password'] as const, (field) => this.fieldError(field)),
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
