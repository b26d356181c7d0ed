import { MigrationInterface, QueryRunner } from 'typeorm';

/** A lead's optional personal note on a nudge, quoted in the mail (the form and the api refuse more than 500 characters). */
export class NudgeNote1798400000002 implements MigrationInterface {
  name = 'NudgeNote1798400000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE nudge ADD COLUMN note text CHECK (note IS NULL OR char_length(note) BETWEEN 1 AND 500)`);
    // The cohort page's "nudged Dec 4 by Emily Sullivan": a member's latest nudge.
    await queryRunner.query(`CREATE INDEX nudge_staff_latest ON nudge (staff_id, requested_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX nudge_staff_latest`);
    await queryRunner.query(`ALTER TABLE nudge DROP COLUMN note`);
  }
}
