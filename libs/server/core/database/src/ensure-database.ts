import { Client } from 'pg';

/**
 * Creates the database `databaseUrl` names if the server does not have it yet, connecting with the
 * same user to the server's `postgres` database; returns whether it created it. For `npm start` on a
 * fresh machine, where PostgreSQL runs but nobody has made the `equip` database. A user without
 * CREATEDB gets PostgreSQL's own refusal, which `describeDatabaseError` does not hide.
 */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL names no database');
  url.pathname = '/postgres';
  const server = new Client({ connectionString: url.toString() });
  await server.connect();
  try {
    const { rows } = await server.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (rows.length > 0) return false;
    // An identifier cannot be a parameter: quoted, with any quote inside doubled.
    await server.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    return true;
  } finally {
    await server.end();
  }
}
