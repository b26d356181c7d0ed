import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import type { PasswordTokenInfo } from '@equip/shared/contracts';
import { AuthApi, LinkToken, SessionStore, homePath, toProblem } from '@equip/web/shared/data-access';
import { ErrorSummary, ErrorSummaryItem, fieldErrorItems, PageHeader } from '@equip/web/shared/ui';

/** The api's password policy, as a hint; the api checks it (and refuses common passwords). */
export const PASSWORD_MIN_LENGTH = 12;

type Field = 'password' | 'confirm';
type LinkState =
  | { kind: 'checking' }
  | { kind: 'ready'; info: PasswordTokenInfo }
  | { kind: 'missing' }
  | { kind: 'invalid' }
  | { kind: 'unavailable'; message: string };

function matchesPassword(control: AbstractControl): ValidationErrors | null {
  const password = control.parent?.get('password')?.value as string | undefined;
  return control.value && password !== undefined && control.value !== password ? { mismatch: true } : null;
}

/**
 * Where an invitation or reset link lands (`/set-password#token=…`, or `?token=…` in links mailed
 * before). `captureLinkToken` has already taken the token out of the address bar into memory
 * (`LinkToken`) before Angular started; the page sends it only in request bodies. It is looked up first
 * so the page can greet the person and say whether they are setting a first password or choosing a
 * new one; an unknown, used or expired link gets a clear message and a way to ask for a new one.
 * On success the api has signed the person in, and they go to their home area.
 */
