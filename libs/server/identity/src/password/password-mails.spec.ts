import { describeLifetime, invitationMail, resetMail, setPasswordLink, ssoInvitationMail } from './password-mails';

describe('password mails', () => {
  it('puts the token in the fragment of the link, where no server sees it', () => {
    const link = setPasswordLink('https://equip.city.gov', 'tok_123-abc');
    expect(link).toBe('https://equip.city.gov/set-password#token=tok_123-abc');
    expect(new URL(link).search).toBe('');
  });

  it('says how long a link works in words', () => {
    expect(describeLifetime(7 * 1440)).toBe('7 days');
    expect(describeLifetime(60)).toBe('1 hour');
    expect(describeLifetime(90)).toBe('90 minutes');
  });

  it('invites by first name with a "Set your password" link', () => {
    const mail = invitationMail({ firstName: 'Ana' }, 'https://equip.city.gov/set-password#token=t', 7 * 1440, 'Office of Race and Social Equity');
    expect(mail.greeting).toBe('Hello Ana,');
    expect(mail.action).toEqual({ label: 'Set your password', url: 'https://equip.city.gov/set-password#token=t' });
    expect(mail.after?.[0]).toContain('7 days');
  });

  it('invites with single sign-on on by telling the person to use their city account, with no link to set a password', () => {
    const mail = ssoInvitationMail({ firstName: 'Ana' }, 'https://equip.city.gov', 'Office of Race and Social Equity');
    expect(mail.subject).toBe('Sign in to Equip with your city account');
    expect(mail.action).toEqual({ label: 'Sign in with your city account', url: 'https://equip.city.gov/sign-in' });
    expect(JSON.stringify(mail)).not.toMatch(/set-password|token/);
  });

  it('resets with a "Set a new password" link that says it expires', () => {
    const mail = resetMail({ firstName: 'Ana' }, 'https://equip.city.gov/set-password#token=t', 60);
    expect(mail.action.label).toBe('Set a new password');
    expect(mail.after?.[0]).toContain('1 hour');
  });
});
