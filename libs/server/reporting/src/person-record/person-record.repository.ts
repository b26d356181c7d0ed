import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { assignmentSourcesJson, assignmentStatusSql, staffScopeCondition } from '@equip/server/database';
import {
  RECORD_REMINDER_LIMIT, type PersonRecord, type RecordAssignment, type RecordCertificate, type RecordCohortMembership, type RecordCourseProgress,
  type RecordKnowledgeCheckAllowance, type RecordKnowledgeCheckAttempt, type RecordReminder,
} from '@equip/shared/contracts';
import type { StaffScope } from '@equip/shared/domain';
import { DataSource, EntityManager } from 'typeorm';


/** An instant as ISO 8601 in UTC (`…Z`), as JSON writes dates: the contract's strings, whether read as a column or inside JSON. */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const PERSON_REF = (alias: string) => `json_build_object('id', ${alias}.id, 'firstName', ${alias}.first_name, 'lastName', ${alias}.last_name)`;

/**
 * Reads one person's record of learning. The person is found through the caller's scope (the one
 * mechanism in the data layer); every other read is keyed on that person's id, so nothing outside
 * the scope is read. Each read is bounded by one person's history and uses an index on staff_id
 * (or on the person's enrollments and assignments).
 */
@Injectable()
export class PersonRecordRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One consistent snapshot of the record's reads. */
  read<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', work);
  }

  async person(m: EntityManager, scope: StaffScope, staffId: string): Promise<PersonRecord['person'] | undefined> {
    const params: unknown[] = [staffId];
    const rows: PersonRecord['person'][] = await m.query(
      `SELECT s.id, s.first_name AS "firstName", s.last_name AS "lastName", s.employee_id AS "employeeId", s.email, s.job_title AS "jobTitle",
              json_build_object('id', d.id, 'code', d.code, 'name', d.name) AS department, s.active
         FROM staff s JOIN department d ON d.id = s.department_id
        WHERE s.id = $1 AND ${staffScopeCondition(scope, 's', params)}`,
      params,
    );
    return rows[0];
  }

  /** Current and past assignments: current first by due date (none last), then past cycles, latest first. */
  async assignments(m: EntityManager, staffId: string): Promise<RecordAssignment[]> {
    return m.query(
      `SELECT a.id,
              json_build_object('kind', CASE WHEN a.course_id IS NOT NULL THEN 'course' ELSE 'track' END, 'id', COALESCE(co.id, t.id),
                                'slug', COALESCE(co.slug, t.slug), 'title', COALESCE(cv.title, t.title)) AS subject,
              to_char(a.due_on, 'YYYY-MM-DD') AS "dueOn", ${assignmentStatusSql('a')} AS status,
              NOT EXISTS (SELECT 1 FROM assignment nx WHERE nx.previous_assignment_id = a.id) AS current,
              a.cycle, a.recurrence_months AS "recurrenceMonths", ${iso('a.created_at')} AS "assignedAt", ${iso('a.completed_at')} AS "completedAt",
              ${assignmentSourcesJson('a')} AS sources,
              CASE WHEN a.exempted_at IS NULL THEN NULL
                   ELSE json_build_object('reason', a.exempt_reason, 'at', ${iso('a.exempted_at')},
                                          'by', (SELECT ${PERSON_REF('eb')} FROM staff eb WHERE eb.id = a.exempted_by)) END AS exemption,
              COALESCE((SELECT json_agg(json_build_object('fromDueOn', to_char(x.previous_due_on, 'YYYY-MM-DD'), 'toDueOn', to_char(x.due_on, 'YYYY-MM-DD'),
                                                          'reason', x.reason, 'at', ${iso('x.granted_at')},
                                                          'by', (SELECT ${PERSON_REF('xb')} FROM staff xb WHERE xb.id = x.granted_by))
                                        ORDER BY x.granted_at DESC, x.id)
                          FROM assignment_extension x WHERE x.assignment_id = a.id), '[]') AS extensions
         FROM assignment a
         LEFT JOIN course co ON co.id = a.course_id LEFT JOIN course_version cv ON cv.id = co.current_version_id
         LEFT JOIN track t ON t.id = a.track_id
        WHERE a.staff_id = $1
        ORDER BY current DESC, CASE WHEN a.completed_at IS NULL THEN 0 ELSE 1 END, a.due_on NULLS LAST, a.completed_at DESC, COALESCE(cv.title, t.title), a.id`,
      [staffId],
    );
  }

  /** Courses started, latest first, with lessons done out of the version's lessons. */
  async courses(m: EntityManager, staffId: string): Promise<RecordCourseProgress[]> {
    return m.query(
      `SELECT json_build_object('id', c.id, 'slug', c.slug, 'title', v.title) AS course, v.version, ${iso('e.started_at')} AS "startedAt", ${iso('e.completed_at')} AS "completedAt",
              (SELECT count(*)::int FROM lesson_progress lp WHERE lp.enrollment_id = e.id) AS "lessonsCompleted",
              jsonb_array_length(v.lessons) AS "lessonsTotal", e.score
         FROM enrollment e JOIN course_version v ON v.id = e.course_version_id JOIN course c ON c.id = v.course_id
        WHERE e.staff_id = $1
        ORDER BY e.started_at DESC, e.id`,
      [staffId],
    );
  }

  async knowledgeChecks(m: EntityManager, staffId: string): Promise<RecordKnowledgeCheckAttempt[]> {
    return m.query(
      `SELECT json_build_object('id', c.id, 'slug', c.slug, 'title', v.title) AS course,
              COALESCE((SELECT l->>'title' FROM jsonb_array_elements(v.lessons) l WHERE l->>'slug' = k.lesson_slug LIMIT 1), 'Knowledge check') AS "lessonTitle",
              k.attempt, k.score, k.passed, ${iso('k.submitted_at')} AS "submittedAt"
         FROM enrollment e JOIN course_version v ON v.id = e.course_version_id JOIN course c ON c.id = v.course_id
         JOIN knowledge_check_attempt k ON k.enrollment_id = e.id
        WHERE e.staff_id = $1
        ORDER BY k.submitted_at DESC, k.attempt DESC`,
      [staffId],
    );
  }

  /**
   * Limited knowledge checks of the latest enrollment per course (where more attempts are granted),
   * tried or granted more: attempts used of allowed (the lesson's own plus every grant) and the grants.
   */
  async knowledgeCheckAllowances(m: EntityManager, staffId: string): Promise<RecordKnowledgeCheckAllowance[]> {
    return m.query(
      `SELECT json_build_object('id', c.id, 'slug', c.slug, 'title', v.title) AS course, l->>'slug' AS "lessonSlug", l->>'title' AS "lessonTitle",
              k.used AS "attemptsUsed", (l->>'attempts')::int + COALESCE(g.extra, 0) AS "attemptsAllowed", k.passed,
              c.archived_at IS NOT NULL AS "courseRetired", COALESCE(g.grants, '[]'::json) AS grants
         FROM (SELECT DISTINCT ON (v0.course_id) e0.id, e0.course_version_id
                 FROM enrollment e0 JOIN course_version v0 ON v0.id = e0.course_version_id
                WHERE e0.staff_id = $1
                ORDER BY v0.course_id, e0.started_at DESC, e0.id) e
         JOIN course_version v ON v.id = e.course_version_id JOIN course c ON c.id = v.course_id
         CROSS JOIN LATERAL jsonb_array_elements(v.lessons) l
         CROSS JOIN LATERAL (SELECT count(*)::int AS used, COALESCE(bool_or(a.passed), false) AS passed
                               FROM knowledge_check_attempt a WHERE a.enrollment_id = e.id AND a.lesson_slug = l->>'slug') k
         LEFT JOIN LATERAL (SELECT sum(gr.extra_attempts)::int AS extra,
                                   json_agg(json_build_object('extraAttempts', gr.extra_attempts, 'at', ${iso('gr.granted_at')},
                                            'by', (SELECT ${PERSON_REF('gb')} FROM staff gb WHERE gb.id = gr.granted_by)) ORDER BY gr.granted_at, gr.id) AS grants
                              FROM knowledge_check_grant gr WHERE gr.enrollment_id = e.id AND gr.lesson_slug = l->>'slug') g ON true
        WHERE l->>'type' = 'knowledge-check' AND (l->>'attempts')::int > 0 AND (k.used > 0 OR g.extra IS NOT NULL)
        ORDER BY v.title, l->>'title', l->>'slug'`,
      [staffId],
    );
  }

  async certificates(m: EntityManager, staffId: string): Promise<RecordCertificate[]> {
    return m.query(
      `SELECT ce.id, COALESCE(v.title, t.title) AS title, ce.serial, ${iso('ce.issued_at')} AS "issuedAt", ${iso('ce.revoked_at')} AS "revokedAt"
         FROM certificate ce LEFT JOIN course_version v ON v.id = ce.course_version_id LEFT JOIN track t ON t.id = ce.track_id
        WHERE ce.staff_id = $1
        ORDER BY ce.issued_at DESC, ce.id`,
      [staffId],
    );
  }

  /** Reminders about the person's work (their own, nudges, escalations to a lead), latest first. */
  async reminders(m: EntityManager, staffId: string): Promise<RecordReminder[]> {
    return m.query(
      `SELECT n.kind, n.day::text AS day, ${iso('n.created_at')} AS "createdAt", n.delivery, COALESCE(cv.title, t.title) AS "subjectTitle",
              CASE n.kind WHEN 'nudge' THEN (SELECT ${PERSON_REF('rb')} FROM nudge nu JOIN staff rb ON rb.id = nu.requested_by WHERE nu.id = n.nudge_id)
                          WHEN 'escalation' THEN (SELECT ${PERSON_REF('r')} FROM staff r WHERE r.id = n.recipient_id) END AS by
         FROM notification n JOIN assignment a ON a.id = n.assignment_id
         LEFT JOIN course co ON co.id = a.course_id LEFT JOIN course_version cv ON cv.id = co.current_version_id
         LEFT JOIN track t ON t.id = a.track_id
        WHERE n.assignment_id IN (SELECT id FROM assignment WHERE staff_id = $1) AND n.staff_id = $1
        ORDER BY n.created_at DESC, n.id DESC
        LIMIT ${RECORD_REMINDER_LIMIT}`,
      [staffId],
    );
  }

  /** Cohort memberships, current first, then past; latest first. */
  async cohorts(m: EntityManager, staffId: string): Promise<RecordCohortMembership[]> {
    return m.query(
      `SELECT json_build_object('id', c.id, 'name', c.name, 'archived', c.archived_at IS NOT NULL) AS cohort,
              ${iso('cm.joined_at')} AS "joinedAt", cm.join_reason AS "joinReason", ${iso('cm.left_at')} AS "leftAt", cm.leave_reason AS "leaveReason"
         FROM cohort_member cm JOIN cohort c ON c.id = cm.cohort_id
        WHERE cm.staff_id = $1
        ORDER BY cm.left_at IS NOT NULL, COALESCE(cm.left_at, cm.joined_at) DESC, cm.id DESC`,
      [staffId],
    );
  }
}
