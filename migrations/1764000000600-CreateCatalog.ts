import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The published catalog, written only by `content:sync` from the files in content/. Nothing here
 * is ever deleted: a course, track or competency whose files are gone is archived, and a course's
 * versions are immutable, so learners finish the version they started.
 */
export class CreateCatalog1764000000600 implements MigrationInterface {
  name = 'CreateCatalog1764000000600';

  async up(queryRunner: QueryRunner): Promise<void> {
    const slug = (table: string) => `CONSTRAINT ${table}_slug_unique UNIQUE (slug),
        CONSTRAINT ${table}_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$')`;
    const audience = `audience text NOT NULL CHECK (audience IN ('all-staff', 'managers', 'equity-leads'))`;

    await queryRunner.query(`
      CREATE TABLE competency (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug         text NOT NULL,
        name         text NOT NULL,
        description  text NOT NULL,
        -- [{ name, description }], lowest first
        levels       jsonb NOT NULL CHECK (jsonb_typeof(levels) = 'array'),
        archived_at  timestamptz,
        ${slug('competency')}
      )`);

    await queryRunner.query(`
      CREATE TABLE course (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug                text NOT NULL,
        -- what a learner who starts now gets; null only inside the sync that creates the course
        current_version_id  uuid,
        archived_at         timestamptz,
        created_at          timestamptz NOT NULL DEFAULT now(),
        ${slug('course')}
      )`);

    await queryRunner.query(`
      CREATE TABLE course_version (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        course_id          uuid NOT NULL REFERENCES course (id) ON DELETE RESTRICT,
        version            integer NOT NULL CHECK (version >= 1),
        -- SHA-256 (hex) of the course's source: course.yaml, lessons, the media they use
        content_hash       text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
        title              text NOT NULL,
        summary            text NOT NULL,
        ${audience},
        estimated_minutes  integer NOT NULL CHECK (estimated_minutes >= 1),
        -- [{ competency, level }] awarded on completion
        competencies       jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(competencies) = 'array'),
        prerequisites      text[] NOT NULL DEFAULT '{}',
        tags               text[] NOT NULL DEFAULT '{}',
        -- ordered StoredLesson objects (libs/shared/contracts/src/catalog.ts), answers included
        lessons            jsonb NOT NULL CHECK (jsonb_typeof(lessons) = 'array'),
        published_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT course_version_hash_unique UNIQUE (course_id, content_hash),
        CONSTRAINT course_version_number_unique UNIQUE (course_id, version),
        -- lets course point at one of its own versions (below)
        CONSTRAINT course_version_id_course_unique UNIQUE (id, course_id)
      )`);
    await queryRunner.query(`
      ALTER TABLE course ADD CONSTRAINT course_current_version_fk
        FOREIGN KEY (current_version_id, id) REFERENCES course_version (id, course_id) ON DELETE RESTRICT`);

    await queryRunner.query(`
      CREATE TABLE track (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug          text NOT NULL,
        title         text NOT NULL,
        summary       text NOT NULL,
        ${audience},
        -- [{ course: slug, optional }], in order
        steps         jsonb NOT NULL CHECK (jsonb_typeof(steps) = 'array'),
        -- { competency, level } or null
        awards        jsonb,
        content_hash  text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
        archived_at   timestamptz,
        updated_at    timestamptz NOT NULL DEFAULT now(),
        ${slug('track')}
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE track`);
    await queryRunner.query(`ALTER TABLE course DROP CONSTRAINT course_current_version_fk`);
    await queryRunner.query(`DROP TABLE course_version`);
    await queryRunner.query(`DROP TABLE course`);
    await queryRunner.query(`DROP TABLE competency`);
  }
}
