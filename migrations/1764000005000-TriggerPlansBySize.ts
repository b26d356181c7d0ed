import { MigrationInterface, QueryRunner } from 'typeorm';
import { rollupFunctions } from './reporting-rollups';

/**
 * The rollup trigger functions, version 4: a statement of more than SMALL_STATEMENT_ROWS rows is
 * planned for its own size instead of running the plan the connection's first call made. A roster
 * import that changed 10,000 people's job class after a one-row edit on the same pooled connection
 * ran for 70 s (a nested loop over both transition tables) instead of about 1 s. The rollups' rows
 * do not change, so nothing is rebuilt.
 */
export class TriggerPlansBySize1764000005000 implements MigrationInterface {
  name = 'TriggerPlansBySize1764000005000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of rollupFunctions(4)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of rollupFunctions(3)) await q.query(sql);
  }
}
