import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface AuditEventInput {
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
  /**
   * The subject's department now. Left out, it is looked up for a staff, cohort, assignment,
   * certificate or department subject, so the log can be filtered by where the subject was when it
   * happened, even after they move.
   */
  departmentId?: string | null;
}

/** `$4` (the subject id, text) as a uuid, or NULL when it is not one: a lookup never fails on it. */
const SUBJECT_UUID = `(CASE WHEN $4 ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN $4::uuid END)`;

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records an event; with `manager` it is part of the caller's transaction. */
  async record(event: AuditEventInput, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO audit_event (actor_id, action, subject_type, subject_id, before, after, ip, department_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $8::boolean THEN $9::uuid ELSE CASE $3
         WHEN 'staff' THEN (SELECT department_id FROM staff WHERE id = ${SUBJECT_UUID})
         WHEN 'cohort' THEN (SELECT department_id FROM cohort WHERE id = ${SUBJECT_UUID})
         WHEN 'assignment' THEN (SELECT s.department_id FROM assignment a JOIN staff s ON s.id = a.staff_id WHERE a.id = ${SUBJECT_UUID})
         WHEN 'certificate' THEN (SELECT s.department_id FROM certificate c JOIN staff s ON s.id = c.staff_id WHERE c.id = ${SUBJECT_UUID})
         WHEN 'department' THEN (SELECT id FROM department WHERE id = ${SUBJECT_UUID})
       END END)`,
      [
        event.actorId,
        event.action,
        event.subjectType,
        event.subjectId ?? null,
        event.before === undefined ? null : JSON.stringify(event.before),
        event.after === undefined ? null : JSON.stringify(event.after),
        event.ip ?? null,
        event.departmentId !== undefined,
        event.departmentId ?? null,
      ],
    );
  }
}
