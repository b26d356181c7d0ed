import { MigrationInterface, QueryRunner } from 'typeorm';
import { rollupFunctions } from './reporting-rollups';

/**
 * The date rule (libs/shared/domain/src/due-dates.ts): a due date is a calendar day in the city's
 * time zone, due at the end of that day there.
 *
 * - `city_setting`: one row holding the city's time zone, which the api, the worker and the cli
 *   write from CITY_TIME_ZONE at start (`syncCityTimeZone`, rebuilding the rollups when it changed).
 *   This migration starts it from the connection's `equip.city_time_zone` setting (the migrate
 *   command passes CITY_TIME_ZONE), else America/New_York (CITY_TIME_ZONE's default).
 *   `city_time_zone()`, `city_day(t)`, `city_today()` and `city_midnight(d)` read it, so the SQL
 *   side of the rule has one zone, the same as the processes'.
 * - `assignment.due_at` and `cohort_assignment.due_at` (timestamptz) become `due_on` (date). Existing
 *   rows migrate by this rule, the one that gives each the day it was meant to be due:
 *     1. exactly 00:00:00 UTC → the previous UTC day (relative due dates were computed as the
 *        midnight UTC that ends day N);
 *     2. 23:59:59 (to the millisecond, or later within that second) UTC → that UTC day (the lead's
 *        form sent the chosen day as `T23:59:59.000Z`);
 *     3. any other instant → the city's day of that instant.
 *   Down puts `(due_on + 1) 00:00 UTC` back: the end of the day in UTC, which rule 1 maps back to the
 *   same day, so up → down → up is exact.
 * - A nudge's day (`nudge.requested_on`, one a day per assignment) is the city's day.
 * - The rollups (functions version 5) count due weeks and due days from `due_on`, and completion and
 *   training weeks in the city's weeks (`report_week_of(t, zone)`), and are rebuilt here.
 */
export class CityDueDays1798200000000 implements MigrationInterface {
  name = 'CityDueDays1798200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE city_setting (
        one_row    boolean PRIMARY KEY DEFAULT true CHECK (one_row),
        -- AT TIME ZONE refuses a zone PostgreSQL does not know, so a bad value cannot be stored.
        time_zone  text NOT NULL CHECK ((timestamptz '2000-01-01 00:00:00+00' AT TIME ZONE time_zone) IS NOT NULL),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO city_setting (time_zone) VALUES (COALESCE(NULLIF(current_setting('equip.city_time_zone', true), ''), 'America/New_York'))`);
    await q.query(`CREATE FUNCTION city_time_zone() RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT time_zone FROM city_setting $$`);
    await q.query(`CREATE FUNCTION city_day(t timestamptz) RETURNS date LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT (t AT TIME ZONE city_time_zone())::date $$`);
    await q.query(`CREATE FUNCTION city_today() RETURNS date LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT city_day(now()) $$`);
    await q.query(`CREATE FUNCTION city_midnight(d date) RETURNS timestamptz LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT d::timestamp AT TIME ZONE city_time_zone() $$`);
    // The week (Monday) of an instant in a zone; the rollups pass the city's, read once per statement.
    await q.query(`CREATE FUNCTION report_week_of(t timestamptz, zone text) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE
                   AS $$ SELECT date_trunc('week', t AT TIME ZONE zone)::date $$`);
    await q.query(`CREATE FUNCTION pg_temp.due_day(t timestamptz) RETURNS date LANGUAGE sql STABLE AS $$
      SELECT CASE WHEN t IS NULL THEN NULL
                  WHEN (t AT TIME ZONE 'UTC')::time = time '00:00:00' THEN (t AT TIME ZONE 'UTC')::date - 1
                  WHEN (t AT TIME ZONE 'UTC')::time >= time '23:59:59' THEN (t AT TIME ZONE 'UTC')::date
                  ELSE city_day(t) END $$`);
    // ALTER … TYPE rewrites the table without firing the rollup triggers; the rollups are rebuilt below.
    await q.query(`ALTER TABLE assignment ALTER COLUMN due_at TYPE date USING pg_temp.due_day(due_at)`);
    await q.query(`ALTER TABLE assignment RENAME COLUMN due_at TO due_on`);
    await q.query(`ALTER INDEX assignment_due_open RENAME TO assignment_due_on_open`);
    await q.query(`ALTER TABLE cohort_assignment ALTER COLUMN due_at TYPE date USING pg_temp.due_day(due_at)`);
    await q.query(`ALTER TABLE cohort_assignment RENAME COLUMN due_at TO due_on`);
    await q.query(`DROP FUNCTION pg_temp.due_day(timestamptz)`);

    // "At most one nudge per person and assignment a day": the city's day, not the UTC one.
    await q.query(`ALTER TABLE nudge ALTER COLUMN requested_on SET DEFAULT city_today()`);

    for (const sql of rollupFunctions(5)) await q.query(sql);
    // The UTC week of version 1–4: nothing uses it any more, and nothing should.
    await q.query(`DROP FUNCTION report_week_of(timestamptz)`);
    await q.query(`SELECT report_rebuild()`);
    await q.query(`ANALYZE report_week`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION report_week_of(t timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE
                   AS $$ SELECT date_trunc('week', t AT TIME ZONE 'UTC')::date $$`);
    await q.query(`ALTER TABLE cohort_assignment RENAME COLUMN due_on TO due_at`);
    await q.query(`ALTER TABLE cohort_assignment ALTER COLUMN due_at TYPE timestamptz USING ((due_at + 1)::timestamp AT TIME ZONE 'UTC')`);
    await q.query(`ALTER INDEX assignment_due_on_open RENAME TO assignment_due_open`);
    await q.query(`ALTER TABLE assignment RENAME COLUMN due_on TO due_at`);
    await q.query(`ALTER TABLE assignment ALTER COLUMN due_at TYPE timestamptz USING ((due_at + 1)::timestamp AT TIME ZONE 'UTC')`);
    for (const sql of rollupFunctions(4)) await q.query(sql);
    await q.query(`SELECT report_rebuild()`);
    await q.query(`ANALYZE report_week`);
    await q.query(`ALTER TABLE nudge ALTER COLUMN requested_on SET DEFAULT (now() AT TIME ZONE 'UTC')::date`);
    await q.query(`DROP FUNCTION report_week_of(timestamptz, text)`);
    await q.query(`DROP FUNCTION city_midnight(date), city_today(), city_day(timestamptz), city_time_zone()`);
    await q.query(`DROP TABLE city_setting`);
  }
}
