import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A lead or administrator extends one person's due day with a reason. Each extension is kept
 * (who, when, why, from which day to which), so the record of learning can list them; the latest
 * one's day stands when a cohort assigns the same work again, unless that gives a later day.
 */
export class AssignmentExtensions1798700000001 implements MigrationInterface {
  name = 'AssignmentExtensions1798700000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE assignment_extension (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assignment_id  uuid NOT NULL REFERENCES assignment (id) ON DELETE CASCADE,
        previous_due_on date,
        due_on         date NOT NULL,
        reason         text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 500),
        granted_by     uuid REFERENCES staff (id) ON DELETE SET NULL,
        granted_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT assignment_extension_later CHECK (previous_due_on IS NULL OR due_on > previous_due_on)
      )`);
    await queryRunner.query(`CREATE INDEX assignment_extension_assignment ON assignment_extension (assignment_id, due_on DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE assignment_extension`);
  }
}
