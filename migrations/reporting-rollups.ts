/**
 * The reporting rollups' trigger functions and `report_rebuild()`, as SQL, in four versions, one
 * per migration that uses them (each migration's down puts the version before back):
 * 1. CreateReporting: the rollups at one grain.
 * 2. ReportingGrains: report_status and report_week also kept without job class, without work
 *    location and without either, so an unfiltered view sums a few thousand rows instead of one per
 *    assignment.
 * 3. ReportingCityAndDays: report_week also kept for the whole city (`by_department` false,
 *    department_id the nil uuid), so a city-wide series sums a few rows per week instead of one per
 *    department; and open assignments by due day ('due_day'), so the partial weeks of "overdue
 *    now" and "due in the next 30 days" read the base tables only for today.
 * 4. TriggerPlansBySize: the same rollups; a trigger statement of more than SMALL_STATEMENT_ROWS
 *    rows is planned for its size (EXECUTE) instead of reusing the plan its connection's first call
 *    made (see `fn`).
 * 5. CityDueDays: the same rollups and plans, in the city's time: an assignment's due date is its
 *    `due_on` day (already the city's), so 'due' is the Monday of that day's week and 'due_day' the
 *    day itself; 'completed' and 'trained' weeks are the Monday of the city's week of the instant
 *    (`report_week_of(t, zone)`, the zone read once per statement from `city_setting`).
 * 6. RollupDeltas: the triggers no longer update the rollup rows. Each appends its signed counts to
 *    the rollup's `<table>_delta` (insert only, so no two transactions ever wait on one row: every
 *    completion in the city used to update the same whole-city report_week rows, and concurrent
 *    completions queued on them until each committed). `report_fold()` moves committed deltas into
 *    the rollup rows (the worker calls it every few seconds); readers read `<table>_live`, the
 *    rollup rows and the pending deltas together, so every figure is exact whether folded or not.
 *    `report_rebuild()` writes the rollup rows and empties the deltas.
 * 7. AssignRollupsPreAggregated: the same deltas, summed once per key at the finest grain before
 *    they are spread over the grains (a cohort's 20,000 new assignments were 313,584 rows to group
 *    for report_week, one per assignment and grain; many share their department, attributes and
 *    week, so the sums spread over the grains are about half as many rows); the trigger functions
 *    get work_mem enough for their aggregates to hash in memory (report_week's were sorted, spilled
 *    to disk, by text columns), and ask IS_CURRENT as a probe per row all the same (`isCurrent`).
 * Functions are written `CREATE OR REPLACE`, so the triggers that call them stay.
 *
 * What is counted (libs/server/reporting/README.md says why):
 * - report_status / report_tenure: the current cycle of each assignment (one with no successor
 *   pointing at it through previous_assignment_id) by state — exempt > completed > open, the
 *   one status rule without its time-dependent split; "overdue" is open and due before now.
 * - report_week: 'due' — current open assignments with a due date, by due week (Monday, UTC), so
 *   "overdue now" and "due in the next 30 days" are computed at query time; 'due_day' (version 3)
 *   — the same by due day (UTC), the `week` column holding the day; 'completed' — every
 *   completion (any cycle, not exempt) by week; 'trained' — track completions by week.
 * - report_staff: staff; report_competency: competency awards (staff per level).
 * Staff attributes are keyed with '' for a missing job class or location and 0 for a missing hire year.
 */
const STAFF_DIMS = `s.department_id, COALESCE(s.job_class, '') AS job_class, COALESCE(s.work_location, '') AS work_location, s.active`;

/**
 * The grains of report_status and report_week from version 2: each row counted four times — with
 * its job class and location, with one of them, with neither ('' in the column the grain leaves
 * out). A query picks the one grain its filter needs (`by_job_class`, `by_location`).
 */
const GRAINS = `(VALUES (true, true), (true, false), (false, true), (false, false)) g (by_job_class, by_location)`;

