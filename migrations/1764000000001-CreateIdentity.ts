import { MigrationInterface, QueryRunner } from 'typeorm';

/** Local sign-in accounts, role grants with department scope, refresh tokens and the audit trail. */
export class CreateIdentity1764000000001 implements MigrationInterface {
  name = 'CreateIdentity1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE account (
        staff_id         uuid PRIMARY KEY REFERENCES staff (id) ON DELETE CASCADE,
        password_hash    text NOT NULL,
        failed_attempts  integer NOT NULL DEFAULT 0,
        locked_until     timestamptz,
        last_sign_in_at  timestamptz,
        password_changed_at timestamptz NOT NULL DEFAULT now(),
        created_at       timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`
      CREATE TABLE role_grant (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_id       uuid NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
        role           text NOT NULL CHECK (role IN ('equity_lead', 'rase_admin', 'viewer')),
        department_id  uuid REFERENCES department (id) ON DELETE CASCADE,
        granted_by     uuid REFERENCES staff (id) ON DELETE SET NULL,
        granted_at     timestamptz NOT NULL DEFAULT now(),
        -- equity leads are scoped to a department (and its subtree); admins and viewers are city-wide
        CONSTRAINT role_grant_scope CHECK ((role = 'equity_lead') = (department_id IS NOT NULL)),
        CONSTRAINT role_grant_unique UNIQUE NULLS NOT DISTINCT (staff_id, role, department_id)
      )`);
    await queryRunner.query(`CREATE INDEX role_grant_staff_idx ON role_grant (staff_id)`);

    await queryRunner.query(`
      CREATE TABLE refresh_token (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_id     uuid NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
        family_id    uuid NOT NULL,
        token_hash   text NOT NULL,
        expires_at   timestamptz NOT NULL,
        used_at      timestamptz,
        revoked_at   timestamptz,
        created_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT refresh_token_hash_unique UNIQUE (token_hash)
      )`);
    await queryRunner.query(`CREATE INDEX refresh_token_family_idx ON refresh_token (family_id)`);

    await queryRunner.query(`
      CREATE TABLE audit_event (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        actor_id      uuid REFERENCES staff (id) ON DELETE SET NULL,
        action        text NOT NULL,
        subject_type  text NOT NULL,
        subject_id    text,
        before        jsonb,
        after         jsonb,
        ip            text,
        at            timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX audit_event_subject_idx ON audit_event (subject_type, subject_id, at DESC)`);
    await queryRunner.query(`CREATE INDEX audit_event_actor_idx ON audit_event (actor_id, at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_event`);
    await queryRunner.query(`DROP TABLE refresh_token`);
    await queryRunner.query(`DROP TABLE role_grant`);
    await queryRunner.query(`DROP TABLE account`);
  }
}
