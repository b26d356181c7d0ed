import { Injectable } from '@nestjs/common';
import type { DigestKind, NotificationDelivery, NotificationKind } from '@equip/shared/contracts';
import type { EntityManager } from 'typeorm';

/** What one sweep is for: the city-local day (due days are compared with it), and the instant the mails' status is read at. */
export interface SweepWindow {
  /** City-local day, YYYY-MM-DD. */
  day: string;
  /** The day's reminder time (REMINDER_TIME in CITY_TIME_ZONE): a rerun the same day classifies exactly as the first run did. */
  asOf: Date;
  timeZone: string;
  /** Largest first, e.g. [14, 7, 1]. */
  daysBefore: number[];
  overdueRepeatDays: number;
  escalateAfterDays: number;
}

/** A ledger row with what a mail or the in-app list says about it. */
export interface NotificationRow {
  id: string;
  kind: NotificationKind;
  threshold: number | null;
  day: string;
  createdAt: Date;
  readAt: Date | null;
  delivery: NotificationDelivery;
  outboxId: string | null;
  nudgeId: string | null;
  assignmentId: string;
  subjectKind: 'course' | 'track';
  slug: string;
  title: string;
  /** YYYY-MM-DD, the city's day. */
  dueOn: string | null;
  completedAt: Date | null;
  exemptedAt: Date | null;
  startedAt: Date | null;
  optional: boolean;
  personId: string;
  personFirstName: string;
  personLastName: string;
  personActive: boolean;
  cohortId: string | null;
  cohortName: string | null;
  requestedByName: string | null;
  /** Nudges: the lead's personal note, if any. */
  nudgeNote: string | null;
}

export interface Recipient {
  id: string;
  email: string;
  firstName: string;
  active: boolean;
  /** Whether they can sign in (have an account): a reminder to someone who cannot links to asking for an invitation. */
  hasAccount: boolean;
}

/**
 * Learners whose staff id (as text, lower-case hex: PostgreSQL orders uuids the same way) is at or
 * after `from` and before `to`; null is open-ended. The sweep records a big city's learners' reminders
 * slice by slice (`staffSlices`), so their digests start going out after the first slice.
 */
export interface StaffSlice {
  from: string | null;
  to: string | null;
}

export const EVERYONE: StaffSlice = { from: null, to: null };

/** `count` slices of the uuid space of about the same size, in order, together covering every id. */
export function staffSlices(count: number): StaffSlice[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`slices must be a whole number ≥ 1 (got ${count})`);
  const bound = (i: number) => `${Math.floor((i * 0x1_0000_0000) / count).toString(16).padStart(8, '0')}-0000-0000-0000-000000000000`;
  return Array.from({ length: count }, (_, i) => ({ from: i === 0 ? null : bound(i), to: i === count - 1 ? null : bound(i + 1) }));
}

/** How far back a digest looks for reminders that missed their own day's mail. */
export const DIGEST_LOOKBACK_DAYS = 7;

/**
 * Assignments that can still be reminded about: open, not exempt, of an active person. The same
 * facts `assignmentStatus` (shared-domain) reads: exempt and completed work is never reminded.
 */
const REMINDABLE = `a.completed_at IS NULL AND a.exempted_at IS NULL AND a.due_on IS NOT NULL`;

/**
 * "Optional" work: every reason it is on the person's plate is their own enrolment
 * (`sources` ⊆ [{kind: self}]); a cohort or a lead assigning it makes it assigned.
 */
const OPTIONAL = `(a.sources <@ '[{"kind":"self"}]'::jsonb)`;

/**
 * When the person started the work: the `startedAt` fact of the status rule, in SQL as the cohort
 * members page reads it (an enrollment in the course, or in a course of the track, during this cycle).
 */
const STARTED_AT = `(SELECT min(e.started_at) FROM enrollment e JOIN course_version v ON v.id = e.course_version_id JOIN course ec ON ec.id = v.course_id
    WHERE e.staff_id = a.staff_id AND e.started_at >= a.created_at - interval '100 years' * (a.cycle = 1)::int
      AND (ec.id = a.course_id OR EXISTS (SELECT 1 FROM track et WHERE et.id = a.track_id AND et.steps @> jsonb_build_array(jsonb_build_object('course', ec.slug)))))`;

