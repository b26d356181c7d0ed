import type { DigestKind } from '@equip/shared/contracts';
import { createHash } from 'node:crypto';

/**
 * Deterministic BullMQ job ids (BullMQ refuses ':' in custom ids): adding the same digest twice
 * while the first is still in Redis is a no-op; once it is gone, the delivery record answers.
 * `unique` is what keeps it from naming another database's digest: the database's instance id for
 * a daily digest, the nudge's outbox uid for a nudge mail.
 */
export function digestJobId(kind: DigestKind, recipientId: string, unique: string): string {
  return `digest-${kind}-${recipientId}-${unique}`;
}

/**
 * A SendDigests job's id: the kind, the day and the database instance, and a digest of exactly
 * which recipients it carries. The same chunk (two sweeps at once) gets the same id and is queued
 * once; a different set of recipients (a rerun that re-queues only what is still undelivered)
 * never gets the id of an earlier chunk, so it is never mistaken for one already done.
 */
export function digestsJobId(kind: 'learner' | 'escalation', day: string, unique: string, recipientIds: string[]): string {
  const members = createHash('sha256').update(recipientIds.join(',')).digest('base64url').slice(0, 22);
  return `digests-${kind}-${day}-${unique}-${members}`;
}

/** The ledger key of a daily digest; a nudge mail's key is its first row instead of its day. */
export function digestKey(kind: DigestKind, recipientId: string, dayOrRow: string): string {
  return `digest:${kind}:${recipientId}:${dayOrRow}`;
}

/** A SendMail job's id from its delivery key: one-to-one (base64url has no ':'), so two keys never share a job. */
export function mailJobId(key: string): string {
  return `mail-${Buffer.from(key).toString('base64url')}`;
}
