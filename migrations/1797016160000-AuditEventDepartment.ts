import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The department an audit event's subject belonged to when it happened, so the log can be filtered
 * by department after a person moves or a cohort changes owner. New events get it from
 * `AuditService.record`. Existing events are backfilled once from today's data (the best there is
 * for them): the append-only trigger is switched off around that one statement only, inside this
 * migration's transaction, so no other write can slip through while it is off.
 */
export class AuditEventDepartment1797016160000 implements MigrationInterface {
  name = 'AuditEventDepartment1797016160000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE audit_event ADD COLUMN department_id uuid REFERENCES department (id) ON DELETE RESTRICT`);
    await queryRunner.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
    await queryRunner.query(`
      UPDATE audit_event e SET department_id = CASE e.subject_type
          WHEN 'staff' THEN (SELECT s.department_id FROM staff s WHERE s.id::text = e.subject_id)
          WHEN 'cohort' THEN (SELECT c.department_id FROM cohort c WHERE c.id::text = e.subject_id)
          WHEN 'assignment' THEN (SELECT s.department_id FROM assignment a JOIN staff s ON s.id = a.staff_id WHERE a.id::text = e.subject_id)
          WHEN 'certificate' THEN (SELECT s.department_id FROM certificate c JOIN staff s ON s.id = c.staff_id WHERE c.id::text = e.subject_id)
          WHEN 'department' THEN (SELECT d.id FROM department d WHERE d.id::text = e.subject_id)
        END
       WHERE e.subject_type IN ('staff', 'cohort', 'assignment', 'certificate', 'department') AND e.subject_id IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);
    await queryRunner.query(`CREATE INDEX audit_event_department_idx ON audit_event (department_id, id DESC) WHERE department_id IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX audit_event_department_idx`);
    await queryRunner.query(`ALTER TABLE audit_event DROP COLUMN department_id`);
  }
}
