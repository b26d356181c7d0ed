import { MigrationInterface, QueryRunner } from 'typeorm';
import { ROLLUP_EVENTS, ROLLUP_SOURCES, rollupFunctions } from './reporting-rollups';

/**
 * Reporting rollups, recorded equity indicators and monthly progression snapshots.
 *
 * The rollups are counts kept current by statement-level triggers with transition tables, in the
 * transaction that changes the facts: a set-based write of 20,000 assignments updates them in one
 * statement, and a roster import that moves people between departments (or changes their job
 * class, location, hire date or active flag) moves their counts. The dashboard reads them instead
 * of scanning assignments. `report_rebuild()` recomputes them all from the base tables (after a
 * bulk load with the triggers off, or as a repair: `npm run reporting:rebuild`).
 *
 * What is counted, and the trigger functions: ./reporting-rollups.ts.
 */
export class CreateReporting1764000001300 implements MigrationInterface {
  name = 'CreateReporting1764000001300';

  async up(q: QueryRunner): Promise<void> {
    const dims = `department_id uuid NOT NULL, job_class text NOT NULL, work_location text NOT NULL, active boolean NOT NULL`;
    await q.query(`CREATE FUNCTION report_week_of(t timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE
                   AS $$ SELECT date_trunc('week', t AT TIME ZONE 'UTC')::date $$`);
    await q.query(`CREATE TABLE report_status (${dims}, subject_id uuid NOT NULL, state text NOT NULL CHECK (state IN ('open', 'completed', 'exempt')), n bigint NOT NULL,
                   PRIMARY KEY (department_id, job_class, work_location, active, subject_id, state))`);
    await q.query(`CREATE TABLE report_tenure (department_id uuid NOT NULL, active boolean NOT NULL, hire_year integer NOT NULL, subject_id uuid NOT NULL,
                   state text NOT NULL CHECK (state IN ('open', 'completed', 'exempt')), n bigint NOT NULL,
                   PRIMARY KEY (department_id, active, hire_year, subject_id, state))`);
    await q.query(`CREATE TABLE report_week (kind text NOT NULL CHECK (kind IN ('due', 'completed', 'trained')), week date NOT NULL, ${dims}, subject_id uuid NOT NULL, n bigint NOT NULL,
                   PRIMARY KEY (kind, week, department_id, job_class, work_location, active, subject_id))`);
    await q.query(`CREATE TABLE report_staff (${dims}, n bigint NOT NULL, PRIMARY KEY (department_id, job_class, work_location, active))`);
    await q.query(`CREATE TABLE report_competency (${dims}, competency_id uuid NOT NULL, level_rank integer NOT NULL, n bigint NOT NULL,
                   PRIMARY KEY (department_id, job_class, work_location, active, competency_id, level_rank))`);

    // "Is this assignment the current cycle?" and completions near a quarter's start, by index.
    await q.query(`CREATE INDEX assignment_previous ON assignment (previous_assignment_id) WHERE previous_assignment_id IS NOT NULL`);
    await q.query(`CREATE INDEX assignment_completed_at ON assignment (completed_at) WHERE completed_at IS NOT NULL AND exempted_at IS NULL`);

    for (const sql of rollupFunctions(1)) await q.query(sql);
    for (const table of ROLLUP_SOURCES) {
      for (const [event, fnEvent, transition] of ROLLUP_EVENTS) {
        await q.query(`CREATE TRIGGER report_${table}_${event} AFTER ${event.toUpperCase()} ON ${table} REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION report_${table}_${fnEvent}()`);
      }
    }

    await q.query(`
      CREATE TABLE indicator_record (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        department_id  uuid NOT NULL REFERENCES department (id) ON DELETE RESTRICT,
        indicator      text NOT NULL CHECK (indicator ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        -- a number (percent indicators) or a boolean
        value          jsonb NOT NULL CHECK (jsonb_typeof(value) IN ('number', 'boolean')),
        recorded_on    date NOT NULL,
        evidence_url   text NOT NULL CHECK (evidence_url ~ '^https?://'),
        note           text,
        recorded_by    uuid REFERENCES staff (id) ON DELETE RESTRICT,
        recorded_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX indicator_record_department ON indicator_record (department_id, indicator, recorded_on DESC, recorded_at DESC)`);

    // One row per department and month; taking a month's snapshot again replaces it.
    await q.query(`
      CREATE TABLE progression_snapshot (
        department_id  uuid NOT NULL REFERENCES department (id) ON DELETE RESTRICT,
        month          date NOT NULL CHECK (extract(day FROM month) = 1),
        stage          text CHECK (stage IN ('emerging', 'developing', 'practicing', 'embedded')),
        indicators     jsonb NOT NULL CHECK (jsonb_typeof(indicators) = 'array'),
        taken_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (department_id, month)
      )`);

    await q.query(`SELECT report_rebuild()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE progression_snapshot`);
    await q.query(`DROP TABLE indicator_record`);
    for (const table of ROLLUP_SOURCES) {
      for (const [event, fnEvent] of ROLLUP_EVENTS) {
        await q.query(`DROP TRIGGER report_${table}_${event} ON ${table}`);
        await q.query(`DROP FUNCTION report_${table}_${fnEvent}()`);
      }
    }
    await q.query(`DROP FUNCTION report_rebuild()`);
    await q.query(`DROP INDEX assignment_completed_at`);
    await q.query(`DROP INDEX assignment_previous`);
    await q.query(`DROP TABLE report_competency, report_staff, report_week, report_tenure, report_status`);
    await q.query(`DROP FUNCTION report_week_of(timestamptz)`);
  }
}
