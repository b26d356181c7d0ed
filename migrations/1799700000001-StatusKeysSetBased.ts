import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The members page's status keys (migration CohortMemberStatusKey), kept by the same triggers with
 * the same answers, worked out set-based (issue 18: assigning a track to the 20,000-person cohort
 * spent 1.5 s keeping them, more than the bare insert of its rows).
 *
 * - `cohort_member_status_refresh` decides "started?" with one probe of the person's enrollments
 *   per open cell, for the course versions that start the cell's course or track (listed once per
 *   statement), where each cell ran a chain of four index probes and a scan of the tracks. It finds
 *   the cells through the cohorts' own assignments only when the pairs are at least a quarter of
 *   those cohorts' members (more than 500 pairs was enough before): an assign's few hundred merged
 *   rows name the 20,000-person cohort, whose every cell it read for them. It runs without JIT: its
 *   cost estimates are made on arrays and tuplestores with no statistics, and JIT compilation of the
 *   plan took longer than the statement it compiled.
 * - The assignment triggers find the (cohort, person) pairs a statement touched by joining the
 *   distinct pairs its rows name with the current memberships, planned for the statement's size
 *   (EXECUTE above SMALL_STATEMENT_ROWS, as TriggerPlansBySize does for the rollups), where a
 *   membership probe per row was planned once for whatever size came first.
 * - cohort_member pages keep room for the refresh's new row versions (fillfactor), so rewriting a
 *   cohort's keys does not add an entry to each of the table's four indexes per member.
 *
 * The "started" rule is unchanged: an enrollment of the person in the cell's course (or one of its
 * track's courses, by slug) started no earlier than the cell was created, or ever for a first cycle.
 * `cohort-member-status.int-spec.ts` holds the keys to the status worked out from the assignments.
 */