/** Version 3's grains of report_week: the four above, each also for the whole city. */
const CITY_GRAINS = `(VALUES (true, true, true), (true, true, false), (true, false, true), (true, false, false),
                             (false, true, true), (false, true, false), (false, false, true), (false, false, false)) g (by_department, by_job_class, by_location)`;

/** The department_id of report_week's whole-city rows (`by_department` false). */
export const CITY_DEPARTMENT = '00000000-0000-0000-0000-000000000000';

const DIMS = 'department_id, job_class, work_location, active';

/** Which migration's rollups (see the top of this file). */
export type RollupVersion = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * The week (Monday) an instant falls in: UTC before version 5, the city's from version 5. The zone
 * is an uncorrelated subquery, so a statement reads it once (an InitPlan), not per row.
 */
function weekOf(version: RollupVersion, instant: string): string {
  return version >= 5 ? `report_week_of(${instant}, (SELECT time_zone FROM city_setting))` : `report_week_of(${instant})`;
}

/** The key columns of `table`, the select list that fills them from a row source with DIMS, and what to join that source with. */
function grain(version: RollupVersion, table: 'report_status' | 'report_week' = 'report_status'): { dims: string; select: string; join: string; width: number } {
  if (version === 1) return { dims: DIMS, select: DIMS, join: '', width: 4 };
  const attributes = `CASE WHEN g.by_job_class THEN job_class ELSE '' END, CASE WHEN g.by_location THEN work_location ELSE '' END, active`;
  if (version >= 3 && table === 'report_week') {
    return {
      dims: `by_department, by_job_class, by_location, ${DIMS}`,
      select: `g.by_department, g.by_job_class, g.by_location, CASE WHEN g.by_department THEN department_id ELSE '${CITY_DEPARTMENT}'::uuid END, ${attributes}`,
      join: `CROSS JOIN ${CITY_GRAINS}`,
      width: 7,
    };
  }
  return {
    dims: `by_job_class, by_location, ${DIMS}`,
    select: `g.by_job_class, g.by_location, department_id, ${attributes}`,
    join: `CROSS JOIN ${GRAINS}`,
    width: 6,
  };
}

/** `1, 2, …, n`: grouping by position (a name would mean the input column, not the grain's CASE). */
const positions = (n: number, from = 1) => Array.from({ length: n - from + 1 }, (_, i) => i + from).join(', ');

/**
 * One row per assignment of `source` (alias a) joined to staff rows `staffSource` (alias s), signed.
 * `completions` false: only what depends on being the current cycle (a cycle superseded or made
 * current again keeps its completion in the series).
 */
function assignmentContributions(source: string, staffSource: string, sign: number, current: string, version: RollupVersion, completions = true): string {
  const open = `a.exempted_at IS NULL AND a.completed_at IS NULL AND a.${version >= 5 ? 'due_on' : 'due_at'} IS NOT NULL`;
  // Before version 5 a due date was an instant (its UTC day); from version 5 it is the city's day.
  const dueWeek = version >= 5 ? `date_trunc('week', a.due_on::timestamp)::date` : 'report_week_of(a.due_at)';
  const dueDay = version >= 5 ? 'a.due_on' : `(a.due_at AT TIME ZONE 'UTC')::date`;
  return `SELECT ${STAFF_DIMS}, COALESCE(extract(year FROM s.hire_date)::int, 0) AS hire_year,
                 COALESCE(a.course_id, a.track_id) AS subject_id,
                 CASE WHEN a.exempted_at IS NOT NULL THEN 'exempt' WHEN a.completed_at IS NOT NULL THEN 'completed' ELSE 'open' END AS state,
                 ${current} AS current,
                 CASE WHEN ${open} THEN ${dueWeek} END AS due_week,${
                   version >= 3 ? `\n                 CASE WHEN ${open} THEN ${dueDay} END AS due_day,` : ''
                 }
                 ${completions ? `CASE WHEN a.exempted_at IS NULL AND a.completed_at IS NOT NULL THEN ${weekOf(version, 'a.completed_at')} END` : 'NULL::date'} AS completed_week,
                 ${sign} AS sign
            FROM ${source} a JOIN ${staffSource} s ON s.id = a.staff_id`;
}

