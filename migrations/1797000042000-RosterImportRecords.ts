import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every real roster import is recorded, with the change it made person by person, so it can be
 * listed, exported and undone without anything else.
 *
 * - `roster_import`: who ran it (null for the cli), when, how, the file's name and sha256, the
 *   counts, and whether it was applied or refused (with the problems that refused it). An undo is
 *   a row too (`mode = 'undo'`, `undoes` the import it reverses); an import is undone at most once.
 * - `roster_import_change`: one row per person it added, changed, deactivated or reactivated, with
 *   the roster's fields before and after (`email`, names, `department_id`, job fields, `manager_id`,
 *   `hire_date`, `active`), enough to put each person back.
 */
export class RosterImportRecords1797000042000 implements MigrationInterface {
  name = 'RosterImportRecords1797000042000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE roster_import (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        at           timestamptz NOT NULL DEFAULT now(),
        actor_id     uuid REFERENCES staff (id) ON DELETE SET NULL,
        via          text NOT NULL CHECK (via IN ('upload', 'cli')),
        mode         text NOT NULL CHECK (mode IN ('full', 'changes-only', 'undo')),
        file_name    text CHECK (length(file_name) <= 1000),
        file_sha256  text CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
        status       text NOT NULL CHECK (status IN ('applied', 'refused')),
        rows         integer NOT NULL CHECK (rows >= 0),
        added        integer NOT NULL CHECK (added >= 0),
        changed      integer NOT NULL CHECK (changed >= 0),
        deactivated  integer NOT NULL CHECK (deactivated >= 0),
        reactivated  integer NOT NULL CHECK (reactivated >= 0),
        unchanged    integer NOT NULL CHECK (unchanged >= 0),
        problems     jsonb NOT NULL DEFAULT '[]',
        confirmed    boolean NOT NULL DEFAULT false,
        undoes       uuid REFERENCES roster_import (id),
        CONSTRAINT roster_import_undo_has_target CHECK ((mode = 'undo') = (undoes IS NOT NULL)),
        CONSTRAINT roster_import_file_has_hash CHECK (mode = 'undo' OR file_sha256 IS NOT NULL)
      )`);
    // The list, newest first.
    await q.query(`CREATE INDEX roster_import_at_idx ON roster_import (at DESC, id DESC)`);
    // An import is undone once: a second applied undo of it cannot commit.
    await q.query(`CREATE UNIQUE INDEX roster_import_undone_once ON roster_import (undoes) WHERE status = 'applied'`);

    await q.query(`
      CREATE TABLE roster_import_change (
        import_id  uuid NOT NULL REFERENCES roster_import (id) ON DELETE CASCADE,
        -- checked at commit: an import records the people it adds before the merge that adds them
        staff_id   uuid NOT NULL REFERENCES staff (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        line       integer NOT NULL,
        kind       text NOT NULL CHECK (kind IN ('added', 'changed', 'deactivated', 'reactivated')),
        before     jsonb,
        after      jsonb NOT NULL,
        CONSTRAINT roster_import_change_pk PRIMARY KEY (import_id, staff_id),
        CONSTRAINT roster_import_change_added_has_no_before CHECK ((kind = 'added') = (before IS NULL))
      )`);
    // "Did a later import change these people?", asked by an undo.
    await q.query(`CREATE INDEX roster_import_change_staff_idx ON roster_import_change (staff_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE roster_import_change`);
    await q.query(`DROP TABLE roster_import`);
  }
}
