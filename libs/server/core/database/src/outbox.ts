import type { EntityManager } from 'typeorm';

/**
 * Writes an outbox row in the caller's transaction: the worker's relay turns it into a job after
 * the transaction commits (an AFTER INSERT trigger notifies the relay), and never before.
 */
export async function writeOutbox(manager: EntityManager, event: string, payload: Record<string, unknown>): Promise<void> {
  await manager.query(`INSERT INTO outbox (event, payload) VALUES ($1, $2)`, [event, JSON.stringify(payload)]);
}

/**
 * Marks an outbox row done (`outboxId` is the row's `uid`, which its job's payload carries) in the same transaction as its effect (the certificate row, the sent
 * mail's ledger entry): until then the relay sends it again after OUTBOX_RESEND_SECONDS.
 */
export async function markOutboxDone(manager: EntityManager, outboxId: string): Promise<void> {
  await manager.query(`UPDATE outbox SET done_at = now() WHERE uid = $1 AND done_at IS NULL`, [outboxId]);
}
