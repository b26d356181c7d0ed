import { MigrationInterface, QueryRunner } from 'typeorm';
import { rollupFunctions } from './reporting-rollups';

/**
 * report_status and report_week at four grains: with job class and work location (as before),
 * with only one of them, and with neither. On the 100,000-staff city the finest grain holds 1.5
 * million week rows for 2 million assignments — summing it is nearly a scan of the assignments —
 * while the view without job class or location (the city, a department) needs a few thousand.
 * `by_job_class` / `by_location` say which grain a row belongs to ('' in a column its grain leaves
 * out); each query reads exactly one grain. Keys lead with the grain and the attribute values so a
 * filtered query reads its slice by index.
 */
export class ReportingGrains1764000001400 implements MigrationInterface {
  name = 'ReportingGrains1764000001400';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['report_status', 'report_week']) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN by_job_class boolean NOT NULL DEFAULT true, ADD COLUMN by_location boolean NOT NULL DEFAULT true`);
      await q.query(`ALTER TABLE ${table} ALTER COLUMN by_job_class DROP DEFAULT, ALTER COLUMN by_location DROP DEFAULT, DROP CONSTRAINT ${table}_pkey`);
    }
    await q.query(`ALTER TABLE report_status ADD PRIMARY KEY (by_job_class, by_location, job_class, work_location, department_id, active, subject_id, state)`);
    await q.query(`ALTER TABLE report_week ADD PRIMARY KEY (kind, by_job_class, by_location, job_class, work_location, week, department_id, active, subject_id)`);
    for (const sql of rollupFunctions(2)) await q.query(sql);
    await q.query(`SELECT report_rebuild()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, key] of [
      ['report_status', 'department_id, job_class, work_location, active, subject_id, state'],
      ['report_week', 'kind, week, department_id, job_class, work_location, active, subject_id'],
    ]) {
      await q.query(`DELETE FROM ${table} WHERE NOT (by_job_class AND by_location)`);
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey, DROP COLUMN by_job_class, DROP COLUMN by_location`);
      await q.query(`ALTER TABLE ${table} ADD PRIMARY KEY (${key})`);
    }
    for (const sql of rollupFunctions(1)) await q.query(sql);
  }
}