const ROW = `n.id::text AS id, n.kind, n.threshold, n.day::text AS day, n.created_at AS "createdAt", n.read_at AS "readAt", n.delivery,
  n.outbox_id::text AS "outboxId", n.nudge_id::text AS "nudgeId", n.assignment_id AS "assignmentId",
  CASE WHEN a.course_id IS NULL THEN 'track' ELSE 'course' END AS "subjectKind", COALESCE(c.slug, t.slug) AS slug,
  COALESCE(cv.title, t.title, c.slug) AS title, to_char(a.due_on, 'YYYY-MM-DD') AS "dueOn", a.completed_at AS "completedAt", a.exempted_at AS "exemptedAt",
  ${STARTED_AT} AS "startedAt", ${OPTIONAL} AS optional,
  p.id AS "personId", p.first_name AS "personFirstName", p.last_name AS "personLastName", p.active AS "personActive",
  n.cohort_id AS "cohortId", co.name AS "cohortName",
  CASE WHEN rb.id IS NULL THEN NULL ELSE rb.first_name || ' ' || rb.last_name END AS "requestedByName", nu.note AS "nudgeNote"`;

const FROM = `notification n
  JOIN assignment a ON a.id = n.assignment_id
  JOIN staff p ON p.id = n.staff_id
  LEFT JOIN course c ON c.id = a.course_id LEFT JOIN course_version cv ON cv.id = c.current_version_id
  LEFT JOIN track t ON t.id = a.track_id
  LEFT JOIN cohort co ON co.id = n.cohort_id
  LEFT JOIN nudge nu ON nu.id = n.nudge_id LEFT JOIN staff rb ON rb.id = nu.requested_by`;

/** The notification ledger, the mail delivery record and email preferences. Set-based SQL only. */
@Injectable()
export class NotificationRepository {
  // ── the daily sweep ─────────────────────────────────────────────────────────────────────────

  /**
   * The learner's own reminders for the day, one statement: due within a threshold (the smallest
   * threshold at or above the days left, so a missed day still reminds once per threshold), due
   * today, or overdue (repeat number = days late ÷ OVERDUE_REPEAT_DAYS). Overdue is the status
   * rule's: the due day (a city day) is before the sweep's city day. The ledger's unique key makes a
   * rerun a no-op.
   */
  async insertLearnerReminders(manager: EntityManager, w: SweepWindow, staff: StaffSlice = EVERYONE): Promise<Record<string, number>> {
    const horizon = Math.max(0, ...w.daysBefore);
    const rows: { kind: string; n: number }[] = await manager.query(
      `WITH open AS (
         SELECT a.id, a.staff_id, a.cycle, a.due_on, ${OPTIONAL} AS optional, a.due_on - $1::date AS days_until
           FROM assignment a JOIN staff s ON s.id = a.staff_id AND s.active
          WHERE ${REMINDABLE} AND a.due_on <= $1::date + $4::int
            AND ($5::uuid IS NULL OR a.staff_id >= $5::uuid) AND ($6::uuid IS NULL OR a.staff_id < $6::uuid)),
       classified AS (
         SELECT o.*,
                CASE WHEN o.days_until < 0 THEN 'overdue' WHEN o.days_until = 0 THEN 'due_today' ELSE 'due_soon' END AS kind,
                CASE WHEN o.days_until < 0 THEN -o.days_until / $3::int
                     WHEN o.days_until = 0 THEN NULL
                     ELSE (SELECT min(d) FROM unnest($2::int[]) d WHERE d >= o.days_until) END AS threshold
           FROM open o),
       written AS (
         INSERT INTO notification (dedup_key, kind, threshold, recipient_id, staff_id, assignment_id, digest, day, delivery, delivered_at)
         SELECT k.kind || ':' || k.id || ':' || k.cycle || COALESCE(':' || k.threshold, ''), k.kind, k.threshold, k.staff_id, k.staff_id, k.id, 'learner', $1::date,
                CASE WHEN k.optional AND pref.optional_training_email = false THEN 'not_sent' ELSE 'pending' END,
                CASE WHEN k.optional AND pref.optional_training_email = false THEN now() END
           FROM classified k LEFT JOIN notification_preference pref ON pref.staff_id = k.staff_id
          WHERE k.kind <> 'due_soon' OR k.threshold IS NOT NULL
         ON CONFLICT ON CONSTRAINT notification_dedup_key_unique DO NOTHING
         RETURNING kind)
       SELECT kind, count(*)::int AS n FROM written GROUP BY kind`,
      [w.day, w.daysBefore, w.overdueRepeatDays, horizon, staff.from, staff.to],
    );
    return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
  }

