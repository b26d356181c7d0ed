import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, ENVIRONMENT_DOCS, loadConfig } from './environment';

function errorFor(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('works on this machine with no variables set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      databaseUrl: 'postgres://postgres@localhost:5432/equip',
      redisUrl: 'redis://localhost:6379',
      cityTimeZone: 'America/New_York',
    });
    expect(config.databaseReadUrl).toBe(config.databaseUrl);
  });

  it('converts numbers and booleans', () => {
    expect(loadConfig({ PORT: '8080', COOKIE_SECURE: 'false' })).toMatchObject({ port: 8080, cookieSecure: false });
  });

  it('names the variable and the kind of value expected, in one line', () => {
    expect(errorFor({ PORT: 'eighty' })).toBe('Configuration error: PORT must be an integer number (got "eighty")');
    expect(errorFor({ PORT: '70000' })).toBe('Configuration error: PORT must not be greater than 65535 (got "70000")');
    expect(errorFor({ DATABASE_URL: 'mysql://x' })).toBe(
      'Configuration error: DATABASE_URL must be a postgres:// URL such as postgres://postgres@localhost:5432/equip (got "mysql://x")',
    );
    expect(errorFor({ CITY_TIME_ZONE: 'Mars/Olympus' })).toContain('CITY_TIME_ZONE must be an IANA time zone');
    expect(errorFor({ COOKIE_SECURE: 'maybe' })).toBe('Configuration error: COOKIE_SECURE must be true or false (got "maybe")');
  });

  it('refuses the development JWT secret in production', () => {
    expect(errorFor({ NODE_ENV: 'production' })).toContain('JWT_SECRET must be set to a private value');
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).env).toBe('production');
  });

  it('gives password links working default lifetimes', () => {
    expect(loadConfig({})).toMatchObject({ invitationDays: 7, passwordResetMinutes: 60, cityName: 'Demo City' });
    expect(loadConfig({ INVITATION_DAYS: '14', PASSWORD_RESET_MINUTES: '30' })).toMatchObject({ invitationDays: 14, passwordResetMinutes: 30 });
    expect(errorFor({ PASSWORD_RESET_MINUTES: 'soon' })).toBe(
      'Configuration error: PASSWORD_RESET_MINUTES must be an integer number (got "soon")',
    );
  });

  describe('single sign-on', () => {
    const sso = {
      OIDC_ISSUER_URL: 'https://login.example.gov/realms/city',
      OIDC_CLIENT_ID: 'equip',
      OIDC_CLIENT_SECRET: 'a-client-secret',
    };

    it('is off when no OIDC_ variable is set', () => {
      expect(loadConfig({}).oidc).toBeUndefined();
      expect(loadConfig({ OIDC_ISSUER_URL: '', OIDC_CLIENT_ID: '' }).oidc).toBeUndefined();
    });

    it('is on when issuer, client id and secret are set, with a default button label', () => {
      expect(loadConfig(sso).oidc).toEqual({
        issuerUrl: sso.OIDC_ISSUER_URL,
        clientId: 'equip',
        clientSecret: 'a-client-secret',
        buttonLabel: 'Sign in with single sign-on',
      });
      expect(loadConfig({ ...sso, OIDC_BUTTON_LABEL: 'Sign in with City SSO' }).oidc?.buttonLabel).toBe('Sign in with City SSO');
    });

    it('names the missing variable when only some are set', () => {
      expect(errorFor({ OIDC_ISSUER_URL: sso.OIDC_ISSUER_URL, OIDC_CLIENT_ID: 'equip' })).toBe(
        'Configuration error: OIDC_CLIENT_SECRET must be set to turn on single sign-on (OIDC_ISSUER_URL, OIDC_CLIENT_ID are set; unset every OIDC_ variable to turn it off)',
      );
      expect(errorFor({ OIDC_BUTTON_LABEL: 'Sign in with City SSO' })).toContain('OIDC_ISSUER_URL must be set to turn on single sign-on');
    });

    it('accepts http only for an issuer on this machine', () => {
      expect(loadConfig({ ...sso, OIDC_ISSUER_URL: 'http://localhost:9000' }).oidc?.issuerUrl).toBe('http://localhost:9000');
      expect(errorFor({ ...sso, OIDC_ISSUER_URL: 'http://login.example.gov' })).toContain('OIDC_ISSUER_URL must be an https:// URL');
    });
  });

  it('is documented variable by variable in .env.example', () => {
    const example = readFileSync(join(__dirname, '../../../../../.env.example'), 'utf8');
    for (const name of Object.keys(ENVIRONMENT_DOCS)) expect(example).toMatch(new RegExp(`^#?\\s*${name}=`, 'm'));
  });
});
