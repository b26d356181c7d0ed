/** One line that tells an operator what is wrong with the database connection, without a stack trace. */
export function describeDatabaseError(error: unknown, databaseUrl: string): string | undefined {
  const err = error as { code?: string; message?: string } | undefined;
  if (!err || typeof err !== 'object') return undefined;
  const where = redactUrl(databaseUrl);
  switch (err.code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return `Cannot reach PostgreSQL at ${where} (${err.code}). Check DATABASE_URL and that PostgreSQL is running.`;
    case '3D000':
      return `PostgreSQL at ${where} has no such database (${err.message}). Create it or fix DATABASE_URL.`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${where} refused the login (${err.message}). Check the user and password in DATABASE_URL.`;
    default:
      if (err.message && /timeout/i.test(err.message)) {
        return `Timed out connecting to PostgreSQL at ${where}. Check DATABASE_URL and that PostgreSQL is running.`;
      }
      return undefined;
  }
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * Connects once before the application starts, so a wrong DATABASE_URL ends start-up within
 * seconds with one line (from describeDatabaseError) instead of a framework stack trace.
 */
export async function checkDatabaseReachable(databaseUrl: string, timeoutMs = 5000): Promise<string | undefined> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return describeDatabaseError(error, databaseUrl) ?? `PostgreSQL at ${redactUrl(databaseUrl)} failed: ${(error as Error).message}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}