@Component({
  selector: 'equip-set-password-page',
  imports: [ReactiveFormsModule, RouterLink, MatFormField, MatLabel, MatHint, MatError, MatInput, MatButton, PageHeader, ErrorSummary],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @switch (link().kind) {
      @case ('checking') {
        <equip-page-header heading="Set your password" />
        <p role="status">Checking your link…</p>
      }
      @case ('missing') {
        <equip-page-header heading="Open the link from your email">
          <p>For your security, the code in the link is not kept in the address bar, so this page cannot use it again after a reload.</p>
        </equip-page-header>
        <p>Open the link in your email once more. If it has expired, <a routerLink="/forgot-password">ask for a new link</a>.</p>
      }
      @case ('invalid') {
        <equip-page-header heading="This link cannot be used">
          <p>The link has expired, has already been used, or was not copied in full.</p>
        </equip-page-header>
        <p><a routerLink="/forgot-password">Ask for a new link</a> and use the newest email we send you.</p>
      }
      @case ('unavailable') {
        <equip-page-header heading="Set your password" />
        <equip-error-summary [items]="[{ message: unavailableMessage() }]" />
        <button matButton="outlined" type="button" (click)="checkLink()">Try again</button>
      }
      @case ('ready') {
        <equip-page-header [heading]="heading()">
          <p>
            Hello {{ info()?.firstName }}.
            {{ isInvite() ? 'Choose a password to finish setting up your Equip account.' : 'Choose a new password for your Equip account.' }}
          </p>
        </equip-page-header>

        @if (errors().length) {
          <equip-error-summary [items]="errors()" />
        }

        <form class="set-password-form" [formGroup]="form" (ngSubmit)="submit()" [attr.aria-busy]="submitting()">
          <!-- Tells password managers which account the new password is for. -->
          <mat-form-field appearance="outline">
            <mat-label>Email</mat-label>
            <input matInput id="email" type="email" [value]="info()?.email ?? ''" autocomplete="username" readonly />
          </mat-form-field>

          <mat-form-field appearance="outline">
            <mat-label>{{ isInvite() ? 'Password' : 'New password' }}</mat-label>
            <input matInput id="password" type="password" formControlName="password" autocomplete="new-password" required />
            <mat-hint>At least {{ minLength }} characters. A few unrelated words make a strong password that is easy to remember.</mat-hint>
            @if (fieldError('password'); as message) {
              <mat-error>{{ message }}</mat-error>
            }
          </mat-form-field>

          <mat-form-field appearance="outline">
            <mat-label>Confirm password</mat-label>
            <input matInput id="confirm" type="password" formControlName="confirm" autocomplete="new-password" required />
            <mat-hint>Type the same password again.</mat-hint>
            @if (fieldError('confirm'); as message) {
              <mat-error>{{ message }}</mat-error>
            }
          </mat-form-field>

          <div class="equip-actions">
            <button matButton="filled" type="submit" [disabled]="submitting()" disabledInteractive>
              {{ isInvite() ? 'Set password and sign in' : 'Save new password and sign in' }}
            </button>
            <p class="equip-status" role="status">{{ submitting() ? 'Saving your password…' : '' }}</p>
          </div>
        </form>
      }
    }
  `,
  styles: `
    :host {
      display: block;
      max-width: 32rem;
    }
    .set-password-form {
      display: flex;
      flex-direction: column;
      gap: 0.75rem;
    }
    mat-form-field {
      width: 100%;
    }
  `,
})
export class SetPasswordPage {
  private readonly auth = inject(AuthApi);
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  private readonly linkToken = inject(LinkToken);
  private readonly token = this.linkToken.value() ?? '';

  protected readonly minLength = PASSWORD_MIN_LENGTH;
  protected readonly link = signal<LinkState>({ kind: 'checking' });
  protected readonly info = computed(() => {
    const link = this.link();
    return link.kind === 'ready' ? link.info : null;
  });
  protected readonly isInvite = computed(() => this.info()?.purpose === 'invite');
  protected readonly heading = computed(() => (this.isInvite() ? 'Set your password' : 'Choose a new password'));
  protected readonly unavailableMessage = computed(() => {
    const link = this.link();
    return link.kind === 'unavailable' ? link.message : '';
  });

  protected readonly form = inject(NonNullableFormBuilder).group({
    password: ['', Validators.required],
    confirm: ['', [Validators.required, matchesPassword]],
  });
  protected readonly submitting = signal(false);
  protected readonly errors = signal<readonly ErrorSummaryItem[]>([]);

  constructor() {
    // Typing a new password re-checks the confirmation against it.
    this.form.controls.password.valueChanges
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.form.controls.confirm.updateValueAndValidity({ emitEvent: false }));
    this.checkLink();
  }

  protected checkLink(): void {
    if (!this.token) {
      this.link.set({ kind: 'missing' });
      return;
    }
    this.link.set({ kind: 'checking' });
    this.auth
      .passwordToken(this.token)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (info) => this.link.set({ kind: 'ready', info }),
        error: (error: unknown) => {
          const problem = toProblem(error);
          // 404 (and 400/410) mean the link itself is no good; anything else is worth another try.
          if (problem.status >= 400 && problem.status < 500 && problem.status !== 429) this.link.set({ kind: 'invalid' });
          else this.link.set({ kind: 'unavailable', message: problem.detail ?? problem.title });
        },
      });
  }

  protected fieldError(field: Field): string | null {
    const control = this.form.controls[field];
    if (control.hasError('server')) return control.getError('server') as string;
    if (control.hasError('required')) return field === 'password' ? 'Enter a password' : 'Type the password again to confirm it';
    if (control.hasError('mismatch')) return 'The passwords do not match';
    return null;
  }

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.errors.set(
        fieldErrorItems(['password', 'confirm'] as const, (field) => this.fieldError(field)),
      );
      return;
    }
    this.submitting.set(true);
    this.errors.set([]);
    try {
      const user = await this.session.setPassword({ token: this.token, password: this.form.getRawValue().password });
      this.linkToken.clear();
      await this.router.navigateByUrl(homePath(user));
    } catch (error) {
      this.showProblem(error);
    } finally {
      this.submitting.set(false);
    }
  }

  private showProblem(error: unknown): void {
    const problem = toProblem(error);
    const fieldErrors = problem.errors ?? [];
    if (fieldErrors.some((e) => e.field === 'token')) {
      // The link expired (or was used) while the page was open.
      this.link.set({ kind: 'invalid' });
      return;
    }
    const passwordError = fieldErrors.find((e) => e.field === 'password');
    if (passwordError) {
      this.form.controls.password.setErrors({ server: passwordError.message });
      this.form.controls.password.markAsTouched();
    }
    this.errors.set(
      fieldErrors.length
        ? fieldErrors.map(({ field, message }) => (field === 'password' ? { message, target: 'password' } : { message }))
        : [{ message: problem.detail ?? problem.title }],
    );
  }
}
