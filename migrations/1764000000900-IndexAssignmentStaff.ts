import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every assignment of a person, open or completed, by staff id. Assigning a track to a cohort
 * checks each member's earlier completions; without this index that check read the whole
 * assignment table once per member (bench/cohorts.bench.ts on the 100,000-staff city).
 */
export class IndexAssignmentStaff1764000000900 implements MigrationInterface {
  name = 'IndexAssignmentStaff1764000000900';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS assignment_staff_idx ON assignment (staff_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS assignment_staff_idx`);
  }
}
