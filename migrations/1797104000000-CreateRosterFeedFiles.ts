import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The scheduled roster feed: each file the worker found in ROSTER_FEED_DIR, kept in the file store
 * and recorded once by its sha256, whatever number of workers looked at the folder and however
 * often. `state` says what became of it: `received` (being handled), `applied` (imported without
 * anyone's confirmation, or applied later by an administrator), `held` (waiting for an
 * administrator: it needs a typed confirmation), `refused` (it has problems) or `discarded`.
 * `roster_import.via` gains `feed`.
 */
export class CreateRosterFeedFiles1797104000000 implements MigrationInterface {
  name = 'CreateRosterFeedFiles1797104000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE roster_feed_file (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        file_name    text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 1000),
        storage_key  text NOT NULL,
        size         bigint NOT NULL CHECK (size >= 0),
        found_at     timestamptz NOT NULL DEFAULT now(),
        state        text NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'applied', 'held', 'refused', 'discarded')),
        import_id    uuid REFERENCES roster_import (id),
        held_reason  text,
        decided_by   uuid REFERENCES staff (id) ON DELETE SET NULL,
        decided_at   timestamptz,
        -- held: how many people it deactivates, the number an administrator types back to apply it
        deactivate   integer CHECK (deactivate >= 0),
        CONSTRAINT roster_feed_file_sha256_key UNIQUE (sha256)
      )`);
    // The list, newest first.
    await q.query(`CREATE INDEX roster_feed_file_found_idx ON roster_feed_file (found_at DESC, id DESC)`);
    await q.query(`ALTER TABLE roster_import DROP CONSTRAINT roster_import_via_check`);
    await q.query(`ALTER TABLE roster_import ADD CONSTRAINT roster_import_via_check CHECK (via IN ('upload', 'cli', 'feed'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE roster_feed_file`);
    // The feed's imports stay, recorded as the cli's (the nearest kind: no administrator ran them).
    await q.query(`UPDATE roster_import SET via = 'cli' WHERE via = 'feed'`);
    await q.query(`ALTER TABLE roster_import DROP CONSTRAINT roster_import_via_check`);
    await q.query(`ALTER TABLE roster_import ADD CONSTRAINT roster_import_via_check CHECK (via IN ('upload', 'cli'))`);
  }
}
