import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The learner's records: what is assigned to whom, enrollments pinned to a course version, lesson
 * progress, knowledge-check attempts, private reflections, attestations, competency awards, track
 * completions, the outbox that announces completions to the worker, and the certificates it issues.
 * The unique constraints are what keeps doubled requests (two tabs, a retried submit) harmless.
 */
export class CreateLearning1764000000700 implements MigrationInterface {
  name = 'CreateLearning1764000000700';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE assignment (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_id       uuid NOT NULL REFERENCES staff (id) ON DELETE RESTRICT,
        course_id      uuid REFERENCES course (id) ON DELETE RESTRICT,
        track_id       uuid REFERENCES track (id) ON DELETE RESTRICT,
        due_at         timestamptz,
        -- why it is assigned: [{ kind: 'self' }], cohorts add [{ kind: 'cohort', cohortId }]
        sources        jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(sources) = 'array'),
        exempt_reason  text,
        exempted_at    timestamptz,
        exempted_by    uuid REFERENCES staff (id) ON DELETE RESTRICT,
        completed_at   timestamptz,
        created_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT assignment_one_subject CHECK ((course_id IS NULL) <> (track_id IS NULL)),
        CONSTRAINT assignment_exemption CHECK ((exempted_at IS NULL) = (exempt_reason IS NULL))
      )`);
    // One open assignment per person and course (or track); completed ones are history.
    await queryRunner.query(`CREATE UNIQUE INDEX assignment_open_course_unique ON assignment (staff_id, course_id) WHERE completed_at IS NULL AND course_id IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX assignment_open_track_unique ON assignment (staff_id, track_id) WHERE completed_at IS NULL AND track_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX assignment_due_open ON assignment (due_at) WHERE completed_at IS NULL AND exempted_at IS NULL`);

    await queryRunner.query(`
      CREATE TABLE enrollment (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_id           uuid NOT NULL REFERENCES staff (id) ON DELETE RESTRICT,
        course_version_id  uuid NOT NULL REFERENCES course_version (id) ON DELETE RESTRICT,
        started_at         timestamptz NOT NULL DEFAULT now(),
        completed_at       timestamptz,
        -- percent of knowledge-check questions answered correctly in the passing attempts
        score              integer CHECK (score BETWEEN 0 AND 100),
        CONSTRAINT enrollment_unique UNIQUE (staff_id, course_version_id)
      )`);
    await queryRunner.query(`CREATE INDEX enrollment_version ON enrollment (course_version_id)`);

    await queryRunner.query(`
      CREATE TABLE lesson_progress (
        enrollment_id  uuid NOT NULL REFERENCES enrollment (id) ON DELETE CASCADE,
        lesson_slug    text NOT NULL,
        completed_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (enrollment_id, lesson_slug)
      )`);

    await queryRunner.query(`
      CREATE TABLE knowledge_check_attempt (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        enrollment_id  uuid NOT NULL REFERENCES enrollment (id) ON DELETE CASCADE,
        lesson_slug    text NOT NULL,
        attempt        integer NOT NULL CHECK (attempt >= 1),
        -- { questionId: [optionId, …] }
        answers        jsonb NOT NULL CHECK (jsonb_typeof(answers) = 'object'),
        score          integer NOT NULL CHECK (score >= 0),
        passed         boolean NOT NULL,
        submitted_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT knowledge_check_attempt_unique UNIQUE (enrollment_id, lesson_slug, attempt)
      )`);

    // Private to its author: read only by queries that filter on the caller's own enrollment.
    await queryRunner.query(`
      CREATE TABLE reflection (
        enrollment_id  uuid NOT NULL REFERENCES enrollment (id) ON DELETE CASCADE,
        lesson_slug    text NOT NULL,
        text           text NOT NULL,
        saved_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (enrollment_id, lesson_slug)
      )`);

    await queryRunner.query(`
      CREATE TABLE attestation (
        enrollment_id  uuid NOT NULL REFERENCES enrollment (id) ON DELETE CASCADE,
        lesson_slug    text NOT NULL,
        affirmed_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (enrollment_id, lesson_slug)
      )`);

    await queryRunner.query(`
      CREATE TABLE competency_award (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_id       uuid NOT NULL REFERENCES staff (id) ON DELETE RESTRICT,
        competency_id  uuid NOT NULL REFERENCES competency (id) ON DELETE RESTRICT,
        level          text NOT NULL,
        -- 0 = the competency's lowest level
        level_rank     integer NOT NULL CHECK (level_rank >= 0),
        source_kind    text NOT NULL CHECK (source_kind IN ('course', 'track')),
        -- course_version.id or track.id
        source_id      uuid NOT NULL,
        awarded_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT competency_award_unique UNIQUE (staff_id, competency_id, level)
      )`);

    await queryRunner.query(`
      CREATE TABLE track_completion (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_id      uuid NOT NULL REFERENCES staff (id) ON DELETE RESTRICT,
        track_id      uuid NOT NULL REFERENCES track (id) ON DELETE RESTRICT,
        completed_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT track_completion_unique UNIQUE (staff_id, track_id)
      )`);

    // Written in the same transaction as the change it announces; the worker relays it.
    await queryRunner.query(`
      CREATE TABLE outbox (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event       text NOT NULL,
        payload     jsonb NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        relayed_at  timestamptz,
        done_at     timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX outbox_not_done ON outbox (id) WHERE done_at IS NULL`);

    await queryRunner.query(`
      CREATE TABLE certificate (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_id           uuid NOT NULL REFERENCES staff (id) ON DELETE RESTRICT,
        kind               text NOT NULL CHECK (kind IN ('course', 'track')),
        enrollment_id      uuid REFERENCES enrollment (id) ON DELETE RESTRICT,
        course_version_id  uuid REFERENCES course_version (id) ON DELETE RESTRICT,
        track_completion_id uuid REFERENCES track_completion (id) ON DELETE RESTRICT,
        track_id           uuid REFERENCES track (id) ON DELETE RESTRICT,
        serial             text NOT NULL,
        verification_code  text NOT NULL,
        issued_at          timestamptz NOT NULL DEFAULT now(),
        revoked_at         timestamptz,
        pdf_key            text,
        CONSTRAINT certificate_serial_unique UNIQUE (serial),
        CONSTRAINT certificate_verification_code_unique UNIQUE (verification_code),
        CONSTRAINT certificate_enrollment_unique UNIQUE (enrollment_id),
        CONSTRAINT certificate_track_completion_unique UNIQUE (track_completion_id),
        CONSTRAINT certificate_subject CHECK (
          (kind = 'course' AND enrollment_id IS NOT NULL AND course_version_id IS NOT NULL AND track_id IS NULL AND track_completion_id IS NULL)
          OR (kind = 'track' AND track_completion_id IS NOT NULL AND track_id IS NOT NULL AND enrollment_id IS NULL AND course_version_id IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX certificate_staff ON certificate (staff_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['certificate', 'outbox', 'track_completion', 'competency_award', 'attestation', 'reflection', 'knowledge_check_attempt', 'lesson_progress', 'enrollment', 'assignment']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
