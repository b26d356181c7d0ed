import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, inject, signal, viewChild } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { InvitationsApi } from '@equip/web/shared/data-access';
import { ErrorSummary, ErrorSummaryItem, PageHeader } from '@equip/web/shared/ui';
import { firstValueFrom } from 'rxjs';
import { oneFieldProblem } from './one-field-problem';

/**
 * Where a reminder to someone who cannot sign in yet links: they ask for their invitation with
 * their work email or employee ID. The api answers the same whoever is named, and so does this
 * page: it never says whether someone is on the staff list or has an account.
 */
@Component({
  selector: 'equip-ask-invitation-page',
  imports: [ReactiveFormsModule, RouterLink, MatFormField, MatLabel, MatHint, MatError, MatInput, MatButton, PageHeader, ErrorSummary],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header heading="Get your invitation to Equip">
      <p>
        Equip is the city's staff training in racial and social equity. If you have not signed in before, ask for your
        invitation here and we will email you how to sign in.
      </p>
    </equip-page-header>

    @if (asked()) {
      <section aria-labelledby="ask-sent-heading">
        <h2 id="ask-sent-heading" tabindex="-1" #sentHeading>Check your email</h2>
        <p>{{ answer() }}</p>
        <p>No email after a few minutes? Check your junk folder, or ask your department's equity lead to invite you.</p>
        <div class="equip-actions">
          <a routerLink="/sign-in">Go to sign in</a>
        </div>
      </section>
    } @else {
      @if (errors().length) {
        <equip-error-summary [items]="errors()" />
      }
      <form [formGroup]="form" (ngSubmit)="submit()" [attr.aria-busy]="submitting()">
        <mat-form-field appearance="outline">
          <mat-label>Work email or employee ID</mat-label>
          <input
            matInput
            id="who"
            formControlName="who"
            autocomplete="username"
            autocapitalize="none"
            spellcheck="false"
            required
          />
          <mat-hint>The email address the city has for you, or the employee ID on your pay stub</mat-hint>
          @if (fieldError(); as message) {
            <mat-error>{{ message }}</mat-error>
          }
        </mat-form-field>
        <div class="equip-actions">
          <button matButton="filled" type="submit" [disabled]="submitting()" disabledInteractive>Send my invitation</button>
          <a routerLink="/sign-in">I already have an account</a>
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
    h2 {
      font: var(--mat-sys-title-large);
      margin: 0 0 0.5rem;
    }
  `,
})
export class AskInvitationPage {
  private readonly api = inject(InvitationsApi);
  private readonly injector = inject(Injector);
  private readonly sentHeading = viewChild<ElementRef<HTMLElement>>('sentHeading');

  protected readonly form = inject(NonNullableFormBuilder).group({ who: ['', [Validators.required, Validators.maxLength(320)]] });
  protected readonly submitting = signal(false);
  protected readonly errors = signal<readonly ErrorSummaryItem[]>([]);
  protected readonly asked = signal(false);
  protected readonly answer = signal('');

  protected fieldError(): string | null {
    const control = this.form.controls.who;
    if (control.hasError('server')) return control.getError('server') as string;
    if (control.hasError('required')) return 'Enter your work email or employee ID';
    if (control.hasError('maxlength')) return 'That is longer than any email or employee ID';
    return null;
  }

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    const who = this.form.getRawValue().who.trim();
    if (this.form.invalid || !who) {
      if (!who) this.form.controls.who.setErrors({ required: true });
      this.form.markAllAsTouched();
      const message = this.fieldError();
      this.errors.set(message ? [{ message, target: 'who' }] : []);
      return;
    }
    this.submitting.set(true);
    this.errors.set([]);
    try {
      const { message } = await firstValueFrom(this.api.ask({ emailOrEmployeeId: who }));
      this.answer.set(message);
      this.asked.set(true);
      // The form is gone: take focus to the answer so it is read and keyboard users are not lost.
      afterNextRender(() => this.sentHeading()?.nativeElement.focus(), { injector: this.injector });
    } catch (error) {
      this.errors.set(oneFieldProblem(error, 'emailOrEmployeeId', this.form.controls.who, 'who'));
    } finally {
      this.submitting.set(false);
    }
  }
}
