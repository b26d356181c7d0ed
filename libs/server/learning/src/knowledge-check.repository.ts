import { Injectable } from '@nestjs/common';
import { staffScopeCondition } from '@equip/server/database';
import { OutboxEvent, type MoreAttemptsRequestRow, type StoredLesson } from '@equip/shared/contracts';
import type { StaffScope } from '@equip/shared/domain';
import type { EntityManager } from 'typeorm';

/** A person's enrollment in a course as a lead reaches it: only through the caller's scope. */
export interface PersonEnrollment {
  enrollmentId: string;
  staffId: string;
  firstName: string;
  lastName: string;
  courseSlug: string;
  courseTitle: string;
  courseArchived: boolean;
  lessons: StoredLesson[];
}

export interface Recipient {
  staffId: string;
  email: string;
  firstName: string;
  role: 'equity_lead' | 'rase_admin';
}

/** More attempts at knowledge checks: grants by leads and administrators, and learners' requests for them. */
@Injectable()
export class KnowledgeCheckRepository {
  /** Every attempt granted on top of the lesson's own allowance. */
  async extraAttempts(manager: EntityManager, enrollmentId: string, lessonSlug: string): Promise<number> {
    const rows: { extra: number }[] = await manager.query(
      `SELECT COALESCE(sum(extra_attempts), 0)::int AS extra FROM knowledge_check_grant WHERE enrollment_id = $1 AND lesson_slug = $2`,
      [enrollmentId, lessonSlug],
    );
    return rows[0].extra;
  }

  /** When the person asked for more attempts after running out of `allowed`; undefined when they have not. */
  async requestedAt(manager: EntityManager, enrollmentId: string, lessonSlug: string, allowed: number): Promise<Date | undefined> {
    const rows: { requestedAt: Date }[] = await manager.query(
      `SELECT requested_at AS "requestedAt" FROM knowledge_check_request WHERE enrollment_id = $1 AND lesson_slug = $2 AND attempts_allowed = $3`,
      [enrollmentId, lessonSlug, allowed],
    );
    return rows[0]?.requestedAt;
  }

  /** Records the request once per allowance; `created` is false when it was already recorded. */
  async request(manager: EntityManager, enrollmentId: string, lessonSlug: string, allowed: number): Promise<{ requestedAt: Date; created: boolean }> {
    const inserted: { requestedAt: Date }[] = await manager.query(
      `INSERT INTO knowledge_check_request (enrollment_id, lesson_slug, attempts_allowed) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING requested_at AS "requestedAt"`,
      [enrollmentId, lessonSlug, allowed],
    );
    if (inserted[0]) return { requestedAt: inserted[0].requestedAt, created: true };
    const existing = await this.requestedAt(manager, enrollmentId, lessonSlug, allowed);
    if (!existing) throw new Error('The request just found in conflict could not be read back');
    return { requestedAt: existing, created: false };
  }

  /**
   * Who is asked for a person's more attempts: the active equity leads of their department or a
   * department above it; the active RASE administrators when no lead covers it. Never the person.
   */
  async recipients(manager: EntityManager, staffId: string): Promise<Recipient[]> {
    const leads: Recipient[] = await manager.query(
      `SELECT DISTINCT l.id AS "staffId", l.email, l.first_name AS "firstName", 'equity_lead' AS role
         FROM staff s JOIN department d ON d.id = s.department_id
         JOIN role_grant g ON g.role = 'equity_lead'
         JOIN department root ON root.id = g.department_id AND d.path LIKE root.path || '%'
         JOIN staff l ON l.id = g.staff_id
        WHERE s.id = $1 AND l.active AND l.email IS NOT NULL AND l.id <> s.id
        ORDER BY l.email`,
      [staffId],
    );
    if (leads.length > 0) return leads;
    return manager.query(
      `SELECT DISTINCT l.id AS "staffId", l.email, l.first_name AS "firstName", 'rase_admin' AS role
         FROM role_grant g JOIN staff l ON l.id = g.staff_id
        WHERE g.role = 'rase_admin' AND l.active AND l.email IS NOT NULL AND l.id <> $1
        ORDER BY l.email`,
      [staffId],
    );
  }

  async name(manager: EntityManager, staffId: string): Promise<string> {
    const rows: { name: string }[] = await manager.query(`SELECT first_name || ' ' || last_name AS name FROM staff WHERE id = $1`, [staffId]);
    return rows[0]?.name ?? 'A staff member';
  }

  /** Rendered mails, queued in the caller's transaction: the worker sends each once per key (outbox `mail.queued`). */
  async queueMail(manager: EntityManager, mails: { key: string; to: string; subject: string; html: string; text: string }[]): Promise<void> {
    if (mails.length === 0) return;
    await manager.query(`INSERT INTO outbox (event, payload) SELECT $1, m FROM jsonb_array_elements($2::jsonb) AS m`, [OutboxEvent.MailQueued, JSON.stringify(mails)]);
  }

