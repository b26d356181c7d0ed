import { MigrationInterface, QueryRunner } from 'typeorm';
import { rollupFunctions } from './reporting-rollups';

/**
 * Rollup functions version 7 (issue 18: assigning a track to the 20,000-person cohort). The same
 * deltas, worked out over fewer rows: a statement's assignment contributions are summed per key of
 * the finest grain before being spread over the four report_status and eight report_week grains.
 * The cohort's 19,599 new rows made 313,584 rows to group for report_week and 78,396 (sorted, spilled
 * to disk) for report_status; summed first, 147,216 and 36,804. The trigger functions also get
 * work_mem enough for those aggregates to hash in memory: report_week's were sorted by text columns,
 * spilled to disk (0.8 s). Sums are sums, so every delta row is the one version 6 wrote (checked on
 * the 30,000-staff city: the assign's 47,271 delta rows, the same); nothing is rebuilt.
 */
export class AssignRollupsPreAggregated1799700000002 implements MigrationInterface {
  name = 'AssignRollupsPreAggregated1799700000002';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of rollupFunctions(7)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of rollupFunctions(6)) await q.query(sql);
  }
}
