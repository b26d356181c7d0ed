import type { DigestKind } from '@equip/shared/contracts';

/**
 * Deterministic BullMQ job ids (BullMQ refuses ':' in custom ids): adding the same digest twice
 * while the first is still in Redis is a no-op; once it is gone, the delivery record answers.
 * `unique` is what keeps it from naming another database's digest: the database's instance id for
 * a daily digest, the nudge's outbox uid for a nudge mail.
 */
export function digestJobId(kind: DigestKind, recipientId: string, unique: string): string {
  return `digest-${kind}-${recipientId}-${unique}`;
}

/** The ledger key of a daily digest; a nudge mail's key is its first row instead of its day. */
export function digestKey(kind: DigestKind, recipientId: string, dayOrRow: string): string {
  return `digest:${kind}:${recipientId}:${dayOrRow}`;
}

/** A SendMail job's id from its delivery key: one-to-one (base64url has no ':'), so two keys never share a job. */
export function mailJobId(key: string): string {
  return `mail-${Buffer.from(key).toString('base64url')}`;
}