  /** The person's latest enrollment in the course, when the person is in the caller's scope (locked for the grant). */
  async personEnrollment(manager: EntityManager, scope: StaffScope, staffId: string, courseSlug: string): Promise<PersonEnrollment | undefined> {
    const params: unknown[] = [staffId, courseSlug];
    const rows: PersonEnrollment[] = await manager.query(
      `SELECT e.id AS "enrollmentId", s.id AS "staffId", s.first_name AS "firstName", s.last_name AS "lastName",
              c.slug AS "courseSlug", v.title AS "courseTitle", c.archived_at IS NOT NULL AS "courseArchived", v.lessons
         FROM staff s
         JOIN enrollment e ON e.staff_id = s.id
         JOIN course_version v ON v.id = e.course_version_id
         JOIN course c ON c.id = v.course_id
        WHERE s.id = $1 AND c.slug = $2 AND ${staffScopeCondition(scope, 's', params)}
        ORDER BY e.started_at DESC, e.id
        LIMIT 1
        FOR UPDATE OF e`,
      params,
    );
    return rows[0];
  }

  /** Whether the person exists in the caller's scope at all (to tell "no such person" from "not started"). */
  async personInScope(manager: EntityManager, scope: StaffScope, staffId: string): Promise<boolean> {
    const params: unknown[] = [staffId];
    const rows = await manager.query(`SELECT 1 FROM staff s WHERE s.id = $1 AND ${staffScopeCondition(scope, 's', params)}`, params);
    return rows.length > 0;
  }

  async attemptFacts(manager: EntityManager, enrollmentId: string, lessonSlug: string): Promise<{ used: number; passed: boolean }> {
    const rows: { used: number; passed: boolean }[] = await manager.query(
      `SELECT count(*)::int AS used, COALESCE(bool_or(passed), false) AS passed FROM knowledge_check_attempt WHERE enrollment_id = $1 AND lesson_slug = $2`,
      [enrollmentId, lessonSlug],
    );
    return rows[0];
  }

  async insertGrant(manager: EntityManager, grant: { enrollmentId: string; lessonSlug: string; extraAttempts: number; grantedBy: string }): Promise<void> {
    await manager.query(`INSERT INTO knowledge_check_grant (enrollment_id, lesson_slug, extra_attempts, granted_by) VALUES ($1, $2, $3, $4)`, [
      grant.enrollmentId,
      grant.lessonSlug,
      grant.extraAttempts,
      grant.grantedBy,
    ]);
  }

  /**
   * Requests still waiting: nothing granted since, the check not passed, the person in the
   * caller's scope (never the caller), the course not retired. Oldest first, at most `limit`.
   */
  async openRequests(manager: EntityManager, scope: StaffScope, limit: number): Promise<MoreAttemptsRequestRow[]> {
    const params: unknown[] = [scope.actorId, limit];
    return manager.query(
      `SELECT json_build_object('id', s.id, 'firstName', s.first_name, 'lastName', s.last_name) AS staff,
              json_build_object('slug', c.slug, 'title', v.title) AS course,
              json_build_object('slug', r.lesson_slug, 'title', l.lesson->>'title') AS lesson,
              (SELECT count(*)::int FROM knowledge_check_attempt a WHERE a.enrollment_id = e.id AND a.lesson_slug = r.lesson_slug) AS "attemptsUsed",
              r.attempts_allowed AS "attemptsAllowed",
              to_char(r.requested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "requestedAt"
         FROM knowledge_check_request r
         JOIN enrollment e ON e.id = r.enrollment_id
         JOIN staff s ON s.id = e.staff_id
         JOIN course_version v ON v.id = e.course_version_id
         JOIN course c ON c.id = v.course_id
         CROSS JOIN LATERAL (SELECT x AS lesson FROM jsonb_array_elements(v.lessons) x WHERE x->>'slug' = r.lesson_slug LIMIT 1) l
        WHERE s.id <> $1 AND s.active AND c.archived_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM knowledge_check_grant g WHERE g.enrollment_id = r.enrollment_id AND g.lesson_slug = r.lesson_slug AND g.granted_at >= r.requested_at)
          AND NOT EXISTS (SELECT 1 FROM knowledge_check_attempt a WHERE a.enrollment_id = r.enrollment_id AND a.lesson_slug = r.lesson_slug AND a.passed)
          AND ${staffScopeCondition(scope, 's', params)}
        ORDER BY r.requested_at, r.enrollment_id
        LIMIT $2`,
      params,
    );
  }
}