  /** Open dated assignments within the learners' reminder horizon, whoever holds them: what sizes a sweep's slices (one index scan). */
  async learnerCandidates(manager: EntityManager, w: SweepWindow): Promise<number> {
    const rows: { n: number }[] = await manager.query(
      `SELECT count(*)::int AS n FROM assignment a WHERE ${REMINDABLE} AND a.due_on <= $1::date + $2::int`,
      [w.day, Math.max(0, ...w.daysBefore)],
    );
    return rows[0].n;
  }

  /**
   * Escalations, one statement: work overdue at least ESCALATE_AFTER_DAYS goes to the lead who
   * assigned it, once per assignment cycle and lead. "The lead who assigned it" is, for each reason
   * the work is assigned (`assignment.sources`): through a cohort, the person who made that cohort
   * assignment (`cohort_assignment.created_by`), else the cohort's owner; assigned to the person
   * directly, the lead who did (`assignedBy`). Self-enrolment escalates to nobody. A lead gets it
   * only while active and still leading the person (an equity lead of a department above theirs,
   * or a RASE administrator); otherwise the next candidate for that source does.
   */
  async insertEscalations(manager: EntityManager, w: SweepWindow): Promise<number> {
    const rows: { n: number }[] = await manager.query(
      `WITH late AS (
         SELECT a.id, a.staff_id, a.cycle, a.sources, s.department_id
           FROM assignment a JOIN staff s ON s.id = a.staff_id AND s.active
          WHERE ${REMINDABLE} AND a.due_on < $1::date AND a.due_on <= $1::date - $2::int),
       candidates AS (
         SELECT l.id, l.staff_id, l.cycle, l.department_id, co.id AS cohort_id, 'cohort:' || co.id AS source, cand.lead_id, cand.rank
           FROM late l CROSS JOIN LATERAL jsonb_array_elements(l.sources) src
           JOIN cohort co ON co.id::text = src->>'cohortId'
           LEFT JOIN cohort_assignment ca ON ca.id::text = src->>'cohortAssignmentId'
           CROSS JOIN LATERAL (VALUES (ca.created_by, 1), (co.owner_id, 2)) AS cand (lead_id, rank)
          WHERE src->>'kind' = 'cohort' AND cand.lead_id IS NOT NULL
         UNION ALL
         SELECT l.id, l.staff_id, l.cycle, l.department_id, NULL, 'person:' || (src->>'assignedBy'), (src->>'assignedBy')::uuid, 1
           FROM late l CROSS JOIN LATERAL jsonb_array_elements(l.sources) src
          WHERE src->>'kind' = 'person' AND src->>'assignedBy' ~ '^[0-9a-f-]{36}$'),
       qualified AS (
         SELECT DISTINCT ON (x.id, x.source) x.*
           FROM candidates x JOIN staff lead ON lead.id = x.lead_id AND lead.active
          WHERE x.lead_id <> x.staff_id
            AND EXISTS (SELECT 1 FROM role_grant g
                         WHERE g.staff_id = x.lead_id
                           AND (g.role = 'rase_admin'
                                OR (g.role = 'equity_lead' AND EXISTS (
                                      SELECT 1 FROM department root JOIN department d ON d.path LIKE root.path || '%'
                                       WHERE root.id = g.department_id AND d.id = x.department_id))))
          ORDER BY x.id, x.source, x.rank),
       written AS (
         INSERT INTO notification (dedup_key, kind, recipient_id, staff_id, assignment_id, cohort_id, digest, day)
         SELECT 'escalation:' || q.id || ':' || q.cycle || ':' || q.lead_id, 'escalation', q.lead_id, q.staff_id, q.id, q.cohort_id, 'escalation', $1::date
           FROM qualified q
         ON CONFLICT ON CONSTRAINT notification_dedup_key_unique DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS n FROM written`,
      [w.day, w.escalateAfterDays],
    );
    return rows[0].n;
  }

