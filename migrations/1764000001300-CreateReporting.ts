import { MigrationInterface, QueryRunner } from 'typeorm';

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
 * What is counted (libs/server/reporting/README.md says why):
 * - report_status / report_tenure: the current cycle of each assignment (one with no successor
 *   pointing at it through previous_assignment_id) by state — exempt > completed > open, the
 *   one status rule without its time-dependent split; "overdue" is open and due before now.
 * - report_week: 'due' — current open assignments with a due date, by due week (Monday, UTC), so
 *   "overdue now" and "due in the next 30 days" are computed at query time; 'completed' — every
 *   completion (any cycle, not exempt) by week; 'trained' — track completions by week.
 * - report_staff: staff; report_competency: competency awards (staff per level).
 * Staff attributes are keyed with '' for a missing job class or location and 0 for a missing hire year.
 */
const STAFF_DIMS = `s.department_id, COALESCE(s.job_class, '') AS job_class, COALESCE(s.work_location, '') AS work_location, s.active`;

/**
 * One row per assignment of `source` (alias a) joined to staff rows `staffSource` (alias s), signed.
 * `completions` false: only what depends on being the current cycle (a cycle superseded or made
 * current again keeps its completion in the series).
 */
function assignmentContributions(source: string, staffSource: string, sign: number, current: string, completions = true): string {
  return `SELECT ${STAFF_DIMS}, COALESCE(extract(year FROM s.hire_date)::int, 0) AS hire_year,
                 COALESCE(a.course_id, a.track_id) AS subject_id,
                 CASE WHEN a.exempted_at IS NOT NULL THEN 'exempt' WHEN a.completed_at IS NOT NULL THEN 'completed' ELSE 'open' END AS state,
                 ${current} AS current,
                 CASE WHEN a.exempted_at IS NULL AND a.completed_at IS NULL AND a.due_at IS NOT NULL THEN report_week_of(a.due_at) END AS due_week,
                 ${completions ? 'CASE WHEN a.exempted_at IS NULL AND a.completed_at IS NOT NULL THEN report_week_of(a.completed_at) END' : 'NULL::date'} AS completed_week,
                 ${sign} AS sign
            FROM ${source} a JOIN ${staffSource} s ON s.id = a.staff_id`;
}

const IS_CURRENT = `NOT EXISTS (SELECT 1 FROM assignment nx WHERE nx.previous_assignment_id = a.id)`;

/** Applies signed contributions `d` to the assignment rollups in one statement. */
function applyAssignmentDelta(d: string, ctes = ''): string {
  const dims = 'department_id, job_class, work_location, active';
  return `WITH ${ctes}d AS MATERIALIZED (${d}),
    st AS (INSERT INTO report_status AS r (${dims}, subject_id, state, n)
           SELECT ${dims}, subject_id, state, sum(sign) FROM d WHERE current GROUP BY ${dims}, subject_id, state HAVING sum(sign) <> 0
           ORDER BY ${dims}, subject_id, state
           ON CONFLICT (${dims}, subject_id, state) DO UPDATE SET n = r.n + excluded.n),
    te AS (INSERT INTO report_tenure AS r (department_id, active, hire_year, subject_id, state, n)
           SELECT department_id, active, hire_year, subject_id, state, sum(sign) FROM d WHERE current GROUP BY department_id, active, hire_year, subject_id, state HAVING sum(sign) <> 0
           ORDER BY department_id, active, hire_year, subject_id, state
           ON CONFLICT (department_id, active, hire_year, subject_id, state) DO UPDATE SET n = r.n + excluded.n)
    INSERT INTO report_week AS r (kind, week, ${dims}, subject_id, n)
    SELECT kind, week, ${dims}, subject_id, sum(sign) FROM (
      SELECT 'due' AS kind, due_week AS week, ${dims}, subject_id, sign FROM d WHERE current AND due_week IS NOT NULL
      UNION ALL SELECT 'completed', completed_week, ${dims}, subject_id, sign FROM d WHERE completed_week IS NOT NULL) w
    GROUP BY kind, week, ${dims}, subject_id HAVING sum(sign) <> 0
    ORDER BY kind, week, ${dims}, subject_id
    ON CONFLICT (kind, week, ${dims}, subject_id) DO UPDATE SET n = r.n + excluded.n`;
}

