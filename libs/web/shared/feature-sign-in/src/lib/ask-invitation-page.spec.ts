import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { ApiError, InvitationsApi } from '@equip/web/shared/data-access';
import { of, throwError } from 'rxjs';
import { AskInvitationPage } from './ask-invitation-page';

describe('AskInvitationPage', () => {
  let ask: jest.Mock;
  let harness: RouterTestingHarness;
  let page: HTMLElement;

  async function open(): Promise<void> {
    TestBed.configureTestingModule({
      providers: [{ provide: InvitationsApi, useValue: { ask } }, provideRouter([{ path: 'ask-for-invitation', component: AskInvitationPage }])],
    });
    harness = await RouterTestingHarness.create('/ask-for-invitation');
    page = harness.routeNativeElement as HTMLElement;
  }

  async function request(who: string): Promise<void> {
    const input = page.querySelector<HTMLInputElement>('#who')!;
    input.value = who;
    input.dispatchEvent(new Event('input'));
    [...page.querySelectorAll('button')].find((b) => b.textContent?.includes('Send my invitation'))!.click();
    await harness.fixture.whenStable();
  }

  beforeEach(() => (ask = jest.fn()));

  it('asks for an email or employee ID before calling the api, and a name of spaces is no answer', async () => {
    await open();
    await request('   ');
    expect(ask).not.toHaveBeenCalled();
    expect(page.querySelector('[role="alert"]')?.textContent).toContain('Enter your work email or employee ID');
  });

  it('shows the api’s refusal (too many requests) and keeps the form', async () => {
    ask.mockReturnValue(throwError(() => new ApiError({ type: 'about:blank', title: 'Too many requests', status: 429, detail: 'Too many requests from this address.' })));
    await open();
    await request('E1042');
    expect(page.querySelector('[role="alert"]')?.textContent).toContain('Too many requests from this address.');
    expect(page.querySelector('form')).not.toBeNull();
  });

  it('sends the trimmed email or ID and shows the api’s one answer, whoever was named', async () => {
    ask.mockReturnValue(of({ message: 'If you are on the city’s staff list and cannot sign in yet, your invitation is on its way.' }));
    await open();
    await request('  E1042 ');
    expect(ask).toHaveBeenCalledWith({ emailOrEmployeeId: 'E1042' });
    expect(page.querySelector('h2')?.textContent).toContain('Check your email');
    expect(page.textContent).toContain('your invitation is on its way');
    expect(page.querySelector('form')).toBeNull();
  });
});
