import { MigrationInterface, QueryRunner } from 'typeorm';
import { CITY_DEPARTMENT, rollupFunctions } from './reporting-rollups';

/**
 * report_week gains two things the dashboard reads (rollup functions version 3):
 * - a whole-city grain (`by_department` false, department_id the nil uuid): the city's weekly
 *   series summed one row per department, 240 rows a week on the 100,000-staff city, where a
 *   city-wide row per subject and attribute grain is a handful;
 * - 'due_day': open current assignments by due day (UTC) beside 'due' by week, so the partial
 *   weeks of "overdue now" and "due in the next 30 days" come from the rollup, and only today's due
 *   dates (split at the instant of the request) from the base tables.
 */
export class ReportingCityAndDays1764000001500 implements MigrationInterface {
  name = 'ReportingCityAndDays1764000001500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE report_week ADD COLUMN by_department boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE report_week ALTER COLUMN by_department DROP DEFAULT, DROP CONSTRAINT report_week_pkey, DROP CONSTRAINT report_week_kind_check,
                   ADD CONSTRAINT report_week_kind_check CHECK (kind IN ('due', 'due_day', 'completed', 'trained')),
                   ADD CONSTRAINT report_week_city_check CHECK (by_department OR department_id = '${CITY_DEPARTMENT}')`);
    // The department before the week: a read of some departments (a lead's) probes each one's weeks,
    // and the whole city is one department (the nil uuid) of its own grain.
    await q.query(`ALTER TABLE report_week ADD PRIMARY KEY (kind, by_department, by_job_class, by_location, job_class, work_location, department_id, week, active, subject_id)`);
    for (const sql of rollupFunctions(3)) await q.query(sql);
    await q.query(`SELECT report_rebuild()`);
    // Statistics for the rebuilt table now, not at autovacuum's next pass: without them the planner
    // takes 'due_day' for rare and scans the grain instead of probing the days.
    await q.query(`ANALYZE report_week`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM report_week WHERE NOT by_department OR kind = 'due_day'`);
    await q.query(`ALTER TABLE report_week DROP CONSTRAINT report_week_pkey, DROP CONSTRAINT report_week_city_check, DROP CONSTRAINT report_week_kind_check, DROP COLUMN by_department,
                   ADD CONSTRAINT report_week_kind_check CHECK (kind IN ('due', 'completed', 'trained'))`);
    await q.query(`ALTER TABLE report_week ADD PRIMARY KEY (kind, by_job_class, by_location, job_class, work_location, week, department_id, active, subject_id)`);
    for (const sql of rollupFunctions(2)) await q.query(sql);
  }
}