/** Track completions as 'trained' weeks, competency awards and staff counts, for staff rows `staffSource`. */
function staffSideDelta(trackSource: string, awardSource: string, staffSource: string, sign: number, ctes = ''): string[] {
  const w = ctes ? `WITH ${ctes.replace(/,\s*$/, '')} ` : '';
  const dims = 'department_id, job_class, work_location, active';
  return [
    `${w}INSERT INTO report_week AS r (kind, week, ${dims}, subject_id, n)
     SELECT 'trained', report_week_of(t.completed_at), ${STAFF_DIMS}, t.track_id, ${sign} * count(*) FROM ${trackSource} t JOIN ${staffSource} s ON s.id = t.staff_id
      GROUP BY 2, 3, 4, 5, 6, 7 ORDER BY 2, 3, 4, 5, 6, 7
     ON CONFLICT (kind, week, ${dims}, subject_id) DO UPDATE SET n = r.n + excluded.n`,
    `${w}INSERT INTO report_competency AS r (${dims}, competency_id, level_rank, n)
     SELECT ${STAFF_DIMS}, c.competency_id, c.level_rank, ${sign} * count(*) FROM ${awardSource} c JOIN ${staffSource} s ON s.id = c.staff_id
      GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
     ON CONFLICT (${dims}, competency_id, level_rank) DO UPDATE SET n = r.n + excluded.n`,
  ];
}

function staffCountDelta(staffSource: string, sign: number, ctes = ''): string {
  const dims = 'department_id, job_class, work_location, active';
  return `${ctes ? `WITH ${ctes.replace(/,\s*$/, '')} ` : ''}INSERT INTO report_staff AS r (${dims}, n)
          SELECT ${STAFF_DIMS}, ${sign} * count(*) FROM ${staffSource} s GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
          ON CONFLICT (${dims}) DO UPDATE SET n = r.n + excluded.n`;
}

/**
 * A statement-level trigger function. `jit = off`: transition tables carry no statistics, so the
 * planner's cost estimates for these statements run into the millions and JIT compilation (seconds)
 * would dwarf the work (milliseconds).
 */
function fn(name: string, body: string[]): string {
  return `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $fn$
BEGIN
  ${body.map((s) => `${s};`).join('\n  ')}
  RETURN NULL;
END $fn$`;
}

// A predecessor that a new row supersedes stops being current (unless it came in the same statement).
const SUPERSEDED = (rows: string) => `(SELECT p.* FROM assignment p WHERE p.id IN (SELECT previous_assignment_id FROM ${rows} WHERE previous_assignment_id IS NOT NULL)
                                        AND p.id NOT IN (SELECT id FROM ${rows}))`;

/**
 * Staff whose counted attributes changed, old and new side by side, computed once per statement
 * (a MATERIALIZED CTE: no transition table is joined again inside another subquery, which the
 * planner could turn into a nested loop over both).
 */
const STAFF_COLUMNS = ['department_id', 'job_class', 'work_location', 'active', 'hire_date'];
const CHANGED_CTE = `changed AS MATERIALIZED (
    SELECT o.id, ${STAFF_COLUMNS.map((c) => `o.${c} AS old_${c}, n.${c} AS new_${c}`).join(', ')}
      FROM old_rows o JOIN new_rows n ON n.id = o.id
     WHERE (${STAFF_COLUMNS.map((c) => `o.${c}`).join(', ')}) IS DISTINCT FROM (${STAFF_COLUMNS.map((c) => `n.${c}`).join(', ')})),
  `;
