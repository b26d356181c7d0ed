import { exportJWK, generateKeyPair } from 'jose';
import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** oidc-provider warns about its in-memory store and Node 20 (it prefers 22); both are fine for a test provider. */
async function quietly<T>(load: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => (String(args[0]).includes('oidc-provider') ? undefined : warn(...args));
  try {
    return await load();
  } finally {
    console.warn = warn;
  }
}

export interface TestAccount {
  email?: string;
  emailVerified?: boolean;
  /** Sent as the `employee_id` claim of the ID token when set. */
  employeeId?: string;
}

export interface TestOpenIdProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The account the next sign-in at this provider authenticates as (there is no login form). */
  signInAs(account: TestAccount): void;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (the `oidc-provider` package) on a random localhost port, with one
 * confidential client whose redirect URI is the given callback. Its interaction endpoint logs in
 * whoever `signInAs` names and consent is implied (as for a city's own first-party app), so a test
 * can walk the redirects with fetch.
 */
export async function startOpenIdProvider(redirectUri: string): Promise<TestOpenIdProvider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'test-key' };
  const accounts = new Map<string, TestAccount>();
  const instance = randomBytes(4).toString('hex');
  let next: TestAccount | undefined;

  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://localhost:${(server.address() as AddressInfo).port}`;
  const clientId = 'equip-e2e';
  const clientSecret = 'equip-e2e-client-secret-0123456789';

  const { default: Provider } = await quietly(() => import('oidc-provider'));
  const provider = await quietly(async () => new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['equip-e2e-provider-cookie-key'] },
    // employee_id rides with openid, as a city's provider configured for Equip would send it.
    claims: { openid: ['sub', 'employee_id'], email: ['email', 'email_verified'] },
    // Put the email in the ID token, as most enterprise providers do.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx: unknown, sub: string) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          ...(account.email === undefined ? {} : { email: account.email }),
          ...(account.emailVerified === undefined ? {} : { email_verified: account.emailVerified }),
          ...(account.employeeId === undefined ? {} : { employee_id: account.employeeId }),
        }),
      };
    },
    // Consent is implied for this client: grant what it asks for.
    async loadExistingGrant(ctx: any) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email');
      await grant.save();
      return grant;
    },
  }));

  const callback = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith('/interaction/')) return callback(req, res);
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        if (details.prompt.name !== 'login' || !next) throw new Error(`unexpected ${details.prompt.name} prompt`);
        // Unique across providers: Equip keeps one subject per account (one identity provider per city),
        // and every journey's provider shares the run's database.
        const accountId = `acct-${instance}-${accounts.size + 1}`;
        accounts.set(accountId, next);
        await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
      } catch (error) {
        res.statusCode = 500;
        res.end((error as Error).message);
      }
    })();
  });

  return {
    issuer,
    clientId,
    clientSecret,
    signInAs(account) {
      next = account;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
