import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ensureDatabase } from './ensure-database';

const SERVER = 'postgres://postgres@localhost:5432/postgres';

describe('ensureDatabase', () => {
  const name = `equip_ensure_${randomBytes(4).toString('hex')}`;
  const url = `postgres://postgres@localhost:5432/${name}`;
  const exists = async () => {
    const client = new Client({ connectionString: SERVER });
    await client.connect();
    try {
      return (await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rows.length === 1;
    } finally {
      await client.end();
    }
  };

  afterAll(async () => {
    const client = new Client({ connectionString: SERVER });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS "${name}"`);
    } finally {
      await client.end();
    }
  });

  it('creates a missing database once, then leaves it be', async () => {
    expect(await exists()).toBe(false);
    expect(await ensureDatabase(url)).toBe(true);
    expect(await exists()).toBe(true);
    expect(await ensureDatabase(url)).toBe(false);
  });

  it('refuses a URL without a database name', async () => {
    await expect(ensureDatabase('postgres://postgres@localhost:5432/')).rejects.toThrow(/names no database/);
  });
});
