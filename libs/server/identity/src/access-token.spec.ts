import { isAccessTokenClaims } from './access-token';

describe('isAccessTokenClaims', () => {
  const good = { sub: '7d0c5bb1-3a0e-4a34-9a51-0c9a1d2f6a10', sid: '0f9e4c36-2d5b-4d7e-8b9a-6c1f2e3d4a5b', exp: 1_900_000_000, iat: 1 };

  it('accepts what Equip issues', () => {
    expect(isAccessTokenClaims(good)).toBe(true);
  });

  it.each([
    ['no expiry', { ...good, exp: undefined }],
    ['an expiry that is not a number', { ...good, exp: '1900000000' }],
    ['a sub that is not a UUID', { ...good, sub: 'admin' }],
    ['a sub with SQL in it', { ...good, sub: "x' OR '1'='1" }],
    ['no session', { ...good, sid: undefined }],
    ['a session id that is not a UUID', { ...good, sid: 42 }],
    ['not an object', 'sub'],
    ['null', null],
  ])('refuses %s', (_what, payload) => {
    expect(isAccessTokenClaims(payload)).toBe(false);
  });
});
