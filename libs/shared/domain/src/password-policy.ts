export const MIN_PASSWORD_LENGTH = 12;

/** Common passwords and patterns people reach for; a password containing one as a whole is refused. */
const COMMON = new Set([
  'password', 'password1', 'password123', 'passw0rd', '123456789012', '123456789', '1234567890',
  'qwertyuiop', 'qwerty123456', 'iloveyou', 'letmein', 'welcome', 'welcome1', 'welcome123',
  'changeme', 'changeme123', 'admin', 'administrator', 'monkey', 'dragon', 'football', 'baseball',
  'sunshine', 'princess', 'trustno1', 'superman', 'starwars', 'whatever', 'abc123', 'abcdefghijkl',
  'aaaaaaaaaaaa', 'summer2026', 'winter2026', 'spring2026', 'autumn2026', 'fall2026', 'alexandria',
  'cityofalexandria', 'equip', 'equity', 'equitytraining', 'p@ssw0rd', 'p@ssword', 'passwordpassword',
]);

export type PasswordProblem = 'too_short' | 'too_common';

/** Checks a new password against the policy; returns the first problem or undefined. */
export function checkPassword(password: string): PasswordProblem | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'too_short';
  const folded = password.toLowerCase().replace(/[\s!.]+$/, '');
  if (COMMON.has(folded) || /^(.)\1+$/.test(folded) || /^(?:0123456789|1234567890|9876543210)+\d*$/.test(folded)) {
    return 'too_common';
  }
  return undefined;
}

export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, string> = {
  too_short: `must be at least ${MIN_PASSWORD_LENGTH} characters`,
  too_common: 'is too common; choose a longer phrase that others would not guess',
};
