import { openSsoState, sealSsoState } from './sso-state';

const SECRET = 'x'.repeat(40);
const state = { state: 'st', nonce: 'no', codeVerifier: 'ver' };

describe('SSO state cookie', () => {
  it('opens what it sealed while fresh', () => {
    expect(openSsoState(sealSsoState(state, SECRET), SECRET)).toEqual(state);
  });

  it('refuses it after ten minutes', () => {
    const sealed = sealSsoState(state, SECRET, Date.now() - 11 * 60_000);
    expect(openSsoState(sealed, SECRET)).toBeUndefined();
  });

  it('refuses a tampered value or another secret', () => {
    const sealed = sealSsoState(state, SECRET);
    const [payload, signature] = sealed.split('.');
    const forged = Buffer.from(JSON.stringify({ ...state, nonce: 'mine', exp: Date.now() + 60_000 })).toString('base64url');
    expect(openSsoState(`${forged}.${signature}`, SECRET)).toBeUndefined();
    expect(openSsoState(`${payload}.${signature}x`, SECRET)).toBeUndefined();
    expect(openSsoState(sealed, 'y'.repeat(40))).toBeUndefined();
    expect(openSsoState(undefined, SECRET)).toBeUndefined();
  });
});
