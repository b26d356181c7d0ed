import type { ActionMail } from '@equip/server/mail';

/**
 * A set-password link. The token rides in the URL fragment, which browsers never send to a server,
 * so no request log, proxy or Referer holds it; the page posts it in a request body.
 */
export function setPasswordLink(appUrl: string, token: string): string {
  return `${appUrl}/set-password#token=${encodeURIComponent(token)}`;
}

/** "7 days", "1 hour", "90 minutes". */
export function describeLifetime(minutes: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes % 1440 === 0) return plural(minutes / 1440, 'day');
  if (minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(minutes, 'minute');
}

export function invitationMail(person: { firstName: string }, link: string, lifetimeMinutes: number, officeName: string): ActionMail {
  return {
    subject: 'Set your password for Equip',
    preview: 'Your account for staff equity training is ready.',
    greeting: `Hello ${person.firstName},`,
    paragraphs: [
      `The ${officeName} uses Equip for staff training in racial and social equity, and an account has been made for you with this email address.`,
      'To sign in for the first time, choose a password.',
    ],
    action: { label: 'Set your password', url: link },
    after: [
      `This link works once, for ${describeLifetime(lifetimeMinutes)}. If it has expired, choose "Forgot your password?" on the sign-in page to get a new one.`,
      'If you did not expect this email, you can ignore it.',
    ],
  };
}

/** With single sign-on on there is no password to set: the person signs in with their city account. */
export function ssoInvitationMail(person: { firstName: string }, appUrl: string, officeName: string): ActionMail {
  return {
    subject: 'Sign in to Equip with your city account',
    preview: 'Your account for staff equity training is ready.',
    greeting: `Hello ${person.firstName},`,
    paragraphs: [
      `The ${officeName} uses Equip for staff training in racial and social equity, and you can now sign in to it.`,
      'Sign in with your city account: the same one you use for your city email and other city systems. There is no separate password to choose.',
    ],
    action: { label: 'Sign in with your city account', url: `${appUrl}/sign-in` },
    after: ['If you did not expect this email, you can ignore it.'],
  };
}

export function resetMail(person: { firstName: string }, link: string, lifetimeMinutes: number): ActionMail {
  return {
    subject: 'Reset your Equip password',
    preview: 'Choose a new password for Equip.',
    greeting: `Hello ${person.firstName},`,
    paragraphs: ['Someone, probably you, asked to reset the password of your Equip account.'],
    action: { label: 'Set a new password', url: link },
    after: [
      `This link works once, for ${describeLifetime(lifetimeMinutes)}.`,
      'If you did not ask for this, you can ignore this email: your password stays as it is.',
    ],
  };
}