  /** The database's own random id (migration NeverRepeatingJobIds): a recreated database is a new one. */
  async databaseInstance(manager: EntityManager): Promise<string> {
    const rows: { id: string }[] = await manager.query(`SELECT id::text FROM database_instance`);
    return rows[0].id;
  }

  /**
   * Everyone (in the slice) with reminders waiting for a digest up to `day` (from the last
   * DIGEST_LOOKBACK_DAYS): today's new rows, and rows a crashed or killed sweep recorded but never mailed.
   */
  async pendingDigests(manager: EntityManager, day: string, recipients: StaffSlice = EVERYONE): Promise<{ kind: 'learner' | 'escalation'; recipientId: string; rows: number }[]> {
    return manager.query(
      `SELECT digest AS kind, recipient_id AS "recipientId", count(*)::int AS rows FROM notification
        WHERE delivery = 'pending' AND digest IN ('learner', 'escalation') AND day BETWEEN $1::date - $2::int AND $1::date
          AND ($3::uuid IS NULL OR recipient_id >= $3::uuid) AND ($4::uuid IS NULL OR recipient_id < $4::uuid)
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [day, DIGEST_LOOKBACK_DAYS, recipients.from, recipients.to],
    );
  }

  // ── digests ─────────────────────────────────────────────────────────────────────────────────

  async recipient(manager: EntityManager, staffId: string): Promise<Recipient | undefined> {
    const rows: Recipient[] = await manager.query(
      `SELECT id, email, first_name AS "firstName", active, EXISTS (SELECT 1 FROM account a WHERE a.staff_id = staff.id) AS "hasAccount"
         FROM staff WHERE id = $1`,
      [staffId],
    );
    return rows[0];
  }

  /** A digest's rows, locked: a second digest that wants the same rows waits, then finds them delivered. */
  async pendingForDigest(manager: EntityManager, recipientId: string, digest: DigestKind, day: string | null): Promise<NotificationRow[]> {
    const window = day === null ? '' : `AND n.day BETWEEN $3::date - ${DIGEST_LOOKBACK_DAYS} AND $3::date`;
    return manager.query(
      `SELECT ${ROW} FROM ${FROM}
        WHERE n.recipient_id = $1 AND n.digest = $2 AND n.delivery = 'pending' ${window}
        ORDER BY n.id
        FOR UPDATE OF n`,
      day === null ? [recipientId, digest] : [recipientId, digest, day],
    );
  }

  /**
   * A daily digest's rows, locked, with its recipient and whether `key` was already delivered, in
   * one round trip (a digest is a handful of round trips around one SMTP exchange, so each counts).
   * Call it after `lockDelivery(key)`: the statement's snapshot is taken after the lock is granted,
   * so a delivery committed by the lock's previous holder is seen. No rows: nothing to send, and the
   * recipient and the delivery record do not matter.
   */
  async dailyDigest(
    manager: EntityManager,
    recipientId: string,
    digest: 'learner' | 'escalation',
    day: string,
    key: string,
  ): Promise<{ rows: NotificationRow[]; recipient: Recipient | undefined; delivered: boolean }> {
    const rows: (NotificationRow & { recipient: Recipient | null; delivered: boolean })[] = await manager.query(
      `SELECT ${ROW},
              CASE WHEN r.id IS NULL THEN NULL ELSE json_build_object('id', r.id, 'email', r.email, 'firstName', r.first_name, 'active', r.active,
                'hasAccount', EXISTS (SELECT 1 FROM account ac WHERE ac.staff_id = r.id)) END AS recipient,
              EXISTS (SELECT 1 FROM mail_delivery md WHERE md.key = $4) AS delivered
         FROM ${FROM} LEFT JOIN staff r ON r.id = n.recipient_id
        WHERE n.recipient_id = $1 AND n.digest = $2 AND n.delivery = 'pending' AND n.day BETWEEN $3::date - ${DIGEST_LOOKBACK_DAYS} AND $3::date
        ORDER BY n.id
        FOR UPDATE OF n`,
      [recipientId, digest, day, key],
    );
    const first = rows[0];
    return {
      rows: rows.map(({ recipient: _recipient, delivered: _delivered, ...row }) => row),
      recipient: first?.recipient ?? undefined,
      delivered: first?.delivered ?? false,
    };
  }

  /**
   * Several recipients' daily digests at once, in two statements whatever their number: each
   * recipient with whether their `key` was already delivered, and every pending row of theirs (not
   * locked: the caller holds each key's delivery lock, and only a holder of that lock changes a
   * pending row of that recipient and kind). Call it after taking the locks, so that a delivery
   * committed by a lock's previous holder is seen.
   */
  async dailyDigests(
    manager: EntityManager,
    digest: 'learner' | 'escalation',
    day: string,
    keys: { recipientId: string; key: string }[],
  ): Promise<{ recipientId: string; recipient: Recipient | undefined; delivered: boolean; rows: NotificationRow[] }[]> {
    const ids = keys.map((k) => k.recipientId);
    // One after the other: the caller's connection runs one statement at a time.
    const recipients: (Recipient & { recipientId: string; delivered: boolean })[] = await manager.query(
      `SELECT k.id AS "recipientId", r.id, r.email, r.first_name AS "firstName", r.active,
              EXISTS (SELECT 1 FROM account ac WHERE ac.staff_id = r.id) AS "hasAccount",
              EXISTS (SELECT 1 FROM mail_delivery md WHERE md.key = k.key) AS delivered
         FROM unnest($1::uuid[], $2::text[]) AS k (id, key) LEFT JOIN staff r ON r.id = k.id`,
      [ids, keys.map((k) => k.key)],
    );
    const rows: (NotificationRow & { recipientId: string })[] = await manager.query(
      `SELECT ${ROW}, n.recipient_id AS "recipientId" FROM ${FROM}
        WHERE n.recipient_id = ANY($1::uuid[]) AND n.digest = $2 AND n.delivery = 'pending' AND n.day BETWEEN $3::date - ${DIGEST_LOOKBACK_DAYS} AND $3::date
        ORDER BY n.id`,
      [ids, digest, day],
    );
    const byRecipient = new Map<string, NotificationRow[]>(ids.map((id) => [id, []]));
    for (const { recipientId, ...row } of rows) byRecipient.get(recipientId)?.push(row);
    return recipients.map(({ recipientId, delivered, ...r }) => ({
      recipientId,
      recipient: r.id ? { id: r.id, email: r.email, firstName: r.firstName, active: r.active, hasAccount: r.hasAccount } : undefined,
      delivered,
      rows: byRecipient.get(recipientId) ?? [],
    }));
  }

  /** After the mail went out: its delivery record and the ledger rows it carried, one statement. */
  recordDigestSent(manager: EntityManager, ids: string[], mail: { key: string; recipient: string; subject: string; messageId?: string }): Promise<void> {
    return this.recordDigestsSent(manager, [{ ids, ...mail }]);
  }

  /** Several mails' delivery records and the ledger rows each carried, one statement (a chunk's group commit). */
  async recordDigestsSent(manager: EntityManager, mails: { ids: string[]; key: string; recipient: string; subject: string; messageId?: string }[]): Promise<void> {
    if (mails.length === 0) return;
    await manager.query(
      `WITH delivery AS (INSERT INTO mail_delivery (key, recipient, subject, message_id) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])),
            carried AS (SELECT * FROM unnest($5::bigint[], $6::text[]) AS c (id, key))
       UPDATE notification n SET delivery = 'sent', delivery_key = c.key, delivered_at = now() FROM carried c WHERE n.id = c.id AND n.delivery = 'pending'`,
      [
        mails.map((m) => m.key),
        mails.map((m) => m.recipient),
        mails.map((m) => m.subject),
        mails.map((m) => m.messageId ?? null),
        mails.flatMap((m) => m.ids),
        mails.flatMap((m) => m.ids.map(() => m.key)),
      ],
    );
  }

  async markDelivered(manager: EntityManager, ids: string[], delivery: 'sent' | 'not_sent', key: string | null): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(
      `UPDATE notification SET delivery = $2, delivery_key = $3, delivered_at = now() WHERE id = ANY($1::bigint[]) AND delivery = 'pending'`,
      [ids, delivery, key],
    );
  }

  // ── nudges ──────────────────────────────────────────────────────────────────────────────────

  /** Records a nudge in the ledger (once, whatever the retries); null when the nudge no longer exists. */
  async recordNudge(
    manager: EntityManager,
    nudge: { nudgeId: string; assignmentId: string; staffId: string; outboxId: string },
    day: string,
  ): Promise<{ id: string; delivery: NotificationDelivery } | null> {
    await manager.query(
      `INSERT INTO notification (dedup_key, kind, recipient_id, staff_id, assignment_id, cohort_id, nudge_id, outbox_id, digest, day)
       SELECT 'nudge:' || nu.id, 'nudge', nu.staff_id, nu.staff_id, nu.assignment_id, nu.cohort_id, nu.id, $2::uuid, 'nudge', $3::date
         FROM nudge nu WHERE nu.id = $1::bigint AND nu.assignment_id = $4 AND nu.staff_id = $5
       ON CONFLICT ON CONSTRAINT notification_dedup_key_unique DO NOTHING`,
      [nudge.nudgeId, nudge.outboxId, day, nudge.assignmentId, nudge.staffId],
    );
    const rows: { id: string; delivery: NotificationDelivery }[] = await manager.query(
      `SELECT id::text, delivery FROM notification WHERE dedup_key = 'nudge:' || $1::bigint`,
      [nudge.nudgeId],
    );
    return rows[0] ?? null;
  }

  async markNudgesSent(manager: EntityManager, nudgeIds: string[]): Promise<void> {
    if (nudgeIds.length) await manager.query(`UPDATE nudge SET sent_at = now() WHERE id = ANY($1::bigint[]) AND sent_at IS NULL`, [nudgeIds]);
  }

  // ── the person's own list ───────────────────────────────────────────────────────────────────

  async list(manager: EntityManager, recipientId: string, page: { limit: number; offset: number; unreadOnly: boolean }): Promise<{ rows: NotificationRow[]; total: number; unread: number }> {
    const unreadOnly = page.unreadOnly ? 'AND n.read_at IS NULL' : '';
    const [rows, counts] = await Promise.all([
      manager.query(`SELECT ${ROW} FROM ${FROM} WHERE n.recipient_id = $1 ${unreadOnly} ORDER BY n.id DESC LIMIT $2 OFFSET $3`, [recipientId, page.limit, page.offset]),
      manager.query(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread FROM notification n WHERE n.recipient_id = $1 ${unreadOnly}`,
        [recipientId],
      ) as Promise<{ total: number; unread: number }[]>,
    ]);
    const unread = page.unreadOnly ? counts[0].total : counts[0].unread;
    return { rows, total: counts[0].total, unread };
  }

  async unreadCount(manager: EntityManager, recipientId: string): Promise<number> {
    const rows: { n: number }[] = await manager.query(`SELECT count(*)::int AS n FROM notification WHERE recipient_id = $1 AND read_at IS NULL`, [recipientId]);
    return rows[0].n;
  }

  /** Marks the caller's own notifications read: `ids` (others' ids are ignored), or all when null. */
  async markRead(manager: EntityManager, recipientId: string, ids: string[] | null): Promise<void> {
    await manager.query(
      `UPDATE notification SET read_at = now() WHERE recipient_id = $1 AND read_at IS NULL AND ($2::bigint[] IS NULL OR id = ANY($2::bigint[]))`,
      [recipientId, ids],
    );
  }

  async optionalTrainingEmail(manager: EntityManager, staffId: string): Promise<boolean> {
    const rows: { on: boolean }[] = await manager.query(`SELECT optional_training_email AS on FROM notification_preference WHERE staff_id = $1`, [staffId]);
    return rows[0]?.on ?? true;
  }

  async setOptionalTrainingEmail(manager: EntityManager, staffId: string, on: boolean): Promise<void> {
    await manager.query(
      `INSERT INTO notification_preference (staff_id, optional_training_email) VALUES ($1, $2)
       ON CONFLICT (staff_id) DO UPDATE SET optional_training_email = EXCLUDED.optional_training_email, updated_at = now()`,
      [staffId, on],
    );
  }
}
