import { Injectable } from '@nestjs/common';
import type { CatalogSyncCounts } from '@equip/shared/contracts';
import type { QueryRunner } from 'typeorm';
import type { CatalogCompetency, CatalogCourse, CatalogTrack } from './content/catalog.model';

interface UpsertCounts {
  created: number;
  updated: number;
  archived: number;
  total: number;
}

const counts = ({ created, updated, archived, total }: UpsertCounts): CatalogSyncCounts => ({
  created,
  updated,
  archived,
  unchanged: total - created - updated,
});

// Which rows an upsert inserted rather than updated: a fresh row has no xmax.
const TALLY = `
  SELECT (SELECT count(*) FILTER (WHERE inserted) FROM upserted)::int AS created,
         (SELECT count(*) FILTER (WHERE NOT inserted) FROM upserted)::int AS updated,
         (SELECT count(*) FROM archived)::int AS archived,
         (SELECT count(*) FROM input)::int AS total`;

/**
 * The catalog's SQL. Each kind is synced with set-based statements whose input is one jsonb
 * parameter; a row is written only when its content differs, and rows whose files are gone are
 * archived, never deleted. Everything runs on the caller's QueryRunner, inside its transaction.
 */
@Injectable()
export class CatalogRepository {
  /** One sync at a time (api replicas may start together); held until the transaction ends. */
  async lock(runner: QueryRunner): Promise<void> {
    await runner.query(`SELECT pg_advisory_xact_lock(hashtext('equip.catalog-sync'))`);
  }

  async syncCompetencies(runner: QueryRunner, competencies: CatalogCompetency[]): Promise<CatalogSyncCounts> {
    const [row]: UpsertCounts[] = await runner.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS i (slug text, name text, description text, levels jsonb)
       ), upserted AS (
         INSERT INTO competency (slug, name, description, levels)
         SELECT slug, name, description, levels FROM input
         ON CONFLICT (slug) DO UPDATE
           SET name = EXCLUDED.name, description = EXCLUDED.description, levels = EXCLUDED.levels, archived_at = NULL
           WHERE (competency.name, competency.description, competency.levels, competency.archived_at)
                 IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.description, EXCLUDED.levels, NULL)
         RETURNING (xmax = 0) AS inserted
       ), archived AS (
         UPDATE competency SET archived_at = now()
          WHERE archived_at IS NULL AND slug NOT IN (SELECT slug FROM input)
         RETURNING 1
       )${TALLY}`,
      [JSON.stringify(competencies)],
    );
    return counts(row);
  }

  async syncTracks(runner: QueryRunner, tracks: CatalogTrack[]): Promise<CatalogSyncCounts> {
    const input = tracks.map((t) => ({ ...t, content_hash: t.contentHash }));
    const [row]: UpsertCounts[] = await runner.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS i (slug text, title text, summary text, audience text, steps jsonb, awards jsonb, content_hash text)
       ), upserted AS (
         INSERT INTO track (slug, title, summary, audience, steps, awards, content_hash)
         SELECT slug, title, summary, audience, steps, NULLIF(awards, 'null'::jsonb), content_hash FROM input
         ON CONFLICT (slug) DO UPDATE
           SET title = EXCLUDED.title, summary = EXCLUDED.summary, audience = EXCLUDED.audience, steps = EXCLUDED.steps,
               awards = EXCLUDED.awards, content_hash = EXCLUDED.content_hash, archived_at = NULL, updated_at = now()
           WHERE track.content_hash <> EXCLUDED.content_hash OR track.archived_at IS NOT NULL
         RETURNING (xmax = 0) AS inserted
       ), archived AS (
         UPDATE track SET archived_at = now(), updated_at = now()
          WHERE archived_at IS NULL AND slug NOT IN (SELECT slug FROM input)
         RETURNING 1
       )${TALLY}`,
      [JSON.stringify(input)],
    );
    return counts(row);
  }

  /**
   * Makes each course's current version the one with its content hash, inserting that version
   * (numbered after the course's last) only when the course has never had this content. Existing
   * versions are never updated: learners in progress hold their ids.
   */
  async syncCourses(runner: QueryRunner, courses: CatalogCourse[]): Promise<CatalogSyncCounts & { versionsCreated: number }> {
    const slugs = courses.map((c) => c.slug);
    const created: { id: string }[] = await runner.query(
      `INSERT INTO course (slug) SELECT unnest($1::text[]) ON CONFLICT (slug) DO NOTHING RETURNING id`,
      [slugs],
    );
    // Only content never published before is sent with its lessons; the rest is known by its hash.
    const known: { slug: string; content_hash: string }[] = await runner.query(
      `SELECT c.slug, v.content_hash FROM course c JOIN course_version v ON v.course_id = c.id WHERE c.slug = ANY($1::text[])`,
      [slugs],
    );
    const knownHashes = new Set(known.map((k) => `${k.slug} ${k.content_hash}`));
    const fresh = courses
      .filter((c) => !knownHashes.has(`${c.slug} ${c.contentHash}`))
      .map((c) => ({
        slug: c.slug,
        content_hash: c.contentHash,
        title: c.title,
        summary: c.summary,
        audience: c.audience,
        estimated_minutes: c.estimatedMinutes,
        competencies: c.competencies,
        prerequisites: c.prerequisites,
        tags: c.tags,
        lessons: c.lessons,
      }));
    let versionsCreated = 0;
    if (fresh.length > 0) {
      const inserted: { id: string }[] = await runner.query(
        `INSERT INTO course_version
           (course_id, version, content_hash, title, summary, audience, estimated_minutes, competencies, prerequisites, tags, lessons)
         SELECT c.id, coalesce((SELECT max(v.version) FROM course_version v WHERE v.course_id = c.id), 0) + 1,
                i.content_hash, i.title, i.summary, i.audience, i.estimated_minutes, i.competencies, i.prerequisites, i.tags, i.lessons
           FROM jsonb_to_recordset($1::jsonb) AS i (slug text, content_hash text, title text, summary text, audience text,
                  estimated_minutes integer, competencies jsonb, prerequisites text[], tags text[], lessons jsonb)
           JOIN course c ON c.slug = i.slug
         ON CONFLICT (course_id, content_hash) DO NOTHING
         RETURNING id`,
        [JSON.stringify(fresh)],
      );
      versionsCreated = inserted.length;
    }
    // UPDATE answers [rows, count] unless asked for the structured result
    const changed: { records: { id: string }[] } = await runner.query(
      `UPDATE course c SET current_version_id = v.id, archived_at = NULL
         FROM jsonb_to_recordset($1::jsonb) AS i (slug text, content_hash text)
         JOIN course_version v ON v.content_hash = i.content_hash
        WHERE c.slug = i.slug AND v.course_id = c.id
          AND (c.current_version_id IS DISTINCT FROM v.id OR c.archived_at IS NOT NULL)
       RETURNING c.id`,
      [JSON.stringify(courses.map((c) => ({ slug: c.slug, content_hash: c.contentHash })))],
      true,
    );
    const archived: { records: unknown[] } = await runner.query(
      `UPDATE course SET archived_at = now() WHERE archived_at IS NULL AND NOT (slug = ANY($1::text[])) RETURNING id`,
      [slugs],
      true,
    );
    const createdIds = new Set(created.map((r) => r.id));
    const updated = changed.records.filter((r) => !createdIds.has(r.id)).length;
    return { ...counts({ created: created.length, updated, archived: archived.records.length, total: courses.length }), versionsCreated };
  }
}
