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

  it('is documented variable by variable in .env.example', () => {
    const example = readFileSync(join(__dirname, '../../../../../.env.example'), 'utf8');
    for (const name of Object.keys(ENVIRONMENT_DOCS)) expect(example).toMatch(new RegExp(`^#?\\s*${name}=`, 'm'));
  });
});
