import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@equip/server/audit';
import { APP_CONFIG, AppConfig, OidcConfig } from '@equip/server/config';
import type { AuthProviders, SsoSignInError } from '@equip/shared/contracts';
import * as client from 'openid-client';
import { DataSource } from 'typeorm';
import { AuthService, IssuedSession } from '../auth.service';
import { SessionRepository } from '../session.repository';
import { SsoState } from './sso-state';

export type SsoOutcome = { session: IssuedSession } | { error: SsoSignInError; employeeId?: string };

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Seconds to wait for the provider's discovery, token and userinfo endpoints. */
const PROVIDER_TIMEOUT = 10;

/**
 * Single sign-on with the city's OpenID provider (authorization code flow with PKCE, state and
 * nonce), using openid-client's functions directly: its Passport strategy keeps state in a server
 * session, which Equip does not have. The provider proves who they are, Equip's roster decides whether
 * they may sign in. With OIDC_EMPLOYEE_ID_CLAIM set and that claim present, the employee id alone
 * picks the person (an unknown id is refused, never matched by email instead); without it, the
 * verified email does. The provider's subject is recorded on the person's account: one identity at
 * the provider is never a second person here.
 */
@Injectable()
export class SsoService {
  private readonly logger = new Logger(SsoService.name);
  private configuration?: Promise<client.Configuration>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly auth: AuthService,
    private readonly sessions: SessionRepository,
    private readonly audit: AuditService,
  ) {}

  providers(): AuthProviders {
    return { password: true, sso: this.config.oidc ? { label: this.config.oidc.buttonLabel } : null };
  }

  get callbackUrl(): string {
    return `${this.config.appUrl}/api/auth/sso/callback`;
  }

  /** Where to send the browser, and what to remember until it comes back. */
  async begin(): Promise<{ redirectTo: string; state: SsoState }> {
    const configuration = await this.provider();
    const state: SsoState = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.callbackUrl,
      scope: 'openid email',
      code_challenge: await client.calculatePKCECodeChallenge(state.codeVerifier),
      code_challenge_method: 'S256',
      state: state.state,
      nonce: state.nonce,
    });
    return { redirectTo: url.href, state };
  }

  /** Finishes the code exchange and signs in the staff member with the provider's verified email. */
  async complete(callback: URL, state: SsoState | undefined, ip: string): Promise<SsoOutcome> {
    if (!state) return { error: 'sso_failed' };
    let email: unknown;
    let verified: unknown;
    let employeeId: unknown;
    let subject: string;
    const claim = this.config.oidc?.employeeIdClaim;
    try {
      const configuration = await this.provider();
      const tokens = await client.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: state.codeVerifier,
        expectedState: state.state,
        expectedNonce: state.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) return { error: 'sso_failed' };
      subject = claims.sub;
      ({ email, email_verified: verified } = claims);
      employeeId = claim ? claims[claim] : undefined;
      // Some providers put the email, or the employee id, only in userinfo.
      if (email === undefined || (claim && employeeId === undefined)) {
        const info = await client.fetchUserInfo(configuration, tokens.access_token, claims.sub);
        if (email === undefined) ({ email, email_verified: verified } = info);
        if (claim && employeeId === undefined) employeeId = info[claim];
      }
    } catch (error) {
      this.logger.warn(`Single sign-on failed: ${(error as Error).message}`);
      return { error: 'sso_failed' };
    }
    const found = await this.match(employeeId, email, verified);
    if ('error' in found) return found;
    const user = found.active ? await this.sessions.findActiveById(found.id) : undefined;
    if (!user) return { error: 'sso_inactive' };
    if (!(await this.recordAccount(user.id, subject))) {
      this.logger.warn(`Single sign-on refused: the provider's subject is already another staff member's (staff ${user.id})`);
      return { error: 'sso_failed' };
    }
    await this.audit.record({
      actorId: user.id,
      action: 'auth.sso_sign_in',
      subjectType: 'staff',
      subjectId: user.id,
      after: { matchedBy: typeof employeeId === 'string' && employeeId.trim() !== '' ? 'employee_id' : 'email' },
      ip,
    });
    return { session: await this.auth.issue(user) };
  }

  /** The person the provider's claims name: by employee id when the claim is there, else by verified email. */
  private async match(employeeId: unknown, email: unknown, verified: unknown): Promise<{ id: string; active: boolean } | { error: SsoSignInError; employeeId?: string }> {
    if (employeeId !== undefined && employeeId !== null) {
      const id = typeof employeeId === 'number' ? String(employeeId) : employeeId;
      if (typeof id !== 'string' || id.trim() === '' || id.length > 100) return { error: 'sso_failed' };
      const rows: { id: string; active: boolean }[] = await this.dataSource.query(`SELECT id, active FROM staff WHERE employee_id = $1`, [id.trim()]);
      return rows[0] ?? { error: 'sso_unknown_employee_id', employeeId: id.trim() };
    }
    if (typeof email !== 'string' || email.trim() === '') return { error: 'sso_no_account' };
    if (verified !== undefined && verified !== true && verified !== 'true') return { error: 'sso_unverified_email' };
    const rows: { id: string; active: boolean }[] = await this.dataSource.query(`SELECT id, active FROM staff WHERE lower(email) = lower($1)`, [email.trim()]);
    return rows[0] ?? { error: 'sso_no_account' };
  }

  /**
   * Records that the person gets in with single sign-on (their account, made without a password if
   * they had none). False when the provider's subject already belongs to someone else's account.
   */
  private async recordAccount(staffId: string, subject: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO account (staff_id, sso_subject, sso_signed_in_at, last_sign_in_at) VALUES ($1, $2, now(), now())
       ON CONFLICT (staff_id) DO UPDATE SET sso_subject = EXCLUDED.sso_subject, sso_signed_in_at = now(), last_sign_in_at = now()
         WHERE NOT EXISTS (SELECT 1 FROM account o WHERE o.sso_subject = EXCLUDED.sso_subject AND o.staff_id <> EXCLUDED.staff_id)
       RETURNING staff_id`,
      [staffId, subject],
    ).catch((error: { code?: string }) => {
      // The unique index: a brand-new account whose subject is already someone else's.
      if (error.code === '23505') return [];
      throw error;
    });
    return rows.length > 0;
  }

  /** The provider's configuration, discovered on first use; a failed discovery is tried again next time. */
  private provider(): Promise<client.Configuration> {
    const oidc = this.config.oidc;
    if (!oidc) throw new NotFoundException('Single sign-on is not turned on');
    this.configuration ??= discover(oidc).catch((error: unknown) => {
      this.configuration = undefined;
      throw error;
    });
    return this.configuration;
  }
}

async function discover(oidc: OidcConfig): Promise<client.Configuration> {
  const issuer = new URL(oidc.issuerUrl);
  // Configuration only accepts http:// for a provider on this machine (development and tests).
  const execute = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname) ? [client.allowInsecureRequests] : [];
  const discovered = await client.discovery(issuer, oidc.clientId, undefined, client.ClientSecretBasic(oidc.clientSecret), {
    execute,
    timeout: PROVIDER_TIMEOUT,
  });
  // client_secret_basic is the OpenID default; use client_secret_post for a provider that offers only that.
  const methods = discovered.serverMetadata().token_endpoint_auth_methods_supported;
  if (!methods || methods.includes('client_secret_basic') || !methods.includes('client_secret_post')) return discovered;
  const configuration = new client.Configuration(discovered.serverMetadata(), oidc.clientId, undefined, client.ClientSecretPost(oidc.clientSecret));
  configuration.timeout = PROVIDER_TIMEOUT;
  execute.forEach((apply) => apply(configuration));
  return configuration;
}