const changedSide = (side: 'old' | 'new') => `(SELECT id, ${STAFF_COLUMNS.map((c) => `${side}_${c} AS ${c}`).join(', ')} FROM changed)`;

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

    await q.query(fn('report_assignment_inserted', [
      applyAssignmentDelta(`${assignmentContributions('new_rows', 'staff', 1, IS_CURRENT)}
        UNION ALL ${assignmentContributions(SUPERSEDED('new_rows'), 'staff', -1, 'true', false)}`),
    ]));
    await q.query(fn('report_assignment_updated', [
      applyAssignmentDelta(`${assignmentContributions('old_rows', 'staff', -1, IS_CURRENT)}
        UNION ALL ${assignmentContributions('new_rows', 'staff', 1, IS_CURRENT)}`),
    ]));
    await q.query(fn('report_assignment_deleted', [
      applyAssignmentDelta(`${assignmentContributions('old_rows', 'staff', -1, IS_CURRENT)}
        UNION ALL ${assignmentContributions(SUPERSEDED('old_rows'), 'staff', 1, IS_CURRENT, false)}`),
    ]));
    await q.query(`CREATE TRIGGER report_assignment_insert AFTER INSERT ON assignment REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_assignment_inserted()`);
    await q.query(`CREATE TRIGGER report_assignment_update AFTER UPDATE ON assignment REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_assignment_updated()`);
    await q.query(`CREATE TRIGGER report_assignment_delete AFTER DELETE ON assignment REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_assignment_deleted()`);

    // Staff: counts, and a move (department, job class, location, hire date, active) carries every count with it.
    const moved = (side: 'old' | 'new', sign: number) => [
      applyAssignmentDelta(assignmentContributions('assignment', changedSide(side), sign, IS_CURRENT), CHANGED_CTE),
      ...staffSideDelta('track_completion', 'competency_award', changedSide(side), sign, CHANGED_CTE),
      staffCountDelta(changedSide(side), sign, CHANGED_CTE),
    ];
    await q.query(fn('report_staff_inserted', [staffCountDelta('new_rows', 1)]));
    await q.query(fn('report_staff_updated', [...moved('old', -1), ...moved('new', 1)]));
    await q.query(fn('report_staff_deleted', [staffCountDelta('old_rows', -1)]));
    await q.query(`CREATE TRIGGER report_staff_insert AFTER INSERT ON staff REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_staff_inserted()`);
    await q.query(`CREATE TRIGGER report_staff_update AFTER UPDATE ON staff REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_staff_updated()`);
    await q.query(`CREATE TRIGGER report_staff_delete AFTER DELETE ON staff REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_staff_deleted()`);

    // Track completions and competency awards.
    const none = '(SELECT * FROM competency_award WHERE false)';
    const noTrack = '(SELECT * FROM track_completion WHERE false)';
    await q.query(fn('report_track_completion_inserted', [staffSideDelta('new_rows', none, 'staff', 1)[0]]));
    await q.query(fn('report_track_completion_deleted', [staffSideDelta('old_rows', none, 'staff', -1)[0]]));
    await q.query(fn('report_track_completion_updated', [staffSideDelta('old_rows', none, 'staff', -1)[0], staffSideDelta('new_rows', none, 'staff', 1)[0]]));
    await q.query(`CREATE TRIGGER report_track_completion_insert AFTER INSERT ON track_completion REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_track_completion_inserted()`);
    await q.query(`CREATE TRIGGER report_track_completion_update AFTER UPDATE ON track_completion REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_track_completion_updated()`);
    await q.query(`CREATE TRIGGER report_track_completion_delete AFTER DELETE ON track_completion REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_track_completion_deleted()`);
    await q.query(fn('report_competency_award_inserted', [staffSideDelta(noTrack, 'new_rows', 'staff', 1)[1]]));
    await q.query(fn('report_competency_award_deleted', [staffSideDelta(noTrack, 'old_rows', 'staff', -1)[1]]));
    await q.query(fn('report_competency_award_updated', [staffSideDelta(noTrack, 'old_rows', 'staff', -1)[1], staffSideDelta(noTrack, 'new_rows', 'staff', 1)[1]]));
    await q.query(`CREATE TRIGGER report_competency_award_insert AFTER INSERT ON competency_award REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_competency_award_inserted()`);
    await q.query(`CREATE TRIGGER report_competency_award_update AFTER UPDATE ON competency_award REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_competency_award_updated()`);
    await q.query(`CREATE TRIGGER report_competency_award_delete AFTER DELETE ON competency_award REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_competency_award_deleted()`);

    // The repair: every rollup recomputed from the base tables, in the caller's transaction.
    await q.query(`CREATE FUNCTION report_rebuild() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  TRUNCATE report_status, report_tenure, report_week, report_staff, report_competency;
  ${applyAssignmentDelta(assignmentContributions('assignment', 'staff', 1, IS_CURRENT))};
  ${staffSideDelta('track_completion', 'competency_award', 'staff', 1).join(';\n  ')};
  ${staffCountDelta('staff', 1)};
END $fn$`);

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
    for (const [table, events] of [['assignment', ['insert', 'update', 'delete']], ['staff', ['insert', 'update', 'delete']], ['track_completion', ['insert', 'update', 'delete']], ['competency_award', ['insert', 'update', 'delete']]] as const) {
      for (const e of events) await q.query(`DROP TRIGGER report_${table}_${e} ON ${table}`);
      for (const e of ['inserted', 'updated', 'deleted']) await q.query(`DROP FUNCTION report_${table}_${e}()`);
    }
    await q.query(`DROP FUNCTION report_rebuild()`);
    await q.query(`DROP INDEX assignment_completed_at`);
    await q.query(`DROP INDEX assignment_previous`);
    await q.query(`DROP TABLE report_competency, report_staff, report_week, report_tenure, report_status`);
    await q.query(`DROP FUNCTION report_week_of(timestamptz)`);
  }
}
