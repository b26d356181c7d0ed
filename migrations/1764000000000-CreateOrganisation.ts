import { MigrationInterface, QueryRunner } from 'typeorm';

/** Departments (a tree of departments, divisions and sections) and the staff imported from the roster. */
export class CreateOrganisation1764000000000 implements MigrationInterface {
  name = 'CreateOrganisation1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await queryRunner.query(`
      CREATE TABLE department (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code        text NOT NULL,
        name        text NOT NULL,
        kind        text NOT NULL DEFAULT 'department' CHECK (kind IN ('department', 'division', 'section')),
        parent_id   uuid REFERENCES department (id) ON DELETE RESTRICT,
        -- ids from the root down to this department, separated by '/', ending with '/';
        -- lets scope and reports select a whole subtree with one indexed prefix match.
        path        text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT department_code_unique UNIQUE (code),
        CONSTRAINT department_code_format CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]*$'),
        CONSTRAINT department_not_own_parent CHECK (parent_id IS DISTINCT FROM id)
      )`);
    await queryRunner.query(`CREATE INDEX department_parent_idx ON department (parent_id)`);
    await queryRunner.query(`CREATE INDEX department_path_idx ON department (path text_pattern_ops)`);

    await queryRunner.query(`
      CREATE TABLE staff (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        employee_id    text NOT NULL,
        email          text NOT NULL,
        first_name     text NOT NULL,
        last_name      text NOT NULL,
        department_id  uuid NOT NULL REFERENCES department (id) ON DELETE RESTRICT,
        job_title      text,
        job_class      text,
        work_location  text,
        manager_id     uuid REFERENCES staff (id) ON DELETE SET NULL,
        hire_date      date,
        active         boolean NOT NULL DEFAULT true,
        deactivated_at timestamptz,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT staff_employee_id_unique UNIQUE (employee_id),
        CONSTRAINT staff_not_own_manager CHECK (manager_id IS DISTINCT FROM id)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX staff_email_unique ON staff (lower(email))`);
    await queryRunner.query(`CREATE INDEX staff_department_idx ON staff (department_id) WHERE active`);
    await queryRunner.query(`CREATE INDEX staff_manager_idx ON staff (manager_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE staff`);
    await queryRunner.query(`DROP TABLE department`);
  }
}