const IS_CURRENT = `NOT EXISTS (SELECT 1 FROM assignment nx WHERE nx.previous_assignment_id = a.id)`;

/**
 * IS_CURRENT as the triggers ask it. From version 7 their large statements have work_mem for their
 * aggregates (see `fn`), and with it the planner would rather answer this EXISTS by hashing every
 * successor link in the city (a scan of all of assignment: 0.22 s at 636,000 rows, for 20,000 new
 * rows whose probes take 0.1 s); `OFFSET 0` keeps it a probe of the successor index per row.
 */
const isCurrent = (version: RollupVersion) => (version >= 7 ? `NOT EXISTS (SELECT 1 FROM assignment nx WHERE nx.previous_assignment_id = a.id OFFSET 0)` : IS_CURRENT);

/**
 * Where a trigger's counts go: straight into the rollup rows (an upsert, versions 1–5, and the
 * rebuild), or from version 6 appended to the rollup's delta table (`<table>_delta`, no key, no
 * conflict: nothing another transaction waits on) for `report_fold()` to move in.
 */
type Target = 'rollup' | 'delta';

/** `INSERT INTO <table>` for a target, and the upsert's tail (none for a delta). */
function into(table: string, target: Target, columns: string): { head: string; tail: (key: string) => string } {
  if (target === 'delta') return { head: `INSERT INTO ${table}_delta (${columns}, n)`, tail: () => '' };
  return { head: `INSERT INTO ${table} AS r (${columns}, n)`, tail: (key) => `\n           ON CONFLICT (${key}) DO UPDATE SET n = r.n + excluded.n` };
}

/**
 * Applies signed contributions `d` to the assignment rollups in one statement. From version 7 the
 * contributions are first summed per key of the finest grain, then spread over the grains
 * and summed again: the same sums, over far fewer rows when many share a key.
 */
function applyAssignmentDelta(d: string, version: RollupVersion, ctes = '', target: Target = version >= 6 ? 'delta' : 'rollup'): string {
  const g = grain(version);
  const wg = grain(version, 'report_week');
  const dueDays = version >= 3 ? `\n      UNION ALL SELECT 'due_day', due_day, ${DIMS}, subject_id, sign FROM d WHERE current AND due_day IS NOT NULL` : '';
  // The upserts go in key order, so two transactions lock rollup rows in the same order; appended deltas lock nothing.
  const order = (columns: string) => (target === 'rollup' ? `\n           ORDER BY ${columns}` : '');
  const st = into('report_status', target, `${g.dims}, subject_id, state`);
  const te = into('report_tenure', target, 'department_id, active, hire_year, subject_id, state');
  const wk = into('report_week', target, `kind, week, ${wg.dims}, subject_id`);
  const weeks = `
      SELECT 'due' AS kind, due_week AS week, ${DIMS}, subject_id, sign FROM d WHERE current AND due_week IS NOT NULL${dueDays}
      UNION ALL SELECT 'completed', completed_week, ${DIMS}, subject_id, sign FROM d WHERE completed_week IS NOT NULL`;
  // Version 7: summed per key of the finest grain first (a statement's sum fits an int), under the input's names.
  const statusRows = version >= 7 ? `(SELECT ${DIMS}, subject_id, state, sum(sign)::int AS sign FROM d WHERE current GROUP BY ${DIMS}, subject_id, state) d` : 'd';
  const weekRows = version >= 7 ? `(SELECT kind, week, ${DIMS}, subject_id, sum(sign)::int AS sign FROM (${weeks}) w GROUP BY kind, week, ${DIMS}, subject_id)` : `(${weeks})`;
  return `WITH ${ctes}d AS MATERIALIZED (${d}),
    st AS (${st.head}
           SELECT ${g.select}, subject_id, state, sum(sign) FROM ${statusRows} ${g.join}${version >= 7 ? '' : ' WHERE current'} GROUP BY ${positions(g.width + 2)} HAVING sum(sign) <> 0${order(positions(g.width + 2))}${st.tail(`${g.dims}, subject_id, state`)}),
    te AS (${te.head}
           SELECT department_id, active, hire_year, subject_id, state, sum(sign) FROM d WHERE current GROUP BY department_id, active, hire_year, subject_id, state HAVING sum(sign) <> 0${order('department_id, active, hire_year, subject_id, state')}${te.tail('department_id, active, hire_year, subject_id, state')})
    ${wk.head}
    SELECT kind, week, ${wg.select}, subject_id, sum(sign) FROM ${weekRows} w ${wg.join}
    GROUP BY ${positions(wg.width + 3)} HAVING sum(sign) <> 0${order(positions(wg.width + 3))}${wk.tail(`kind, week, ${wg.dims}, subject_id`)}`;
}

