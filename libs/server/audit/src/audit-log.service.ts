import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { AUDIT_ACTION_GROUPS, AuditEventView, Page } from '@equip/shared/contracts';
import { DataSource } from 'typeorm';
import { AuditFacts, actionLabel, changes, cityTime, subjectText, summarize } from './audit-wording';

export interface AuditFilter {
  /** An action code, or the key of a group of them (`AUDIT_ACTION_GROUPS`). */
  action?: string;
  actorId?: string;
  /** Events by this person or about them (directly, or through their assignment or certificate). */
  staffId?: string;
  /** The subject's department, or one below it, when the event happened. */
  departmentId?: string;
  subjectType?: string;
  subjectId?: string;
  /** First and last day included, in the city's time zone. */
  from?: string;
  to?: string;
}

const EXPORT_BATCH = 5000;

/** The action codes a filter value stands for: one code, or every code of a group. */
export function actionsFor(value: string): string[] {
  const group = AUDIT_ACTION_GROUPS.find((g) => g.key === value);
  return group ? Object.keys(group.actions) : [value];
}

interface EventRow {
  id: string;
  at: Date;
  action: string;
  subjectType: string;
  subjectId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  actor: { id: string; firstName: string; lastName: string } | null;
  person: { id: string; name: string } | null;
  cohort: { id: string; name: string } | null;
  subjectDepartment: { id: string; name: string } | null;
  department: { id: string; name: string } | null;
  learning: { kind: 'course' | 'track'; slug: string; title: string } | null;
}

/**
 * The audit log as people read it: each event with the names it needs, resolved here by joining
 * (today's names; the ids in the raw JSON stay as they were), its sentence and its changes in words.
 */
