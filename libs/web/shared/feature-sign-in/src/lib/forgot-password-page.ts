import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, inject, signal, viewChild } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { AuthApi } from '@equip/web/shared/data-access';
import { ErrorSummary, ErrorSummaryItem, PageHeader } from '@equip/web/shared/ui';
import { firstValueFrom } from 'rxjs';
import { oneFieldProblem } from './one-field-problem';

/**
 * Asks for a link to choose a new password. The api answers the same whether or not the email
 * belongs to anyone, and so does this page: it never says whether an account exists.
 */
@Component({
  selector: 'equip-forgot-password-page',
  imports: [ReactiveFormsModule, RouterLink, MatFormField, MatLabel, MatError, MatInput, MatButton, PageHeader, ErrorSummary],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header heading="Forgot your password?">
      <p>Enter the work email address you use for Equip. We will email you a link to choose a new password.</p>
    </equip-page-header>

    @if (sentTo(); as email) {
      <section class="forgot-sent" aria-labelledby="forgot-sent-heading">
        <h2 id="forgot-sent-heading" tabindex="-1" #sentHeading>Check your email</h2>
        <p>
          If <strong>{{ email }}</strong> belongs to an Equip account, we have sent it a link to choose a new password.
          The link works once and expires after a while.
        </p>
        <p>No email after a few minutes? Check your junk folder and the address you typed, then ask again.</p>
        <div class="equip-actions">
          <button matButton="outlined" type="button" (click)="again()">Ask for another link</button>
          <a routerLink="/sign-in">Back to sign in</a>
        </div>
      </section>
    } @else {
      @if (errors().length) {
        <equip-error-summary [items]="errors()" />
      }
      <form class="forgot-form" [formGroup]="form" (ngSubmit)="submit()" [attr.aria-busy]="submitting()">
        <mat-form-field appearance="outline">
          <mat-label>Email</mat-label>
          <input
            matInput
            id="email"
            type="email"
            formControlName="email"
            autocomplete="username"
            inputmode="email"
            autocapitalize="none"
            spellcheck="false"
            required
          />
          @if (fieldError(); as message) {
            <mat-error>{{ message }}</mat-error>
          }
        </mat-form-field>
        <div class="equip-actions">
          <button matButton="filled" type="submit" [disabled]="submitting()" disabledInteractive>Send me a link</button>
          <a routerLink="/sign-in">Back to sign in</a>
        </div>
      </form>
    }
  `,
  styles: `
    :host {
      display: block;
      max-width: 32rem;
    }
    mat-form-field {
      width: 100%;
    }
    .forgot-sent h2 {
      font: var(--mat-sys-title-large);
      margin: 0 0 0.5rem;
    }
  `,
})
export class ForgotPasswordPage {
  private readonly auth = inject(AuthApi);
  private readonly injector = inject(Injector);
  private readonly sentHeading = viewChild<ElementRef<HTMLElement>>('sentHeading');

  protected readonly form = inject(NonNullableFormBuilder).group({ email: ['', [Validators.required, Validators.email]] });
  protected readonly submitting = signal(false);
  protected readonly errors = signal<readonly ErrorSummaryItem[]>([]);
  /** The address the link was asked for; the page then shows the same message for every address. */
  protected readonly sentTo = signal<string | null>(null);

  protected fieldError(): string | null {
    const control = this.form.controls.email;
    if (control.hasError('server')) return control.getError('server') as string;
    if (control.hasError('required')) return 'Enter your email address';
    if (control.hasError('email')) return 'Enter an email address in the right format, like name@city.gov';
    return null;
  }

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      const message = this.fieldError();
      this.errors.set(message ? [{ message, target: 'email' }] : []);
      return;
    }
    this.submitting.set(true);
    this.errors.set([]);
    const { email } = this.form.getRawValue();
    try {
      await firstValueFrom(this.auth.forgotPassword(email.trim()), { defaultValue: null });
      this.sentTo.set(email.trim());
      // The form is gone: take focus to the confirmation so it is read and keyboard users are not lost.
      afterNextRender(() => this.sentHeading()?.nativeElement.focus(), { injector: this.injector });
    } catch (error) {
      this.errors.set(oneFieldProblem(error, 'email', this.form.controls.email, 'email'));
    } finally {
      this.submitting.set(false);
    }
  }

  protected again(): void {
    this.sentTo.set(null);
  }
}
