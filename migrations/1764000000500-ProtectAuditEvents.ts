import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail is append-only: no route edits or deletes an event, and the database refuses it
 * too, so a bug or a stray script cannot rewrite history either.
 */
export class ProtectAuditEvents1764000000500 implements MigrationInterface {
  name = 'ProtectAuditEvents1764000000500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit events cannot be changed or deleted' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_event_append_only
        BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_event_no_truncate
        BEFORE TRUNCATE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only()`);
    // Staff are never hard-deleted, so the actor link never needs nulling; keep the FK from trying.
    await queryRunner.query(`ALTER TABLE audit_event DROP CONSTRAINT audit_event_actor_id_fkey`);
    await queryRunner.query(`ALTER TABLE audit_event ADD CONSTRAINT audit_event_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES staff (id) ON DELETE RESTRICT`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE audit_event DROP CONSTRAINT audit_event_actor_id_fkey`);
    await queryRunner.query(`ALTER TABLE audit_event ADD CONSTRAINT audit_event_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES staff (id) ON DELETE SET NULL`);
    await queryRunner.query(`DROP TRIGGER audit_event_no_truncate ON audit_event`);
    await queryRunner.query(`DROP TRIGGER audit_event_append_only ON audit_event`);
    await queryRunner.query(`DROP FUNCTION audit_event_is_append_only()`);
  }
}
