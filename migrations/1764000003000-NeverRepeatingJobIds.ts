import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Job ids that never repeat. Outbox rows were known to their jobs by their identity id, which
 * starts again at 1 in a recreated database (and goes back after a point-in-time restore): BullMQ,
 * still holding the old database's completed jobs under those ids, took the new jobs for
 * duplicates and dropped them. Each row now has a random `uid`, the id its job's payload carries,
 * and counts its hand-overs (`relay_count`), so each hand-over is a job id Redis has never seen:
 * `outbox-<uid>-<n>`. A nudge's ledger row points at its outbox row by that uid. Daily digests
 * are keyed by the database's own random `instance` id, made here once: a recreated database is a
 * new instance.
 */
export class NeverRepeatingJobIds1764000003000 implements MigrationInterface {
  name = 'NeverRepeatingJobIds1764000003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE outbox ADD COLUMN uid uuid NOT NULL DEFAULT gen_random_uuid(), ADD COLUMN relay_count integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`CREATE UNIQUE INDEX outbox_uid ON outbox (uid)`);
    await queryRunner.query(`ALTER TABLE notification ADD COLUMN outbox_uid uuid`);
    await queryRunner.query(`UPDATE notification n SET outbox_uid = o.uid FROM outbox o WHERE o.id = n.outbox_id`);
    await queryRunner.query(`ALTER TABLE notification DROP COLUMN outbox_id`);
    await queryRunner.query(`ALTER TABLE notification RENAME COLUMN outbox_uid TO outbox_id`);
    await queryRunner.query(`
      CREATE TABLE database_instance (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        created_at  timestamptz NOT NULL DEFAULT now(),
        singleton   boolean NOT NULL DEFAULT true UNIQUE CHECK (singleton)
      )`);
    await queryRunner.query(`INSERT INTO database_instance DEFAULT VALUES`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE database_instance`);
    await queryRunner.query(`ALTER TABLE notification ADD COLUMN outbox_bigint bigint`);
    await queryRunner.query(`UPDATE notification n SET outbox_bigint = o.id FROM outbox o WHERE o.uid = n.outbox_id`);
    await queryRunner.query(`ALTER TABLE notification DROP COLUMN outbox_id`);
    await queryRunner.query(`ALTER TABLE notification RENAME COLUMN outbox_bigint TO outbox_id`);
    await queryRunner.query(`DROP INDEX outbox_uid`);
    await queryRunner.query(`ALTER TABLE outbox DROP COLUMN relay_count, DROP COLUMN uid`);
  }
}
