import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, ENVIRONMENT_DOCS, loadConfig, SHIPPED_JWT_SECRETS } from './environment';

const ROOT = join(__dirname, '../../../../..');

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
    expect(config.databaseDirectUrl).toBe(config.databaseUrl);
  });

  it('takes a read replica and a direct URL beside DATABASE_URL, and refuses one that is not a postgres:// URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://app@pgbouncer:6432/equip', DATABASE_READ_URL: 'postgres://app@replica:5432/equip', DATABASE_DIRECT_URL: 'postgres://app@db:5432/equip' });
    expect(config).toMatchObject({ databaseUrl: 'postgres://app@pgbouncer:6432/equip', databaseReadUrl: 'postgres://app@replica:5432/equip', databaseDirectUrl: 'postgres://app@db:5432/equip' });
    expect(() => loadConfig({ DATABASE_DIRECT_URL: 'mysql://db/equip' })).toThrow(/DATABASE_DIRECT_URL/);
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

  describe('file storage', () => {
    it('keeps files in PostgreSQL unless told otherwise, in every environment', () => {
      expect(loadConfig({}).fileStorage).toEqual({ kind: 'postgres' });
      expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).fileStorage).toEqual({ kind: 'postgres' });
      expect(loadConfig({ FILE_STORAGE: 'local', STORAGE_DIR: '/srv/equip' })).toMatchObject({ fileStorage: { kind: 'local' }, storageDir: '/srv/equip' });
    });

    it('takes an S3-compatible bucket with its settings', () => {
      expect(
        loadConfig({ FILE_STORAGE: 's3', S3_BUCKET: 'equip-files', S3_ENDPOINT: 'https://s3.city.example', S3_FORCE_PATH_STYLE: 'true', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's', S3_PREFIX: 'equip/' }).fileStorage,
      ).toEqual({ kind: 's3', bucket: 'equip-files', region: 'us-east-1', endpoint: 'https://s3.city.example', forcePathStyle: true, prefix: 'equip/', credentials: { accessKeyId: 'k', secretAccessKey: 's' } });
      expect(loadConfig({ FILE_STORAGE: 's3', S3_BUCKET: 'equip-files' }).fileStorage).toMatchObject({ kind: 's3', credentials: undefined });
    });

    it('names what is missing or wrong', () => {
      expect(errorFor({ FILE_STORAGE: 'disk' })).toContain('FILE_STORAGE must be one of the following values: postgres, s3, local');
      expect(errorFor({ FILE_STORAGE: 's3' })).toBe('Configuration error: S3_BUCKET must be set when FILE_STORAGE is s3');
      expect(errorFor({ FILE_STORAGE: 's3', S3_BUCKET: 'b-1', S3_ACCESS_KEY_ID: 'k' })).toContain('S3_SECRET_ACCESS_KEY must be set with S3_ACCESS_KEY_ID');
      expect(errorFor({ FILE_STORAGE: 's3', S3_BUCKET: 'b-1', S3_ENDPOINT: 'ftp://x' })).toContain('S3_ENDPOINT must be an http or https address');
    });
  });

  it('refuses the development JWT secret in production', () => {
    expect(errorFor({ NODE_ENV: 'production' })).toContain('JWT_SECRET must be set to a private value');
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).env).toBe('production');
  });

  it('refuses in production every JWT secret the repository ships, in any file that sets one', () => {
    // Every `JWT_SECRET=value` / `JWT_SECRET: value` in the files a user copies settings from.
    const files = ['.env.example', 'Dockerfile', 'README.md', 'SECURITY.md', ...readdirSync(ROOT).filter((f) => /^docker-compose/.test(f))];
    const shipped = new Set<string>(SHIPPED_JWT_SECRETS);
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(join(ROOT, file), 'utf8');
      } catch {
        continue;
      }
      for (const match of text.matchAll(/JWT_SECRET\s*[=:]\s*"?([^\s"$`]+)/g)) shipped.add(match[1]);
    }
    expect(shipped.size).toBeGreaterThanOrEqual(3);
    for (const secret of shipped) {
      expect(errorFor({ NODE_ENV: 'production', JWT_SECRET: secret })).toMatch(/^Configuration error: JWT_SECRET /);
    }
    // The compose file ships no secret of its own: it requires one.
    expect(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')).toMatch(/JWT_SECRET: \$\{JWT_SECRET:\?/);
  });

  it('refuses placeholders somebody forgot to replace, in production only', () => {
    for (const secret of ['please-CHANGE-ME-to-a-long-random-value-xx', 'an-example-secret-that-is-long-enough-0001']) {
      expect(errorFor({ NODE_ENV: 'production', JWT_SECRET: secret })).toContain('JWT_SECRET must be set to a private value');
      expect(loadConfig({ JWT_SECRET: secret }).jwtSecret).toBe(secret);
    }
  });

  describe('trusted proxies', () => {
    it('trusts only loopback by default, so no client chooses its own address', () => {
      expect(loadConfig({}).trustProxy).toEqual(['loopback']);
    });

    it('takes a hop count or a list of addresses and CIDR ranges', () => {
      expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
      expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.7 ,fd00::/8,loopback' }).trustProxy).toEqual([
        '10.0.0.0/8',
        '192.168.1.7',
        'fd00::/8',
        'loopback',
      ]);
    });

    it('names what it cannot read', () => {
      for (const bad of ['everything', '10.0.0.0/33', '10.0.0.0/8,', '300.1.1.1', '1.2.3.4/8/9', 'true']) {
        expect(errorFor({ TRUST_PROXY: bad })).toContain(`TRUST_PROXY must be a hop count such as 1`);
      }
    });
  });

  it('gives password links working default lifetimes', () => {
    expect(loadConfig({})).toMatchObject({ invitationDays: 7, passwordResetMinutes: 60, cityName: 'Demo City' });
    expect(loadConfig({ INVITATION_DAYS: '14', PASSWORD_RESET_MINUTES: '30' })).toMatchObject({ invitationDays: 14, passwordResetMinutes: 30 });
    expect(errorFor({ PASSWORD_RESET_MINUTES: 'soon' })).toBe(
      'Configuration error: PASSWORD_RESET_MINUTES must be an integer number (got "soon")',
    );
  });

  it('limits invitations per hour with a working default, and names a bad value', () => {
    expect(loadConfig({}).invitationsPerHour).toBe(300);
    expect(loadConfig({ INVITATIONS_PER_HOUR: '50' }).invitationsPerHour).toBe(50);
    expect(errorFor({ INVITATIONS_PER_HOUR: '0' })).toBe('Configuration error: INVITATIONS_PER_HOUR must not be less than 1 (got "0")');
    expect(errorFor({ INVITATIONS_PER_HOUR: 'lots' })).toBe('Configuration error: INVITATIONS_PER_HOUR must be an integer number (got "lots")');
  });

  it('gives sessions and sign-in limits working defaults, and names a bad value', () => {
    expect(loadConfig({})).toMatchObject({ refreshReuseGraceSeconds: 30, signInFailuresPerAddress: 30 });
    expect(loadConfig({ REFRESH_REUSE_GRACE_SECONDS: '0', SIGN_IN_FAILURES_PER_ADDRESS: '200' })).toMatchObject({
      refreshReuseGraceSeconds: 0,
      signInFailuresPerAddress: 200,
    });
    expect(errorFor({ REFRESH_REUSE_GRACE_SECONDS: '3600' })).toBe(
      'Configuration error: REFRESH_REUSE_GRACE_SECONDS must not be greater than 300 (got "3600")',
    );
    expect(errorFor({ SIGN_IN_FAILURES_PER_ADDRESS: '0' })).toBe('Configuration error: SIGN_IN_FAILURES_PER_ADDRESS must not be less than 1 (got "0")');
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

    it('matches by an employee-id claim when one is named, and needs single sign-on on for it', () => {
      expect(loadConfig(sso).oidc?.employeeIdClaim).toBeUndefined();
      expect(loadConfig({ ...sso, OIDC_EMPLOYEE_ID_CLAIM: 'employee_id' }).oidc?.employeeIdClaim).toBe('employee_id');
      expect(errorFor({ ...sso, OIDC_EMPLOYEE_ID_CLAIM: 'employee id' })).toBe(
        'Configuration error: OIDC_EMPLOYEE_ID_CLAIM must be a claim name such as employee_id (got "employee id")',
      );
      expect(errorFor({ OIDC_EMPLOYEE_ID_CLAIM: 'employee_id' })).toContain('OIDC_ISSUER_URL must be set to turn on single sign-on');
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
