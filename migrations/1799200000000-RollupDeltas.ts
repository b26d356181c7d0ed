import { MigrationInterface, QueryRunner } from 'typeorm';
import { ROLLUP_TABLES, rollupFunctions } from './reporting-rollups';

/** Rollup pages are filled to this percent, leaving room for the fold's updates to stay on their page (HOT). */
const ROLLUP_FILLFACTOR = 85;

/**
 * Rollup functions version 6 (issue 18): completions no longer queue on the city-wide rollup rows.
 *
 * Until now every trigger upserted its counts into the rollup rows, and a row stays locked until
 * its transaction commits. Every completion in the city updates the same whole-city report_week rows
 * (and its department's coarse grains), so 50 learners completing at once spent 71 % of their
 * connection time waiting on one another (`Lock:transactionid`) and managed 0.23× the completions
 * per second of the same writes without the triggers.
 *
 * Now each trigger appends its signed counts to the rollup's delta table (`<table>_delta`: the
 * rollup's columns, no key, so an insert never waits on another transaction) and `report_fold()`
 * moves committed deltas into the rollup rows in one transaction (the worker calls it every few
 * seconds). Reads go through `<table>_live`, the rollup rows and the pending deltas UNION ALL, and
 * sum them per key as they already did, so every figure is exact whether folded or not. Each delta
 * table is indexed like its rollup's key, so the reads' index probes (weekProbe) probe both alike.
 *
 * The rollup rows keep their meaning; they are rewritten once (a rebuild) to leave room on each page
 * for the fold's in-place updates. The delta tables are logged: an unlogged one would be emptied by
 * a crash and the rollups would silently lose counts, and a standby (the read replica reporting
 * reads from) cannot read unlogged tables at all.
 */
export class RollupDeltas1799200000000 implements MigrationInterface {
  name = 'RollupDeltas1799200000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, key] of Object.entries(ROLLUP_TABLES)) {
      // The rollup's columns and NOT NULLs, none of its constraints: the checks held when counted.
      // Vacuumed after every 10,000 dead rows rather than a fifth of the table: it is emptied every few seconds.
      await q.query(`CREATE TABLE ${table}_delta (LIKE ${table}) WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000, autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 10000)`);
      await q.query(`CREATE INDEX ${table}_delta_key ON ${table}_delta (${key.join(', ')})`);
      const columns = [...key, 'n'].join(', ');
      await q.query(`CREATE VIEW ${table}_live AS SELECT ${columns} FROM ${table} UNION ALL SELECT ${columns} FROM ${table}_delta`);
    }
    for (const sql of rollupFunctions(6)) await q.query(sql);
    // The fold updates rollup rows in place, and almost none of those updates were HOT (28 of 7,090
    // on the 30,000-staff city): a full page puts the new version on another page and adds it to the
    // ten-column key's index too. Room on every page keeps an update on its page, out of the index.
    // The rebuild writes the rows again with that room (the rows mean the same as before).
    for (const table of Object.keys(ROLLUP_TABLES)) await q.query(`ALTER TABLE ${table} SET (fillfactor = ${ROLLUP_FILLFACTOR})`);
    await q.query(`SELECT report_rebuild()`);
    await q.query(`ANALYZE ${Object.keys(ROLLUP_TABLES).join(', ')}`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Pending deltas first, with version 6's fold, then the upserting triggers of version 5.
    await q.query(`SELECT report_fold()`);
    await q.query(`DROP FUNCTION report_fold()`);
    for (const sql of rollupFunctions(5)) await q.query(sql);
    for (const table of Object.keys(ROLLUP_TABLES)) await q.query(`DROP VIEW ${table}_live; DROP TABLE ${table}_delta; ALTER TABLE ${table} RESET (fillfactor)`);
  }
}
