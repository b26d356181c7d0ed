import { OutboxEvent } from '@equip/shared/contracts';
import type { EntityManager } from 'typeorm';

/**
 * Queues an invitation for each staff member, in the caller's transaction: one `staff.invited`
 * outbox row each (`{ staffId }`, never a token), which the worker turns into a fresh
 * set-your-password link and mail (SendInvitation). One statement however many people.
 */
export async function queueInvitations(manager: EntityManager, staffIds: string[]): Promise<number> {
  if (staffIds.length === 0) return 0;
  const [, count] = await manager.query(
    `INSERT INTO outbox (event, payload)
     SELECT $2, jsonb_build_object('staffId', t.staff_id) FROM unnest($1::uuid[]) WITH ORDINALITY AS t (staff_id, n) ORDER BY t.n`,
    [staffIds, OutboxEvent.StaffInvited],
  );
  return Number(count ?? staffIds.length);
}