@Injectable()
export class AuditLogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async find(filter: AuditFilter, page: number, pageSize: number): Promise<Page<AuditEventView>> {
    const { where, params } = this.where(filter);
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM audit_event e WHERE ${where}`, params);
    params.push(pageSize, (page - 1) * pageSize);
    const rows: EventRow[] = await this.dataSource.query(
      `${SELECT_EVENTS} FROM (SELECT e.*, ${SUBJECT_UUID} AS subject_uuid FROM audit_event e WHERE ${where} ORDER BY e.id DESC LIMIT $${params.length - 1} OFFSET $${params.length}) e ${JOINS} ORDER BY e.id DESC`,
      params,
    );
    return { items: rows.map((row) => this.view(row)), total, page, pageSize };
  }

  /** Every matching event, newest first, in batches (keyset pagination) so an export never holds the whole log. */
  async *findAll(filter: AuditFilter): AsyncGenerator<AuditEventView[]> {
    let before: string | undefined;
    for (;;) {
      const { where, params } = this.where(filter);
      let clause = where;
      if (before) {
        params.push(before);
        clause += ` AND e.id < $${params.length}`;
      }
      params.push(EXPORT_BATCH);
      const rows: EventRow[] = await this.dataSource.query(
        `${SELECT_EVENTS} FROM (SELECT e.*, ${SUBJECT_UUID} AS subject_uuid FROM audit_event e WHERE ${clause} ORDER BY e.id DESC LIMIT $${params.length}) e ${JOINS} ORDER BY e.id DESC`,
        params,
      );
      if (rows.length === 0) return;
      yield rows.map((row) => this.view(row));
      if (rows.length < EXPORT_BATCH) return;
      before = rows[rows.length - 1].id;
    }
  }

  private view(row: EventRow): AuditEventView {
    const timeZone = this.config.cityTimeZone;
    const facts: AuditFacts = {
      action: row.action,
      subjectType: row.subjectType,
      before: row.before,
      after: row.after,
      actor: row.actor && { id: row.actor.id, name: `${row.actor.firstName} ${row.actor.lastName}` },
      person: row.person,
      cohort: row.cohort,
      department: row.subjectDepartment,
      learning: row.learning,
    };
    return {
      id: row.id,
      at: row.at.toISOString(),
      actor: row.actor,
      action: row.action,
      subjectType: row.subjectType,
      subjectId: row.subjectId,
      before: row.before,
      after: row.after,
      ip: row.ip,
      occurredAt: cityTime(row.at, timeZone),
      actionLabel: actionLabel(row.action),
      summary: summarize(facts),
      subject: subjectText(facts),
      changes: changes(row.before, row.after, timeZone),
      department: row.department,
    };
  }

  private where(filter: AuditFilter): { where: string; params: unknown[] } {
    const params: unknown[] = [];
    const where: string[] = ['TRUE'];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.action) add((p) => `e.action = ANY(${p}::text[])`, actionsFor(filter.action));
    if (filter.actorId) add((p) => `e.actor_id = ${p}::uuid`, filter.actorId);
    if (filter.staffId) {
      // Each arm can use an index (actor, subject), so a person's events are found without a scan.
      add(
        (p) => `(e.actor_id = ${p}::uuid
          OR (e.subject_type = 'staff' AND e.subject_id = ${p}::text)
          OR (e.subject_type = 'assignment' AND e.subject_id IN (SELECT id::text FROM assignment WHERE staff_id = ${p}::uuid))
          OR (e.subject_type = 'certificate' AND e.subject_id IN (SELECT id::text FROM certificate WHERE staff_id = ${p}::uuid)))`,
        filter.staffId,
      );
    }
    if (filter.departmentId) {
      add((p) => `e.department_id IN (SELECT d.id FROM department d JOIN department top ON d.path LIKE top.path || '%' WHERE top.id = ${p}::uuid)`, filter.departmentId);
    }
    if (filter.subjectType) add((p) => `e.subject_type = ${p}`, filter.subjectType);
    if (filter.subjectId) add((p) => `e.subject_id = ${p}`, filter.subjectId);
    if (filter.from || filter.to) params.push(this.config.cityTimeZone);
    const zone = `$${params.length}`;
    // Days are the city's: a day starts at its midnight there, whatever the server's zone.
    if (filter.from) add((p) => `e.at >= (${p}::date::timestamp AT TIME ZONE ${zone}::text)`, filter.from);
    if (filter.to) add((p) => `e.at < ((${p}::date + 1)::timestamp AT TIME ZONE ${zone}::text)`, filter.to);
    return { where: where.join(' AND '), params };
  }
}

const UUID_RE = `'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'`;
/** The subject id as a uuid (NULL when it is not one), worked out once per event in the inner select. */
const SUBJECT_UUID = `(CASE WHEN e.subject_id ~ ${UUID_RE} THEN e.subject_id::uuid END)`;
const ASSIGNMENT_UUID = `(CASE WHEN e.after->>'cohortAssignmentId' ~ ${UUID_RE} THEN (e.after->>'cohortAssignmentId')::uuid END)`;

const SELECT_EVENTS = `SELECT e.id::text AS id, e.at, e.action, e.subject_type AS "subjectType", e.subject_id AS "subjectId",
  e.before, e.after, e.ip,
  CASE WHEN a.id IS NULL THEN NULL ELSE json_build_object('id', a.id, 'firstName', a.first_name, 'lastName', a.last_name) END AS actor,
  CASE WHEN p.id IS NULL THEN NULL ELSE json_build_object('id', p.id, 'name', p.first_name || ' ' || p.last_name) END AS person,
  CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('id', c.id, 'name', c.name) END AS cohort,
  CASE WHEN sd.id IS NULL THEN NULL ELSE json_build_object('id', sd.id, 'name', sd.name) END AS "subjectDepartment",
  CASE WHEN ed.id IS NULL THEN NULL ELSE json_build_object('id', ed.id, 'name', ed.name) END AS department,
  CASE WHEN co.id IS NOT NULL THEN json_build_object('kind', 'course', 'slug', co.slug, 'title', COALESCE(certv.title, cv.title))
       WHEN t.id IS NOT NULL THEN json_build_object('kind', 'track', 'slug', t.slug, 'title', t.title) END AS learning`;

/** The names an event's sentence needs; every join is on a key, at most one row each. */
const JOINS = `LEFT JOIN staff a ON a.id = e.actor_id
  LEFT JOIN assignment asg ON e.subject_type = 'assignment' AND asg.id = e.subject_uuid
  LEFT JOIN certificate cert ON e.subject_type = 'certificate' AND cert.id = e.subject_uuid
  LEFT JOIN course_version certv ON certv.id = cert.course_version_id
  LEFT JOIN cohort_assignment ca ON e.action IN ('cohort.assigned', 'cohort.assignment_withdrawn') AND ca.id = ${ASSIGNMENT_UUID}
  LEFT JOIN staff p ON p.id = CASE e.subject_type WHEN 'staff' THEN e.subject_uuid WHEN 'assignment' THEN asg.staff_id WHEN 'certificate' THEN cert.staff_id END
  LEFT JOIN cohort c ON e.subject_type = 'cohort' AND c.id = e.subject_uuid
  LEFT JOIN department sd ON e.subject_type = 'department' AND sd.id = e.subject_uuid
  LEFT JOIN department ed ON ed.id = e.department_id
  LEFT JOIN course co ON co.id = COALESCE(asg.course_id, ca.course_id, certv.course_id,
    CASE WHEN e.action IN ('assignment.assigned', 'knowledge_check.attempts_granted') THEN (SELECT x.id FROM course x WHERE x.slug = e.after->>'courseSlug' LIMIT 1) END)
  LEFT JOIN course_version cv ON cv.id = co.current_version_id
  LEFT JOIN track t ON co.id IS NULL AND t.id = COALESCE(asg.track_id, ca.track_id, cert.track_id,
    CASE WHEN e.action = 'assignment.assigned' THEN (SELECT x.id FROM track x WHERE x.slug = e.after->>'trackSlug' LIMIT 1) END)`;