/** Track completions as 'trained' weeks, competency awards and staff counts, for staff rows `staffSource`. */
function staffSideDelta(trackSource: string, awardSource: string, staffSource: string, sign: number, version: RollupVersion, ctes = '', target: Target = version >= 6 ? 'delta' : 'rollup'): string[] {
  const w = ctes ? `WITH ${ctes.replace(/,\s*$/, '')} ` : '';
  const g = grain(version, 'report_week');
  const order = (columns: string) => (target === 'rollup' ? ` ORDER BY ${columns}` : '');
  const wk = into('report_week', target, `kind, week, ${g.dims}, subject_id`);
  const co = into('report_competency', target, `${DIMS}, competency_id, level_rank`);
  return [
    `${w}${wk.head}
     SELECT 'trained', week, ${g.select}, subject_id, ${sign} * count(*)
       FROM (SELECT ${weekOf(version, 't.completed_at')} AS week, ${STAFF_DIMS}, t.track_id AS subject_id FROM ${trackSource} t JOIN ${staffSource} s ON s.id = t.staff_id) x ${g.join}
      GROUP BY ${positions(g.width + 3, 2)}${order(positions(g.width + 3, 2))}${wk.tail(`kind, week, ${g.dims}, subject_id`)}`,
    `${w}${co.head}
     SELECT ${STAFF_DIMS}, c.competency_id, c.level_rank, ${sign} * count(*) FROM ${awardSource} c JOIN ${staffSource} s ON s.id = c.staff_id
      GROUP BY 1, 2, 3, 4, 5, 6${order('1, 2, 3, 4, 5, 6')}${co.tail(`${DIMS}, competency_id, level_rank`)}`,
  ];
}

function staffCountDelta(staffSource: string, sign: number, ctes = '', target: Target = 'rollup'): string {
  const st = into('report_staff', target, DIMS);
  return `${ctes ? `WITH ${ctes.replace(/,\s*$/, '')} ` : ''}${st.head}
          SELECT ${STAFF_DIMS}, ${sign} * count(*) FROM ${staffSource} s GROUP BY 1, 2, 3, 4${target === 'rollup' ? ' ORDER BY 1, 2, 3, 4' : ''}${st.tail(DIMS)}`;
}

/**
 * Version 4's statement size above which a trigger's statements are planned for the rows at hand.
 * plpgsql keeps the plan a static statement gets at its first call on a connection: planned for a
 * one-row transition table, a join of two of them is a nested loop, and on a 10,000-row roster
 * change that plan ran for 70 s instead of 1 (`trigger-plans.int-spec.ts`). Below it the kept plan
 * is right for any size; above it planning (milliseconds) is small beside the work.
 */
export const SMALL_STATEMENT_ROWS = 100;

/** Version 7's work_mem for the trigger functions. */
const TRIGGER_WORK_MEM = '64MB';

/**
 * A statement-level trigger function. `jit = off`: transition tables carry no statistics, so the
 * planner's cost estimates for these statements run into the millions and JIT compilation (seconds)
 * would dwarf the work (milliseconds). From version 4 a statement of more than
 * SMALL_STATEMENT_ROWS rows (counted in `rows`, its transition table) runs its SQL through EXECUTE,
 * planned afresh for its size; a smaller one runs the same SQL as a static statement, whose kept plan
 * was made for a small table too.
 */
