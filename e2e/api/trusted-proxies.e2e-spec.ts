import { randomUUID } from 'node:crypto';
import { ExtraApi, startExtraApi } from '../support/api-process';

/**
 * Who may name the client's address (TRUST_PROXY), seen through the sign-in limit per address: a
 * client that is not a trusted proxy cannot escape it by sending its own X-Forwarded-For, and one
 * behind a trusted proxy is counted by the address the proxy names.
 */
describe('trusted proxies', () => {
  const apis: ExtraApi[] = [];
  afterAll(async () => {
    await Promise.all(apis.map((api) => api.stop()));
  });

  const start = async (trustProxy: string) => {
    const api = await startExtraApi({ TRUST_PROXY: trustProxy, SIGN_IN_FAILURES_PER_ADDRESS: '3' });
    apis.push(api);
    return api;
  };
  /** A failed sign-in (an address nobody has, so no account is locked) claiming to come from `forwardedFor`. */
  const failSignIn = async (api: ExtraApi, forwardedFor: string) =>
    (
      await fetch(`${api.baseUrl}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        body: JSON.stringify({ email: `nobody-${randomUUID()}@equip.test`, password: 'not the password at all' }),
      })
    ).status;

  it('ignores X-Forwarded-For from a client that is not a listed proxy: a new address per request does not escape the limit', async () => {
    const api = await start('10.0.0.0/8'); // this test's requests come from loopback, which is not listed
    const statuses = [];
    for (let i = 1; i <= 4; i++) statuses.push(await failSignIn(api, `203.0.113.${i}`));
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('counts each client by the address a trusted proxy names (the default trusts a proxy on this machine)', async () => {
    const api = await start('loopback');
    const spread = [];
    for (let i = 1; i <= 5; i++) spread.push(await failSignIn(api, `198.51.100.${i}`));
    expect(spread).toEqual([401, 401, 401, 401, 401]);
    const one = [];
    for (let i = 0; i < 3; i++) one.push(await failSignIn(api, '198.51.100.1'));
    expect(one).toEqual([401, 401, 429]);
  });
});
