import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cohorts: groups of staff owned by a department (or city-wide), static or selected by a rule;
 * their membership history (a row per stay, never deleted); what each cohort assigns; and the
 * nudges leads ask the worker to send. Assignments gain recurrence and cycles: completing a
 * recurring assignment opens the next cycle as a new row pointing at the previous one.
 */
export class CreateCohorts1764000000800 implements MigrationInterface {
  name = 'CreateCohorts1764000000800';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE cohort (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name           text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
        description    text,
        -- NULL = city-wide (RASE administrators only)
        department_id  uuid REFERENCES department (id) ON DELETE RESTRICT,
        kind           text NOT NULL CHECK (kind IN ('static', 'rule')),
        rule           jsonb CHECK (rule IS NULL OR jsonb_typeof(rule) = 'object'),
        owner_id       uuid REFERENCES staff (id) ON DELETE RESTRICT,
        evaluated_at   timestamptz,
        archived_at    timestamptz,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT cohort_rule CHECK ((kind = 'rule') = (rule IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX cohort_department ON cohort (department_id) WHERE archived_at IS NULL`);

    // One row per stay: joining again after leaving is a new row, so the history reads joined → left → joined.
    await queryRunner.query(`
      CREATE TABLE cohort_member (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        cohort_id     uuid NOT NULL REFERENCES cohort (id) ON DELETE RESTRICT,
        staff_id      uuid NOT NULL REFERENCES staff (id) ON DELETE RESTRICT,
        joined_at     timestamptz NOT NULL DEFAULT now(),
        join_reason   text NOT NULL,
        left_at       timestamptz,
        leave_reason  text,
        CONSTRAINT cohort_member_left CHECK ((left_at IS NULL) = (leave_reason IS NULL))
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX cohort_member_current ON cohort_member (cohort_id, staff_id) WHERE left_at IS NULL`);
    await queryRunner.query(`CREATE INDEX cohort_member_staff ON cohort_member (staff_id) WHERE left_at IS NULL`);

    await queryRunner.query(`
      CREATE TABLE cohort_assignment (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cohort_id          uuid NOT NULL REFERENCES cohort (id) ON DELETE RESTRICT,
        course_id          uuid REFERENCES course (id) ON DELETE RESTRICT,
        track_id           uuid REFERENCES track (id) ON DELETE RESTRICT,
        starts_on          date NOT NULL,
        due_kind           text NOT NULL CHECK (due_kind IN ('absolute', 'after_hire', 'after_joining')),
        due_at             timestamptz,
        due_days           integer CHECK (due_days BETWEEN 0 AND 3650),
        recurrence_months  integer CHECK (recurrence_months BETWEEN 1 AND 60),
        created_by         uuid REFERENCES staff (id) ON DELETE RESTRICT,
        created_at         timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT cohort_assignment_one_subject CHECK ((course_id IS NULL) <> (track_id IS NULL)),
        CONSTRAINT cohort_assignment_due CHECK ((due_kind = 'absolute') = (due_at IS NOT NULL) AND (due_kind = 'absolute') = (due_days IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX cohort_assignment_cohort ON cohort_assignment (cohort_id)`);

    await queryRunner.query(`ALTER TABLE assignment
      ADD COLUMN recurrence_months integer CHECK (recurrence_months BETWEEN 1 AND 60),
      ADD COLUMN cycle integer NOT NULL DEFAULT 1 CHECK (cycle >= 1),
      ADD COLUMN previous_assignment_id uuid REFERENCES assignment (id) ON DELETE RESTRICT`);
    // Finds a cohort's assignments: sources @> '[{"cohortId": …}]'.
    await queryRunner.query(`CREATE INDEX assignment_sources ON assignment USING gin (sources jsonb_path_ops)`);

    // At most one nudge per assignment per day (UTC); the worker reads the outbox row written with it.
    await queryRunner.query(`
      CREATE TABLE nudge (
        id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        assignment_id  uuid NOT NULL REFERENCES assignment (id) ON DELETE CASCADE,
        staff_id       uuid NOT NULL REFERENCES staff (id) ON DELETE RESTRICT,
        cohort_id      uuid REFERENCES cohort (id) ON DELETE RESTRICT,
        requested_by   uuid REFERENCES staff (id) ON DELETE RESTRICT,
        requested_on   date NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')::date,
        requested_at   timestamptz NOT NULL DEFAULT now(),
        sent_at        timestamptz,
        CONSTRAINT nudge_daily UNIQUE (assignment_id, requested_on)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE nudge`);
    await queryRunner.query(`DROP INDEX assignment_sources`);
    await queryRunner.query(`ALTER TABLE assignment DROP COLUMN previous_assignment_id, DROP COLUMN cycle, DROP COLUMN recurrence_months`);
    for (const table of ['cohort_assignment', 'cohort_member', 'cohort']) await queryRunner.query(`DROP TABLE ${table}`);
  }
}
