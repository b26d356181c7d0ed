import type { DataSource, EntityManager } from 'typeorm';

/**
 * How often the worker folds the rollups' pending deltas into their rows. Reads are exact either
 * way (they sum `<table>_live`); folding keeps the pending part small, so a read's probes of the
 * delta tables stay a few index pages.
 */
export const ROLLUP_FOLD_EVERY_MS = 3_000;

/**
 * `report_fold()`: every committed delta moved into its rollup row, in one transaction (one
 * statement on a DataSource; the caller's on an EntityManager); returns how many delta rows it
 * moved. One at a time across every worker: the function takes an advisory lock.
 */
export async function foldRollups(db: DataSource | EntityManager): Promise<number> {
  const [row]: { moved: string }[] = await db.query(`SELECT report_fold() AS moved`);
  return Number(row.moved);
}
