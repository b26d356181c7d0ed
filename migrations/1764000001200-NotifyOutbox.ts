import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox relay's wake-up call and its work lists. A statement-level trigger notifies
 * `equip_outbox` after any INSERT into the outbox (once per statement, however many rows; the
 * notification is delivered when the transaction commits, never before). Two partial indexes hold
 * only rows not done: those never relayed, by id, and those relayed, by when — so the relay finds
 * new rows and rows due to be sent again without reading the ones still in the queue (with 100,000
 * rows relayed and not done, one id-ordered scan filtered all of them on every wake).
 */
export class NotifyOutbox1764000001200 implements MigrationInterface {
  name = 'NotifyOutbox1764000001200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('equip_outbox', '');
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`);
    await queryRunner.query(`CREATE INDEX outbox_unrelayed ON outbox (id) WHERE done_at IS NULL AND relayed_at IS NULL`);
    await queryRunner.query(`CREATE INDEX outbox_relay_due ON outbox (relayed_at, id) WHERE done_at IS NULL AND relayed_at IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS outbox_relay_due`);
    await queryRunner.query(`DROP INDEX IF EXISTS outbox_unrelayed`);
    await queryRunner.query(`DROP TRIGGER IF EXISTS outbox_notify ON outbox`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS outbox_notify()`);
  }
}
