import { Client } from 'pg';
import { createTestDatabase } from './test-database';

describe('createTestDatabase', () => {
  it('creates a migrated database of its own and drops it', async () => {
    const db = await createTestDatabase();
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query(`SELECT to_regclass('public.staff') AS staff, to_regclass('public.department') AS department`);
    await client.end();
    expect(rows[0]).toEqual({ staff: 'staff', department: 'department' });

    await db.drop();
    const admin = new Client({ connectionString: 'postgres://postgres@localhost:5432/postgres' });
    await admin.connect();
    const left = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db.name]);
    await admin.end();
    expect(left.rowCount).toBe(0);
  });
});
