import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One-time links that let a person set a password: an invitation for imported staff, or a reset
 * for a forgotten password. Only a SHA-256 hash of the token is stored; the token itself exists
 * only in the mail.
 */
export class CreatePasswordToken1764000000400 implements MigrationInterface {
  name = 'CreatePasswordToken1764000000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE password_token (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_id    uuid NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
        purpose     text NOT NULL CHECK (purpose IN ('invite', 'reset')),
        token_hash  text NOT NULL,
        expires_at  timestamptz NOT NULL,
        used_at     timestamptz,
        created_by  uuid REFERENCES staff (id) ON DELETE SET NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT password_token_hash_unique UNIQUE (token_hash)
      )`);
    // Finding (and retiring) a person's outstanding links.
    await queryRunner.query(`CREATE INDEX password_token_staff_idx ON password_token (staff_id) WHERE used_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE password_token`);
  }
}