function fn(name: string, body: string[], version: RollupVersion, rows: 'new_rows' | 'old_rows'): string {
  const statements = body.map((s) => `${s};`).join('\n  ');
  if (version < 4) {
    return `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $fn$
BEGIN
  ${statements}
  RETURN NULL;
END $fn$`;
  }
  // Version 7: memory for a large statement's aggregates, so they hash in memory: with 4 MB the
  // planner sorted report_week's 147,216 rows spilled to disk, by text columns (0.8 s of a cohort's
  // 20,000-row assign). A small statement uses what it needs.
  const memory = version >= 7 ? ` SET work_mem = '${TRIGGER_WORK_MEM}'` : '';
  return `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql SET jit = off${memory} AS $fn$
BEGIN
  IF (SELECT count(*) FROM ${rows}) > ${SMALL_STATEMENT_ROWS} THEN
    ${body.map((s) => `EXECUTE $sql$${s}$sql$;`).join('\n    ')}
  ELSE
    ${statements}
  END IF;
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

/** The tables with triggers feeding the rollups, and their events. */
export const ROLLUP_SOURCES = ['assignment', 'staff', 'track_completion', 'competency_award'] as const;
export const ROLLUP_EVENTS = [
  ['insert', 'inserted', 'NEW TABLE AS new_rows'],
  ['update', 'updated', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
  ['delete', 'deleted', 'OLD TABLE AS old_rows'],
] as const;

/**
 * The rollup tables, each with its key in primary-key order. From version 6 each has a delta table
 * `<table>_delta` (the same columns, no key, an index in the same order so a read probes both
 * alike), a view `<table>_live` (the rollup rows and the pending deltas, UNION ALL: what every read
 * sums), and `report_fold()` moves the deltas in.
 */
export const ROLLUP_TABLES = {
  report_status: ['by_job_class', 'by_location', 'job_class', 'work_location', 'department_id', 'active', 'subject_id', 'state'],
  report_tenure: ['department_id', 'active', 'hire_year', 'subject_id', 'state'],
  report_week: ['kind', 'by_department', 'by_job_class', 'by_location', 'job_class', 'work_location', 'department_id', 'week', 'active', 'subject_id'],
  report_staff: ['department_id', 'job_class', 'work_location', 'active'],
  report_competency: ['department_id', 'job_class', 'work_location', 'active', 'competency_id', 'level_rank'],
} as const;
export type RollupTable = keyof typeof ROLLUP_TABLES;

/** The advisory lock `report_fold()` holds: one fold at a time (a second waits, then finds little left). */
export const FOLD_LOCK = 1_799_200_000;

/**
 * `report_fold()` (version 6): in one transaction, every committed delta of each rollup is deleted
 * and added to its rollup row (`DELETE … RETURNING`, summed per key). A delta of a transaction still
 * running is not visible to it and stays for the next fold; a reader's statement sees a delta either
 * pending or folded, never both and never neither, so the sum of `<table>_live` is the same before
 * and after. Returns how many delta rows it moved.
 */
export function foldFunction(): string {
  const steps = Object.entries(ROLLUP_TABLES).map(([table, key]) => {
    const k = key.join(', ');
    return `WITH d AS (DELETE FROM ${table}_delta RETURNING ${k}, n),
         m AS (INSERT INTO ${table} AS r (${k}, n) SELECT ${k}, sum(n)::bigint FROM d GROUP BY ${k} HAVING sum(n) <> 0
                ON CONFLICT (${k}) DO UPDATE SET n = r.n + excluded.n)
    SELECT count(*) INTO folded FROM d;
  moved := moved + folded;`;
  });
  return `CREATE OR REPLACE FUNCTION report_fold() RETURNS bigint LANGUAGE plpgsql SET jit = off AS $fn$
DECLARE
  moved bigint := 0;
  folded bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(${FOLD_LOCK});
  ${steps.join('\n  ')}
  RETURN moved;
END $fn$`;
}

/** Every trigger function (`report_<table>_<inserted|updated|deleted>`) and `report_rebuild()`, as of `version`. */
export function rollupFunctions(version: RollupVersion): string[] {
  const target: Target = version >= 6 ? 'delta' : 'rollup';
  const none = '(SELECT * FROM competency_award WHERE false)';
  const noTrack = '(SELECT * FROM track_completion WHERE false)';
  const track = (rows: string, sign: number) => staffSideDelta(rows, none, 'staff', sign, version)[0];
  const award = (rows: string, sign: number) => staffSideDelta(noTrack, rows, 'staff', sign, version)[1];
  // Staff: counts, and a move (department, job class, location, hire date, active) carries every count with it.
  const moved = (side: 'old' | 'new', sign: number) => [
    applyAssignmentDelta(assignmentContributions('assignment', changedSide(side), sign, isCurrent(version), version), version, CHANGED_CTE),
    ...staffSideDelta('track_completion', 'competency_award', changedSide(side), sign, version, CHANGED_CTE),
    staffCountDelta(changedSide(side), sign, CHANGED_CTE, target),
  ];
  const trigger = (name: string, body: string[]) => fn(name, body, version, name.endsWith('_deleted') ? 'old_rows' : 'new_rows');
  return [
    trigger('report_assignment_inserted', [
      applyAssignmentDelta(`${assignmentContributions('new_rows', 'staff', 1, isCurrent(version), version)}
        UNION ALL ${assignmentContributions(SUPERSEDED('new_rows'), 'staff', -1, 'true', version, false)}`, version),
    ]),
    trigger('report_assignment_updated', [
      applyAssignmentDelta(`${assignmentContributions('old_rows', 'staff', -1, isCurrent(version), version)}
        UNION ALL ${assignmentContributions('new_rows', 'staff', 1, isCurrent(version), version)}`, version),
    ]),
    trigger('report_assignment_deleted', [
      applyAssignmentDelta(`${assignmentContributions('old_rows', 'staff', -1, isCurrent(version), version)}
        UNION ALL ${assignmentContributions(SUPERSEDED('old_rows'), 'staff', 1, isCurrent(version), version, false)}`, version),
    ]),
    trigger('report_staff_inserted', [staffCountDelta('new_rows', 1, '', target)]),
    trigger('report_staff_updated', [...moved('old', -1), ...moved('new', 1)]),
    trigger('report_staff_deleted', [staffCountDelta('old_rows', -1, '', target)]),
    trigger('report_track_completion_inserted', [track('new_rows', 1)]),
    trigger('report_track_completion_updated', [track('old_rows', -1), track('new_rows', 1)]),
    trigger('report_track_completion_deleted', [track('old_rows', -1)]),
    trigger('report_competency_award_inserted', [award('new_rows', 1)]),
    trigger('report_competency_award_updated', [award('old_rows', -1), award('new_rows', 1)]),
    trigger('report_competency_award_deleted', [award('old_rows', -1)]),
    // The repair: every rollup recomputed from the base tables, in the caller's transaction (from
    // version 6 the pending deltas go too: the rebuild counts what they counted).
    `CREATE OR REPLACE FUNCTION report_rebuild() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  TRUNCATE report_status, report_tenure, report_week, report_staff, report_competency${
    version >= 6 ? `,
           ${Object.keys(ROLLUP_TABLES).map((t) => `${t}_delta`).join(', ')}` : ''
  };
  ${applyAssignmentDelta(assignmentContributions('assignment', 'staff', 1, IS_CURRENT, version), version, '', 'rollup')};
  ${staffSideDelta('track_completion', 'competency_award', 'staff', 1, version, '', 'rollup').join(';\n  ')};
  ${staffCountDelta('staff', 1)};
END $fn$`,
    ...(version >= 6 ? [foldFunction()] : []),
  ];
}