export class StatusKeysSetBased1799700000001 implements MigrationInterface {
  name = 'StatusKeysSetBased1799700000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(REFRESH);
    for (const sql of assignmentTriggerFunctions(true)) await q.query(sql);
    // Room on every page for each row's next version, so a refresh's update stays on the page (HOT)
    // instead of adding all four indexes' entries for every membership it touches; CLUSTER writes the
    // rows again with that room (it may run in a transaction, VACUUM FULL may not).
    await q.query(`ALTER TABLE cohort_member SET (fillfactor = ${MEMBER_FILLFACTOR})`);
    await q.query(`CLUSTER cohort_member USING cohort_member_pkey`);
    await q.query(`ALTER TABLE cohort_member SET WITHOUT CLUSTER`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cohort_member RESET (fillfactor)`);
    await q.query(`CLUSTER cohort_member USING cohort_member_pkey`);
    await q.query(`ALTER TABLE cohort_member SET WITHOUT CLUSTER`);
    await q.query(REFRESH_BEFORE);
    for (const sql of assignmentTriggerFunctions(false)) await q.query(sql);
  }
}

/**
 * Percent of each cohort_member page filled by inserts: a cohort's memberships sit together, and a
 * refresh rewrites all of them, so each page needs room for a new version of every row it holds. A
 * 20,000-row refresh took 0.3–0.5 s full and 0.10–0.13 s with the room (30,000-staff city).
 */
const MEMBER_FILLFACTOR = 50;

/** Above this many rows a trigger's statement is planned for its size (see TriggerPlansBySize). */
const SMALL_STATEMENT_ROWS = 100;

/**
 * The current memberships the arrays name, their cells (per course or track, its latest cycle among
 * the assignments naming the cohort), and the keys from them. `%s` is how the cells are found: per
 * member through their assignments, or per cohort through the sources index (materialized on its
 * own, so the planner, which cannot count the arrays' memberships, does not turn it into a lookup per
 * member).
 */
const REFRESH = `
CREATE OR REPLACE FUNCTION cohort_member_status_refresh(cohorts uuid[], people uuid[], by_cohort boolean DEFAULT NULL) RETURNS void LANGUAGE plpgsql SET jit = off AS $fn$
BEGIN
  IF coalesce(cardinality(cohorts), 0) = 0 THEN RETURN; END IF;
  -- Through the cohorts' own assignments when the pairs are many and a good part of those cohorts
  -- (a cohort assigned work, a rebuild); through each person's otherwise (a learner's enrollment,
  -- the few hundred merged rows of an assign, which name the 20,000-person cohort among others).
  IF by_cohort IS NULL THEN
    by_cohort := cardinality(cohorts) > 500;
    IF by_cohort THEN
      by_cohort := cardinality(cohorts) * 4 >= (SELECT count(*) FROM cohort_member m WHERE m.cohort_id = ANY(cohorts) AND m.left_at IS NULL);
    END IF;
  END IF;
  PERFORM 1 FROM cohort_member m JOIN unnest(cohorts, people) p(cohort_id, staff_id) ON m.cohort_id = p.cohort_id AND m.staff_id = p.staff_id
    WHERE m.left_at IS NULL ORDER BY m.id FOR UPDATE OF m;
  -- EXECUTE: planned for this call's size, not the first call's (see TriggerPlansBySize). A few
  -- people (a learner starting a course) are looked up through their assignments; many (a cohort
  -- assigned work) through the cohort's own, found once by the sources index.
  EXECUTE format($sql$
    WITH member AS MATERIALIZED (
      SELECT mm.id, mm.cohort_id, mm.staff_id
        FROM (SELECT DISTINCT p.cohort_id, p.staff_id FROM unnest($1::uuid[], $2::uuid[]) p(cohort_id, staff_id)) p
        JOIN cohort_member mm ON mm.cohort_id = p.cohort_id AND mm.staff_id = p.staff_id AND mm.left_at IS NULL),
    %s,
    -- The course versions an enrollment in which starts a course (its own) or a track (its steps' courses, by slug).
    course_versions AS MATERIALIZED (SELECT v.course_id, array_agg(v.id) AS versions FROM course_version v GROUP BY v.course_id),
    track_versions AS MATERIALIZED (
      SELECT t.id AS track_id, array_agg(v.id) AS versions
        FROM track t JOIN course c ON t.steps @> jsonb_build_array(jsonb_build_object('course', c.slug)) JOIN course_version v ON v.course_id = c.id
       GROUP BY t.id)
    UPDATE cohort_member m SET status_due_on = k.due_on, status_rank = k.rank
      FROM (SELECT mm.id,
                   min(cell.due_on) FILTER (WHERE cell.completed_at IS NULL AND cell.exempted_at IS NULL) AS due_on,
                   COALESCE(min(CASE WHEN cell.exempted_at IS NOT NULL THEN 4 WHEN cell.completed_at IS NOT NULL THEN 3
                                     WHEN EXISTS (SELECT 1 FROM enrollment e
                                                   WHERE e.staff_id = cell.staff_id AND e.course_version_id = ANY(COALESCE(cv.versions, tv.versions))
                                                     AND e.started_at >= cell.created_at - interval '100 years' * (cell.cycle = 1)::int)
                                     THEN 2 ELSE 1 END) FILTER (WHERE cell.member_id IS NOT NULL), 5)::smallint AS rank
              FROM member mm
              LEFT JOIN cell ON cell.member_id = mm.id
              LEFT JOIN course_versions cv ON cv.course_id = cell.course_id
              LEFT JOIN track_versions tv ON tv.track_id = cell.track_id
             GROUP BY mm.id) k
     WHERE m.id = k.id AND (m.status_due_on IS DISTINCT FROM k.due_on OR m.status_rank IS DISTINCT FROM k.rank)
  $sql$, CASE WHEN NOT by_cohort THEN $cells$
    cell AS MATERIALIZED (
      SELECT mm.id AS member_id, a.*
        FROM member mm
        CROSS JOIN LATERAL (
          SELECT DISTINCT ON (a.course_id, a.track_id) a.staff_id, a.course_id, a.track_id, a.cycle, a.created_at, a.due_on, a.completed_at, a.exempted_at
            FROM assignment a
           WHERE a.staff_id = mm.staff_id AND a.sources @> jsonb_build_array(jsonb_build_object('cohortId', mm.cohort_id::text))
           ORDER BY a.course_id, a.track_id, a.cycle DESC) a) $cells$
    ELSE $cells$
    cohort_cell AS MATERIALIZED (
      SELECT DISTINCT ON (pc.cohort_id, a.staff_id, a.course_id, a.track_id)
             pc.cohort_id, a.staff_id, a.course_id, a.track_id, a.cycle, a.created_at, a.due_on, a.completed_at, a.exempted_at
        FROM (SELECT DISTINCT cohort_id FROM unnest($1::uuid[]) pc(cohort_id)) pc
        CROSS JOIN LATERAL (SELECT * FROM assignment a WHERE a.sources @> jsonb_build_array(jsonb_build_object('cohortId', pc.cohort_id::text))) a
       ORDER BY pc.cohort_id, a.staff_id, a.course_id, a.track_id, a.cycle DESC),
    cell AS MATERIALIZED (
      SELECT mm.id AS member_id, c.staff_id, c.course_id, c.track_id, c.cycle, c.created_at, c.due_on, c.completed_at, c.exempted_at
        FROM cohort_cell c JOIN member mm ON mm.cohort_id = c.cohort_id AND mm.staff_id = c.staff_id) $cells$
    END) USING cohorts, people;
END $fn$`;

/**
 * The pairs of a statement's rows (`rows`: a transition table, or a UNION of them for an update),
 * refreshed; above SMALL_STATEMENT_ROWS through EXECUTE, planned for the rows at hand.
 */
function refreshPairs(rows: string, counted: string): string {
  const pairs = `SELECT cohort_member_status_refresh(array_agg(m.cohort_id), array_agg(m.staff_id))
       FROM (SELECT DISTINCT a.staff_id, src->>'cohortId' AS cohort_id FROM (${rows}) a CROSS JOIN jsonb_array_elements(a.sources) src) x
       JOIN cohort_member m ON m.staff_id = x.staff_id AND m.cohort_id::text = x.cohort_id AND m.left_at IS NULL`;
  return `IF (SELECT count(*) FROM ${counted}) > ${SMALL_STATEMENT_ROWS} THEN
    EXECUTE $sql$${pairs}$sql$;
  ELSE
    PERFORM ${pairs.replace(/^SELECT /, '')};
  END IF;`;
}

/** An update's rows whose keys' inputs changed: the new side, and the old side where the person or sources changed. */
const UPDATED_ROWS = `SELECT n.staff_id, n.sources FROM new_rows n JOIN old_rows o ON o.id = n.id
                  WHERE (n.staff_id, n.course_id, n.track_id, n.cycle, n.created_at, n.due_on, n.completed_at, n.exempted_at, n.sources)
                        IS DISTINCT FROM (o.staff_id, o.course_id, o.track_id, o.cycle, o.created_at, o.due_on, o.completed_at, o.exempted_at, o.sources)
                 UNION ALL
                 SELECT o.staff_id, o.sources FROM new_rows n JOIN old_rows o ON o.id = n.id
                  WHERE (n.staff_id, n.sources) IS DISTINCT FROM (o.staff_id, o.sources)`;

/** The assignment trigger functions: this migration's (`now`), or CohortMemberStatusKey's. */
function assignmentTriggerFunctions(now: boolean): string[] {
  // No JIT for this migration's: a large statement's estimates (a tuplestore joined with memberships)
  // cross JIT's threshold long before compiling pays.
  const fn = (event: string, body: string) => `
    CREATE OR REPLACE FUNCTION cohort_member_status_assignment_${event}() RETURNS trigger LANGUAGE plpgsql${now ? ' SET jit = off' : ''} AS $fn$
    BEGIN
      ${body}
      RETURN NULL;
    END $fn$`;
  if (now) {
    return [
      fn('insert', refreshPairs('SELECT staff_id, sources FROM new_rows', 'new_rows')),
      fn('delete', refreshPairs('SELECT staff_id, sources FROM old_rows', 'old_rows')),
      fn('update', refreshPairs(UPDATED_ROWS, 'new_rows')),
    ];
  }
  const before = (rows: string) => `PERFORM cohort_member_status_refresh(array_agg(x.cohort_id), array_agg(x.staff_id))
         FROM (SELECT DISTINCT m.cohort_id, m.staff_id
                 FROM ${rows} a CROSS JOIN jsonb_array_elements(a.sources) src
                 JOIN cohort_member m ON m.staff_id = a.staff_id AND m.left_at IS NULL AND m.cohort_id::text = src->>'cohortId') x;`;
  return [fn('insert', before('new_rows')), fn('delete', before('old_rows')), fn('update', before(`(${UPDATED_ROWS})`))];
}

/** CohortMemberStatusKey's refresh, for down. */
const REFRESH_BEFORE = `
      CREATE OR REPLACE FUNCTION cohort_member_status_refresh(cohorts uuid[], people uuid[], by_cohort boolean DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
        IF coalesce(cardinality(cohorts), 0) = 0 THEN RETURN; END IF;
        by_cohort := COALESCE(by_cohort, cardinality(cohorts) > 500);
        PERFORM 1 FROM cohort_member m JOIN unnest(cohorts, people) p(cohort_id, staff_id) ON m.cohort_id = p.cohort_id AND m.staff_id = p.staff_id
          WHERE m.left_at IS NULL ORDER BY m.id FOR UPDATE OF m;
        -- EXECUTE: planned for this call's size, not the first call's (see TriggerPlansBySize). A few
        -- people (a learner starting a course) are looked up through their assignments; many (a cohort
        -- assigned work) through the cohort's own, found once by the sources index: 20,000 people's
        -- 420,000 assignments one person at a time took 1.3 s, the cohort's 20,000 by the index 0.45 s.
        EXECUTE format($sql$
          UPDATE cohort_member m SET status_due_on = k.due_on, status_rank = k.rank
            FROM (SELECT mm.id,
                         min(cell.due_on) FILTER (WHERE cell.completed_at IS NULL AND cell.exempted_at IS NULL) AS due_on,
                         COALESCE(min(CASE WHEN cell.exempted_at IS NOT NULL THEN 4 WHEN cell.completed_at IS NOT NULL THEN 3
                                           WHEN EXISTS (SELECT 1 FROM enrollment e JOIN course_version v ON v.id = e.course_version_id JOIN course c ON c.id = v.course_id
                                                         WHERE e.staff_id = cell.staff_id AND e.started_at >= cell.created_at - interval '100 years' * (cell.cycle = 1)::int
                                                           AND (c.id = cell.course_id
                                                                OR EXISTS (SELECT 1 FROM track t WHERE t.id = cell.track_id AND t.steps @> jsonb_build_array(jsonb_build_object('course', c.slug)))))
                                           THEN 2 ELSE 1 END) FILTER (WHERE cell.staff_id IS NOT NULL), 5)::smallint AS rank
                    FROM (SELECT DISTINCT p.cohort_id, p.staff_id FROM unnest($1::uuid[], $2::uuid[]) p(cohort_id, staff_id)) p
                    JOIN cohort_member mm ON mm.cohort_id = p.cohort_id AND mm.staff_id = p.staff_id AND mm.left_at IS NULL
                    %s
                   GROUP BY mm.id) k
           WHERE m.id = k.id AND (m.status_due_on IS DISTINCT FROM k.due_on OR m.status_rank IS DISTINCT FROM k.rank)
        $sql$, CASE WHEN NOT by_cohort THEN $cells$
                    LEFT JOIN LATERAL (
                      SELECT DISTINCT ON (a.course_id, a.track_id) a.staff_id, a.course_id, a.track_id, a.cycle, a.created_at, a.due_on, a.completed_at, a.exempted_at
                        FROM assignment a
                       WHERE a.staff_id = mm.staff_id AND a.sources @> jsonb_build_array(jsonb_build_object('cohortId', mm.cohort_id::text))
                       ORDER BY a.course_id, a.track_id, a.cycle DESC) cell ON true $cells$
               ELSE $cells$
                    LEFT JOIN (
                      SELECT DISTINCT ON (pc.cohort_id, a.staff_id, a.course_id, a.track_id)
                             pc.cohort_id, a.staff_id, a.course_id, a.track_id, a.cycle, a.created_at, a.due_on, a.completed_at, a.exempted_at
                        FROM (SELECT DISTINCT cohort_id FROM unnest($1::uuid[]) pc(cohort_id)) pc
                        CROSS JOIN LATERAL (SELECT * FROM assignment a WHERE a.sources @> jsonb_build_array(jsonb_build_object('cohortId', pc.cohort_id::text))) a
                       ORDER BY pc.cohort_id, a.staff_id, a.course_id, a.track_id, a.cycle DESC) cell ON cell.cohort_id = mm.cohort_id AND cell.staff_id = mm.staff_id $cells$
               END) USING cohorts, people;
      END $fn$`;
