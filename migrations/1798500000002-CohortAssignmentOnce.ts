import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A cohort assigns a course or a track once: assigning it again updates the one definition, and
 * withdrawing it keeps the row (withdrawn_at) so a later re-assign brings it back. Definitions
 * repeated before this migration are merged into the earliest: people's assignments that name a
 * repeat as their source name the kept one instead (each source listed once), then the repeats go.
 */
export class CohortAssignmentOnce1798500000002 implements MigrationInterface {
  name = 'CohortAssignmentOnce1798500000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE cohort_assignment
      ADD COLUMN withdrawn_at timestamptz,
      ADD COLUMN withdrawn_by uuid REFERENCES staff (id) ON DELETE RESTRICT,
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await queryRunner.query(`
      CREATE TEMPORARY TABLE cohort_assignment_repeat AS
      SELECT id, keep FROM (
        SELECT id, first_value(id) OVER (PARTITION BY cohort_id, course_id, track_id ORDER BY created_at, id) AS keep FROM cohort_assignment) r
       WHERE id <> keep`);
    await queryRunner.query(`
      UPDATE assignment a
         SET sources = (SELECT jsonb_agg(DISTINCT CASE WHEN r.id IS NULL THEN e ELSE jsonb_set(e, '{cohortAssignmentId}', to_jsonb(r.keep::text)) END)
                          FROM jsonb_array_elements(a.sources) e LEFT JOIN cohort_assignment_repeat r ON r.id::text = e->>'cohortAssignmentId')
       WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(a.sources) e JOIN cohort_assignment_repeat r ON r.id::text = e->>'cohortAssignmentId')`);
    await queryRunner.query(`DELETE FROM cohort_assignment WHERE id IN (SELECT id FROM cohort_assignment_repeat)`);
    await queryRunner.query(`DROP TABLE cohort_assignment_repeat`);
    await queryRunner.query(`ALTER TABLE cohort_assignment
      ADD CONSTRAINT cohort_assignment_course_once UNIQUE (cohort_id, course_id),
      ADD CONSTRAINT cohort_assignment_track_once UNIQUE (cohort_id, track_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE cohort_assignment DROP CONSTRAINT cohort_assignment_track_once, DROP CONSTRAINT cohort_assignment_course_once`);
    await queryRunner.query(`ALTER TABLE cohort_assignment DROP COLUMN updated_at, DROP COLUMN withdrawn_by, DROP COLUMN withdrawn_at`);
  }
}
