import { checkPassword } from './password-policy';

describe('checkPassword', () => {
  it('refuses passwords shorter than the minimum', () => {
    expect(checkPassword('short-pass')).toBe('too_short');
  });

  it('refuses common passwords whatever their case', () => {
    expect(checkPassword('PasswordPassword')).toBe('too_common');
    expect(checkPassword('aaaaaaaaaaaaaa')).toBe('too_common');
    expect(checkPassword('123456789012')).toBe('too_common');
  });

  it('accepts a long passphrase', () => {
    expect(checkPassword('river stones at dawn')).toBeUndefined();
  });
});
