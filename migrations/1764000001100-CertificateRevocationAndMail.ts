import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What issuing and revoking certificates needs beyond the table CreateLearning made: who revoked
 * a certificate and why, when it was mailed (a retried job mails only while this is empty), the
 * sequence that numbers serials, and an index for the administrators' newest-first list.
 */
export class CertificateRevocationAndMail1764000001100 implements MigrationInterface {
  name = 'CertificateRevocationAndMail1764000001100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE certificate
        ADD COLUMN revoked_reason text,
        ADD COLUMN revoked_by uuid REFERENCES staff (id) ON DELETE RESTRICT,
        ADD COLUMN mailed_at timestamptz,
        ADD CONSTRAINT certificate_revocation CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL)),
        ADD CONSTRAINT certificate_verification_code_format CHECK (verification_code ~ '^[A-Za-z0-9_-]{22,64}$')`);
    // Serial numbers (EQ-<year>-<number>) count up across years; a failed render may skip one.
    await queryRunner.query(`CREATE SEQUENCE certificate_serial_seq AS bigint START 1`);
    await queryRunner.query(`CREATE INDEX certificate_issued ON certificate (issued_at DESC, id DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX certificate_issued`);
    await queryRunner.query(`DROP SEQUENCE certificate_serial_seq`);
    await queryRunner.query(`
      ALTER TABLE certificate
        DROP CONSTRAINT certificate_verification_code_format,
        DROP CONSTRAINT certificate_revocation,
        DROP COLUMN mailed_at,
        DROP COLUMN revoked_by,
        DROP COLUMN revoked_reason`);
  }
}
