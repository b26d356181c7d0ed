import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How each person gets in. An `account` may now have no password: someone who signs in with single
 * sign-on has an account recording the provider's subject (`sso_subject`) instead. `invitation`
 * records every invitation mail sent (with a set-password link, or telling the person to sign in
 * with their city account), which the per-hour limit counts. `staff_account_status` computes each
 * person's status from the account, the invitation queue (outbox), their live link and the ledger.
 */
export class AccountWaysIn1797004150000 implements MigrationInterface {
  name = 'AccountWaysIn1797004150000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE account ALTER COLUMN password_hash DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE account ADD COLUMN sso_subject text`);
    await queryRunner.query(`ALTER TABLE account ADD COLUMN sso_signed_in_at timestamptz`);
    // An account is a way in: a password, a provider's subject, or both.
    await queryRunner.query(`ALTER TABLE account ADD CONSTRAINT account_way_in CHECK (password_hash IS NOT NULL OR sso_subject IS NOT NULL)`);
    // One identity at the provider is one person here, never two.
    await queryRunner.query(`CREATE UNIQUE INDEX account_sso_subject_unique ON account (sso_subject) WHERE sso_subject IS NOT NULL`);

    await queryRunner.query(`
      CREATE TABLE invitation (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        staff_id    uuid NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
        way         text NOT NULL CHECK (way IN ('link', 'sso')),
        sent_at     timestamptz NOT NULL DEFAULT now()
      )`);
    // The per-hour limit counts the last hour's mails; a person's status reads their latest.
    await queryRunner.query(`CREATE INDEX invitation_sent_idx ON invitation (sent_at)`);
    await queryRunner.query(`CREATE INDEX invitation_staff_idx ON invitation (staff_id, sent_at DESC)`);
    // Invitations queued and not yet sent, by person.
    await queryRunner.query(
      `CREATE INDEX outbox_invitation_waiting ON outbox ((payload->>'staffId')) WHERE event = 'staff.invited' AND done_at IS NULL`,
    );

    await queryRunner.query(`
      CREATE VIEW staff_account_status AS
      SELECT s.id AS staff_id,
             CASE
               WHEN NOT s.active THEN 'inactive'
               WHEN a.staff_id IS NOT NULL AND a.sso_subject IS NOT NULL THEN 'sso'
               WHEN a.staff_id IS NOT NULL THEN 'password'
               WHEN EXISTS (SELECT 1 FROM outbox o
                             WHERE o.event = 'staff.invited' AND o.done_at IS NULL AND o.payload->>'staffId' = s.id::text) THEN 'waiting'
               WHEN i.way = 'sso' OR t.expires_at IS NOT NULL THEN 'invited'
               WHEN i.way IS NOT NULL THEN 'expired'
               ELSE 'never_invited'
             END AS status,
             CASE WHEN s.active AND a.staff_id IS NULL THEN t.expires_at END AS link_expires_at,
             i.sent_at AS invited_at
        FROM staff s
        LEFT JOIN account a ON a.staff_id = s.id
        LEFT JOIN LATERAL (SELECT inv.way, inv.sent_at FROM invitation inv WHERE inv.staff_id = s.id
                            ORDER BY inv.sent_at DESC LIMIT 1) i ON true
        LEFT JOIN LATERAL (SELECT max(pt.expires_at) AS expires_at FROM password_token pt
                            WHERE pt.staff_id = s.id AND pt.purpose = 'invite' AND pt.used_at IS NULL AND pt.expires_at > now()) t ON true`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW staff_account_status`);
    await queryRunner.query(`DROP INDEX outbox_invitation_waiting`);
    await queryRunner.query(`DROP TABLE invitation`);
    // Accounts that exist only through single sign-on cannot be kept without a password.
    await queryRunner.query(`DELETE FROM account WHERE password_hash IS NULL`);
    await queryRunner.query(`DROP INDEX account_sso_subject_unique`);
    await queryRunner.query(`ALTER TABLE account DROP CONSTRAINT account_way_in`);
    await queryRunner.query(`ALTER TABLE account DROP COLUMN sso_signed_in_at`);
    await queryRunner.query(`ALTER TABLE account DROP COLUMN sso_subject`);
    await queryRunner.query(`ALTER TABLE account ALTER COLUMN password_hash SET NOT NULL`);
  }
}
