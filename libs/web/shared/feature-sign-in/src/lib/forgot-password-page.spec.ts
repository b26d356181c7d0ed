import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { ApiError, AuthApi } from '@equip/web/shared/data-access';
import { of, throwError } from 'rxjs';
import { ForgotPasswordPage } from './forgot-password-page';

describe('ForgotPasswordPage', () => {
  let forgotPassword: jest.Mock;
  let harness: RouterTestingHarness;
  let page: HTMLElement;

  async function open(): Promise<void> {
    TestBed.configureTestingModule({
      providers: [{ provide: AuthApi, useValue: { forgotPassword } }, provideRouter([{ path: 'forgot-password', component: ForgotPasswordPage }])],
    });
    harness = await RouterTestingHarness.create('/forgot-password');
    page = harness.routeNativeElement as HTMLElement;
  }

  async function request(email: string): Promise<void> {
    const input = page.querySelector<HTMLInputElement>('#email')!;
    input.value = email;
    input.dispatchEvent(new Event('input'));
    [...page.querySelectorAll('button')].find((b) => b.textContent?.includes('Send me a link'))!.click();
    await harness.fixture.whenStable();
  }

  beforeEach(() => (forgotPassword = jest.fn()));

  it('sends the email and confirms without saying whether an account exists', async () => {
    forgotPassword.mockReturnValue(of(null));
    await open();
    await request('someone@city.example');

    expect(forgotPassword).toHaveBeenCalledWith('someone@city.example');
    expect(page.querySelector('h2')?.textContent).toContain('Check your email');
    expect(page.textContent).toContain('If someone@city.example belongs to an Equip account');
    expect(page.querySelector('form')).toBeNull();
  });

  it('asks for an email address before calling the api', async () => {
    await open();
    await request('');
    expect(forgotPassword).not.toHaveBeenCalled();
    expect(page.querySelector('[role="alert"]')?.textContent).toContain('Enter your email address');
  });

  it('shows the problem when the api refuses (too many requests)', async () => {
    forgotPassword.mockReturnValue(
      throwError(() => new ApiError({ type: 'about:blank', title: 'Too many requests', status: 429, detail: 'Too many attempts. Wait a minute, then try again.' })),
    );
    await open();
    await request('someone@city.example');
    expect(page.querySelector('[role="alert"]')?.textContent).toContain('Wait a minute');
    expect(page.querySelector('form')).not.toBeNull();
  });
});
