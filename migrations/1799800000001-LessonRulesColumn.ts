import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A course version's lesson rules (slug, type and required, in order), kept beside its lessons as a
 * generated column (issue 18: 500 learners on one api). The learner's home reads them for every
 * assignment and started course; built from `lessons` on each read, they cost PostgreSQL the
 * decompression and parsing of the whole stored content (about 20 KB of JSON a course) each time:
 * 1.1 ms of the home's assignments query (2.6 ms) for a person with 26 assignments. The function is
 * the expression those queries used, so the answers are the same (NULL for a version with no lessons).
 */
export class LessonRulesColumn1799800000001 implements MigrationInterface {
  name = 'LessonRulesColumn1799800000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION course_lesson_rules(lessons jsonb) RETURNS jsonb
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
          SELECT jsonb_agg(jsonb_build_object('slug', l->'slug', 'type', l->'type', 'required', l->'required') ORDER BY n)
            FROM jsonb_array_elements(lessons) WITH ORDINALITY AS x (l, n)
        $$`);
    await q.query(`ALTER TABLE course_version ADD COLUMN lesson_rules jsonb GENERATED ALWAYS AS (course_lesson_rules(lessons)) STORED`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE course_version DROP COLUMN lesson_rules`);
    await q.query(`DROP FUNCTION course_lesson_rules(jsonb)`);
  }
}
