import type { DataSource, EntityManager } from 'typeorm';

/**
 * The record that makes an email exactly-once: one `mail_delivery` row per key (`digest:…`, a
 * SendMail job's key). A sender, inside one transaction: takes the key's lock, checks the record,
 * sends, writes the record together with the mail's effect (ledger rows delivered, outbox rows
 * done), and commits. A retried or doubled job finds the record and sends nothing.
 *
 * The window that remains: the SMTP server accepted the message and the process died (or the
 * database went away) before the commit. The record is then missing and the retry sends the mail
 * a second time. SMTP has no way to ask "did you already take this?", so this at-least-once
 * window, of the length of one commit, is the price of never losing a mail; the Message-ID is
 * derived from the key, so a receiving system that deduplicates by Message-ID drops the copy.
 */
export async function lockDelivery(manager: EntityManager, key: string): Promise<void> {
  // Transaction-scoped: released by the commit or rollback, even if the process dies.
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [key]);
}

/**
 * The same locks as `lockDelivery`, held by the session (the connection) instead of a transaction,
 * so one connection can send several digests, committing each one's record as it goes: tries every
 * key at once without waiting and returns those it got. A key another sender holds is not waited
 * for here (that sender is mid-delivery); the caller deals with it after releasing its own.
 * Session locks go with the connection if the process dies; `withDeliveryLocks` releases them
 * before the connection returns to the pool.
 */
export async function tryLockDeliveries(manager: EntityManager, keys: string[]): Promise<Set<string>> {
  const rows: { key: string }[] = await manager.query(`SELECT k AS key FROM unnest($1::text[]) k WHERE pg_try_advisory_lock(hashtextextended(k, 0))`, [keys]);
  return new Set(rows.map((r) => r.key));
}

/**
 * Runs `work` on a connection of its own holding the delivery locks of those `keys` no other
 * sender holds (`tryLockDeliveries`); every statement `work` makes on `manager` commits on its own.
 * The locks are released before the connection goes back to the pool; if that fails, the
 * connection is closed instead, so no lock outlives the work.
 */
export async function withDeliveryLocks<T>(dataSource: DataSource, keys: string[], work: (manager: EntityManager, held: Set<string>) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const connection = (await runner.connect()) as { end(): Promise<void> };
  try {
    return await work(runner.manager, await tryLockDeliveries(runner.manager, keys));
  } finally {
    const unlocked = await runner.query(`SELECT pg_advisory_unlock_all()`).then(() => true, () => false);
    // pg-pool drops a client that was ended instead of reusing it.
    if (!unlocked) await connection.end().catch(() => undefined);
    await runner.release();
  }
}

export async function delivered(manager: EntityManager, key: string): Promise<boolean> {
  const rows = await manager.query(`SELECT 1 FROM mail_delivery WHERE key = $1`, [key]);
  return rows.length > 0;
}

export async function recordDelivery(manager: EntityManager, mail: { key: string; recipient: string; subject: string; messageId?: string }): Promise<void> {
  await manager.query(`INSERT INTO mail_delivery (key, recipient, subject, message_id) VALUES ($1, $2, $3, $4)`, [
    mail.key,
    mail.recipient,
    mail.subject,
    mail.messageId ?? null,
  ]);
}

/** A Message-ID that is the same for every attempt at one delivery key. */
export function messageIdFor(key: string, appUrl: string): string {
  const host = new URL(appUrl).hostname || 'equip.localhost';
  const local = Buffer.from(key).toString('base64url');
  return `<${local}@${host}>`;
}
