import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * More attempts at a knowledge check, granted by a lead or administrator to one person's
 * enrollment (the lesson's own allowance plus every grant), and the learner's "ask my lead"
 * requests. A request is keyed by the allowance it ran out of, so a second click before a grant
 * asks nobody twice, and asking again after a grant has been used up is a new request.
 */
export class KnowledgeCheckGrants1798500000001 implements MigrationInterface {
  name = 'KnowledgeCheckGrants1798500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE knowledge_check_grant (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        enrollment_id   uuid NOT NULL REFERENCES enrollment (id) ON DELETE CASCADE,
        lesson_slug     text NOT NULL,
        extra_attempts  integer NOT NULL CHECK (extra_attempts BETWEEN 1 AND 5),
        granted_by      uuid REFERENCES staff (id) ON DELETE SET NULL,
        granted_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX knowledge_check_grant_lesson ON knowledge_check_grant (enrollment_id, lesson_slug)`);
    await queryRunner.query(`
      CREATE TABLE knowledge_check_request (
        enrollment_id     uuid NOT NULL REFERENCES enrollment (id) ON DELETE CASCADE,
        lesson_slug       text NOT NULL,
        attempts_allowed  integer NOT NULL CHECK (attempts_allowed >= 1),
        requested_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT knowledge_check_request_pkey PRIMARY KEY (enrollment_id, lesson_slug, attempts_allowed)
      )`);
    await queryRunner.query(`CREATE INDEX knowledge_check_request_recent ON knowledge_check_request (requested_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE knowledge_check_request`);
    await queryRunner.query(`DROP TABLE knowledge_check_grant`);
  }
}
