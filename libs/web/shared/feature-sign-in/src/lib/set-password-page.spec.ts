import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { PasswordTokenInfo } from '@equip/shared/contracts';
import { ApiError, AuthApi, LinkToken, SessionStore, captureLinkToken } from '@equip/web/shared/data-access';
import { sessionUser } from '@equip/web/shared/data-access/testing';
import { Observable, of, throwError } from 'rxjs';
import { SetPasswordPage } from './set-password-page';

@Component({ template: '<h1>Home</h1>' })
class Home {}

const notFound = () => throwError(() => new ApiError({ type: 'about:blank', title: 'Not found', status: 404 }));

describe('SetPasswordPage', () => {
  let passwordToken: jest.Mock<Observable<PasswordTokenInfo>, [string]>;
  let setPassword: jest.Mock;
  let harness: RouterTestingHarness;
  let page: HTMLElement;

  /** Opens the page as a click on the emailed link does: the token is captured from the address first. */
  async function open(url: string): Promise<void> {
    const address = new URL(url, 'https://equip.city.example');
    captureLinkToken(address, { state: null, replaceState: () => undefined });
    TestBed.configureTestingModule({
      providers: [
        { provide: AuthApi, useValue: { passwordToken } },
        { provide: SessionStore, useValue: { setPassword } },
        provideRouter([
          { path: 'set-password', component: SetPasswordPage },
          { path: '**', component: Home },
        ]),
      ],
    });
    harness = await RouterTestingHarness.create(address.pathname);
    page = harness.routeNativeElement as HTMLElement;
  }

  function type(id: string, value: string): void {
    const input = page.querySelector<HTMLInputElement>(`#${id}`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function submit(): Promise<void> {
    page.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await harness.fixture.whenStable();
  }

  beforeEach(() => {
    passwordToken = jest.fn();
    setPassword = jest.fn();
  });

  afterEach(() => new LinkToken().clear());

  it('greets an invited person by first name and asks them to set a password, hinting at the minimum length', async () => {
    passwordToken.mockReturnValue(of({ purpose: 'invite', email: 'ana@city.example', firstName: 'Ana' }));
    await open('/set-password#token=abc');

    expect(passwordToken).toHaveBeenCalledWith('abc');
    expect(page.querySelector('h1')?.textContent?.trim()).toBe('Set your password');
    expect(page.textContent).toContain('Hello Ana.');
    expect(page.querySelector<HTMLInputElement>('#email')?.value).toBe('ana@city.example');
    expect(page.querySelector('#password')?.getAttribute('autocomplete')).toBe('new-password');
    expect(page.querySelector('mat-hint')?.textContent).toContain('At least 12 characters');
  });

  it('asks someone resetting to choose a new password', async () => {
    passwordToken.mockReturnValue(of({ purpose: 'reset', email: 'ana@city.example', firstName: 'Ana' }));
    await open('/set-password#token=abc');
    expect(page.querySelector('h1')?.textContent?.trim()).toBe('Choose a new password');
  });

  it('explains an unusable link and links to asking for a new one', async () => {
    passwordToken.mockReturnValue(notFound());
    await open('/set-password#token=old');

    expect(page.querySelector('h1')?.textContent?.trim()).toBe('This link cannot be used');
    const link = [...page.querySelectorAll('a')].find((a) => a.textContent?.includes('Ask for a new link'));
    expect(link?.getAttribute('href')).toBe('/forgot-password');
  });

  it('still takes the token of a link mailed before, from the query', async () => {
    passwordToken.mockReturnValue(of({ purpose: 'reset', email: 'ana@city.example', firstName: 'Ana' }));
    await open('/set-password?token=old-style');
    expect(passwordToken).toHaveBeenCalledWith('old-style');
  });

  it('asks to open the emailed link again when there is no token (a reload), without calling the api', async () => {
    await open('/set-password');
    expect(passwordToken).not.toHaveBeenCalled();
    expect(page.querySelector('h1')?.textContent?.trim()).toBe('Open the link from your email');
    const link = [...page.querySelectorAll('a')].find((a) => a.textContent?.includes('ask for a new link'));
    expect(link?.getAttribute('href')).toBe('/forgot-password');
  });

  it('sets the password, and the signed-in person goes to their home area', async () => {
    passwordToken.mockReturnValue(of({ purpose: 'invite', email: 'ana@city.example', firstName: 'Ana' }));
    setPassword.mockResolvedValue(sessionUser({ roles: ['learner', 'equity_lead'], areas: ['learn', 'lead'] }));
    await open('/set-password#token=abc');

    type('password', 'four unrelated words here');
    type('confirm', 'four unrelated words here');
    await submit();

    expect(setPassword).toHaveBeenCalledWith({ token: 'abc', password: 'four unrelated words here' });
    expect(TestBed.inject(Router).url).toBe('/lead');
    expect(new LinkToken().value()).toBeNull(); // spent: nothing kept
  });

  it('catches a mistyped confirmation before calling the api', async () => {
    passwordToken.mockReturnValue(of({ purpose: 'invite', email: 'ana@city.example', firstName: 'Ana' }));
    await open('/set-password#token=abc');

    type('password', 'four unrelated words here');
    type('confirm', 'four unrelated words hear');
    await submit();

    expect(setPassword).not.toHaveBeenCalled();
    expect(page.querySelector('[role="alert"]')?.textContent).toContain('The passwords do not match');
  });

  it("shows the api's password message on the field and in the summary", async () => {
    passwordToken.mockReturnValue(of({ purpose: 'reset', email: 'ana@city.example', firstName: 'Ana' }));
    setPassword.mockRejectedValue(
      new ApiError({
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        errors: [{ field: 'password', message: 'password must be at least 12 characters' }],
      }),
    );
    await open('/set-password#token=abc');

    type('password', 'short');
    type('confirm', 'short');
    await submit();

    expect(page.querySelector('[role="alert"]')?.textContent).toContain('password must be at least 12 characters');
    expect(page.querySelector('mat-error')?.textContent).toContain('password must be at least 12 characters');
    expect(page.querySelector('#password')?.getAttribute('aria-invalid')).toBe('true');
  });

  it('switches to the unusable-link message when the api says the token expired meanwhile', async () => {
    passwordToken.mockReturnValue(of({ purpose: 'reset', email: 'ana@city.example', firstName: 'Ana' }));
    setPassword.mockRejectedValue(
      new ApiError({ type: 'about:blank', title: 'Bad Request', status: 400, errors: [{ field: 'token', message: 'token has expired' }] }),
    );
    await open('/set-password#token=abc');
    type('password', 'four unrelated words here');
    type('confirm', 'four unrelated words here');
    await submit();

    expect(page.querySelector('h1')?.textContent?.trim()).toBe('This link cannot be used');
  });
});
