import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Problem } from '@equip/shared/contracts';
import { ApiError, AuthApi, SessionStore } from '@equip/web/shared/data-access';
import { Observable, of, throwError } from 'rxjs';
import { sessionUser } from '@equip/web/shared/data-access/testing';
import { SignInPage } from './sign-in-page';

@Component({ template: '<h1>Home</h1>' })
class Home {}

describe('SignInPage', () => {
  let signIn: jest.Mock;
  let providers: () => Observable<unknown>;
  let harness: RouterTestingHarness;
  let page: HTMLElement;

  async function open(url = '/sign-in'): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        { provide: SessionStore, useValue: { signIn } },
        { provide: AuthApi, useValue: { providers: () => providers() } },
        provideRouter([
          { path: 'sign-in', component: SignInPage },
          { path: '**', component: Home },
        ]),
      ],
    });
    harness = await RouterTestingHarness.create(url);
    page = harness.routeNativeElement as HTMLElement;
  }

  function field(label: string): HTMLInputElement {
    const labelEl = [...page.querySelectorAll('label')].find((l) => l.textContent?.trim().startsWith(label));
    const input = labelEl && page.querySelector<HTMLInputElement>(`#${labelEl.htmlFor}`);
    if (!input) throw new Error(`No field labelled ${label}`);
    return input;
  }

  function type(label: string, value: string): void {
    const input = field(label);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  function submitButton(): HTMLButtonElement {
    const button = [...page.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Sign in');
    if (!button) throw new Error('No Sign in button');
    return button;
  }

  async function submit(): Promise<void> {
    submitButton().click();
    await harness.fixture.whenStable();
  }

  function alertText(): string | undefined {
    return page.querySelector('[role="alert"]')?.textContent ?? undefined;
  }

  beforeEach(() => {
    signIn = jest.fn();
    providers = () => of({ password: true, sso: null });
  });

  it('labels the fields for password managers and assistive technology', async () => {
    await open();
    expect(page.querySelector('h1')?.textContent).toContain('Sign in');
    expect(field('Email').getAttribute('autocomplete')).toBe('username');
    expect(field('Email').type).toBe('email');
    expect(field('Password').getAttribute('autocomplete')).toBe('current-password');
    expect(field('Password').type).toBe('password');
  });

  it('signs in with what was typed and goes to the returnUrl', async () => {
    signIn.mockResolvedValue(sessionUser({ areas: ['learn', 'lead'] }));
    await open('/sign-in?returnUrl=%2Flead%2Fcohorts');

    type('Email', 'ana.lopez@city.example');
    type('Password', 'correct horse battery');
    await submit();

    expect(signIn).toHaveBeenCalledWith({ email: 'ana.lopez@city.example', password: 'correct horse battery' });
    expect(TestBed.inject(Router).url).toBe('/lead/cohorts');
  });

  it("goes to the person's home area when there is no returnUrl", async () => {
    signIn.mockResolvedValue(sessionUser({ roles: ['viewer'], areas: ['rase'] }));
    await open();

    type('Email', 'viewer@city.example');
    type('Password', 'correct horse battery');
    await submit();

    expect(TestBed.inject(Router).url).toBe('/rase');
  });

  it("announces the server's message when the credentials are refused", async () => {
    signIn.mockRejectedValue(
      new ApiError({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Email or password is incorrect.' }),
    );
    await open();

    type('Email', 'ana.lopez@city.example');
    type('Password', 'not my password');
    await submit();

    expect(alertText()).toContain('Email or password is incorrect.');
    expect(TestBed.inject(Router).url).toBe('/sign-in');
    expect(submitButton().getAttribute('aria-disabled')).not.toBe('true');
  });

  it('shows field errors from the api in the summary and on the field', async () => {
    const problem: Problem = {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      errors: [{ field: 'email', message: 'email must be an email address of the city' }],
    };
    signIn.mockRejectedValue(new ApiError(problem));
    await open();

    type('Email', 'ana@elsewhere.example');
    type('Password', 'correct horse battery');
    await submit();

    expect(alertText()).toContain('email must be an email address of the city');
    expect(page.querySelector('mat-error')?.textContent).toContain('email must be an email address of the city');
    expect(field('Email').getAttribute('aria-invalid')).toBe('true');
  });

  it('is disabled while signing in, so a second press does not send again', async () => {
    let finish!: () => void;
    signIn.mockReturnValue(new Promise((resolve) => (finish = () => resolve(sessionUser()))));
    await open();

    type('Email', 'ana.lopez@city.example');
    type('Password', 'correct horse battery');
    await submit();

    expect(submitButton().getAttribute('aria-disabled')).toBe('true');
    expect(page.querySelector('[role="status"]')?.textContent).toContain('Signing in');
    submitButton().click();
    expect(signIn).toHaveBeenCalledTimes(1);

    finish();
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/learn');
  });

  it('asks for missing fields without calling the api', async () => {
    await open();
    await submit();

    expect(signIn).not.toHaveBeenCalled();
    expect(alertText()).toContain('Enter your email address');
    expect(alertText()).toContain('Enter your password');
  });

  it('links to the forgot-password page', async () => {
    await open();
    const link = [...page.querySelectorAll('a')].find((a) => a.textContent?.trim() === 'Forgot your password?');
    expect(link?.getAttribute('href')).toBe('/forgot-password');
  });

  it("offers single sign-on as a full-page link to the api when it is turned on, named with the configured button label", async () => {
    providers = () => of({ password: true, sso: { label: 'Sign in with City of Alexandria account' } });
    await open();
    await harness.fixture.whenStable();
    const link = [...page.querySelectorAll('a')].find((a) => a.textContent?.includes('City of Alexandria account'));
    expect(link?.textContent?.trim()).toBe('Sign in with City of Alexandria account');
    expect(link?.getAttribute('href')).toBe('/api/auth/sso');
    expect(link?.hasAttribute('routerLink')).toBe(false);
  });

  it('offers no single sign-on when it is off, or when the api cannot say', async () => {
    await open();
    expect(page.textContent).not.toContain('Sign in with');
    TestBed.resetTestingModule();

    providers = () => throwError(() => new ApiError({ type: 'about:blank', title: 'Not found', status: 404 }));
    await open();
    expect(page.textContent).not.toContain('Sign in with');
    expect(field('Email')).toBeTruthy();
  });

  it.each([
    ['sso_no_account', /no Equip account uses its email address/],
    ['sso_inactive', /no longer active/],
    ['something_new', /Single sign-on did not finish/],
    ['sso_unknown_employee_id&employeeId=E%3Cb%3E42', /no one on Equip’s staff list has its employee ID, E<b>42\./],
  ])('explains why single sign-on failed (?error=%s)', async (code, message) => {
    await open(`/sign-in?error=${code}`);
    expect(alertText()).toMatch(message);
  });
});
