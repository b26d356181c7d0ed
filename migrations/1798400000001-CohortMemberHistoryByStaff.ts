import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A person's cohort memberships, past ones included, for their record of learning: the existing
 * index on staff_id covers current memberships only (left_at IS NULL), so the history scanned the
 * whole table (millions of rows in a large city).
 */
export class CohortMemberHistoryByStaff1798400000001 implements MigrationInterface {
  name = 'CohortMemberHistoryByStaff1798400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX cohort_member_staff_history ON cohort_member (staff_id, joined_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX cohort_member_staff_history`);
  }
}
