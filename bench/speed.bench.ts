/**
 * The speed table of issue 18 (`npm run bench -- speed [--staff N] [--database name] [--runs 30]
 * [--learners 50] [--completions 10]`), on the synthetic city (30,000 staff by default; `--staff
 * 100000 --database <kept city>` for the 100,000-staff one `npm run bench:seed` keeps). Every row
 * beside its bare baseline, measured in the same run, on a throw-away copy of the city:
 *
 * 1. assign a track to the 20,000-person cohort through CohortsService.assign vs a bare
 *    INSERT … SELECT of the same rows into a copy of `assignment` holding the same rows and the
 *    same indexes (not an empty one: an index's cost grows with what it holds); then the same
 *    assign again with the assignment rollup triggers off, so their share is printed apart.
 * 2. the cohort's members page sorted by status (page 1 of 50) through CohortsService.members vs
 *    its SQL on a bare pg client: median and p95 over `--runs`; beside them, every member's status
 *    worked out per request (the page's SQL before it kept status keys), whose first 50 must be the
 *    page's. Run it with part 1 (`--parts 1,2`): the city's big cohort has nothing assigned until then.
 * 3. completions per second: `--learners` connections at once, each completing `--completions`
 *    open course assignments (different people's, from across the city) with the completion's assignment write (the SQL of
 *    LearningRepository.completeAssignment: the update, and the next cycle of a recurring one),
 *    one transaction each, with the rollup triggers on vs off (the triggers are what every
 *    completion shares: before migration RollupDeltas they updated the city-wide rollup rows; now
 *    they append deltas). While the triggers are on, `report_fold()` runs every
 *    ROLLUP_FOLD_EVERY_MS on a connection of its own, as the worker runs it; its time is printed.
 *
 * `--parts 1,3` runs only those rows; `--explain` prints the members page's plan. Not here (see bench/README.md): `GET /api/learning/assignments` under wrk (learning-load.bench.ts), the daily sweep and
 * the 500-learner load.
 */
import 'reflect-metadata';
import { ROLLUP_TABLES } from '@equip/migrations';
import { assignmentStatusSql, createDataSource } from '@equip/server/database';
import { ROLLUP_FOLD_EVERY_MS } from '@equip/server/reporting';
import type { AssignRequest, AssignResult, CohortMemberRow, Page } from '@equip/shared/contracts';
import { nextCycleDueOn, type StaffScope } from '@equip/shared/domain';
import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { flag, latencyTable, measure, option, quantile, repeat, table, textOption, type Stage } from './support/measure';
import { cohortsService } from './support/cohorts-service';
import { openCity } from './support/synthetic-city';

function check(what: string, actual: unknown, wanted: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(wanted)) throw new Error(`${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(wanted)}`);
}

const ROLLUP_DELTA_TABLES = Object.keys(ROLLUP_TABLES).map((t) => `${t}_delta`);
const ROLLUP_TRIGGERS = ['report_assignment_insert', 'report_assignment_update', 'report_assignment_delete'];
const STATUS_KEY_TRIGGERS = ['cohort_member_status_assignment_insert', 'cohort_member_status_assignment_update', 'cohort_member_status_assignment_delete'];
const statusKeyTriggers = (raw: Client, on: boolean) => raw.query(STATUS_KEY_TRIGGERS.map((t) => `ALTER TABLE assignment ${on ? 'ENABLE' : 'DISABLE'} TRIGGER ${t}`).join('; '));
const rollupTriggers = (raw: Client, on: boolean) => raw.query(ROLLUP_TRIGGERS.map((t) => `ALTER TABLE assignment ${on ? 'ENABLE' : 'DISABLE'} TRIGGER ${t}`).join('; '));

/** The bench city's zone (the api's default). */
const CITY_ZONE = 'America/New_York';

/** The completion's write to assignment, as LearningRepository.completeAssignment sends it. */
async function completeAssignment(m: EntityManager, staffId: string, courseId: string): Promise<void> {
  const [done]: [{ id: string; completedAt: Date; recurrenceMonths: number | null }[], number] = await m.query(
    `UPDATE assignment SET completed_at = now() WHERE staff_id = $1 AND course_id = $2 AND completed_at IS NULL
     RETURNING id, completed_at AS "completedAt", recurrence_months AS "recurrenceMonths"`,
    [staffId, courseId],
  );
  for (const row of done) {
    if (row.recurrenceMonths === null) continue;
    await m.query(
      `INSERT INTO assignment (staff_id, course_id, track_id, due_on, sources, recurrence_months, cycle, previous_assignment_id)
       SELECT staff_id, course_id, track_id, $2, sources, recurrence_months, cycle + 1, id FROM assignment WHERE id = $1`,
      [row.id, nextCycleDueOn(new Date(row.completedAt), row.recurrenceMonths, CITY_ZONE)],
    );
  }
}

async function main(): Promise<void> {
  const staff = option('staff', 30_000);
  const runs = option('runs', 30);
  const learners = option('learners', 50);
  const perLearner = option('completions', 10);
  const database = textOption('database');
  const city = await openCity({ staff, database, copy: true, log: (line) => process.stdout.write(`${line}\n`) });
  const raw = new Client({ connectionString: city.url, application_name: 'equip-bench-raw' });
  await raw.connect();
  const out = { push: (text: string) => process.stdout.write(`${text}\n`) };
  const summary: string[][] = [];
  try {
    const ds: DataSource = city.dataSource;
    const cohortId = city.city.bigCohortId;
    const scope: StaffScope = { kind: 'city', actorId: city.city.adminId, canWrite: true, personLevel: true };
    const { service, repository } = cohortsService(ds, city.url, CITY_ZONE);
    const [{ members }] = await ds.query(`SELECT count(*)::int AS members FROM cohort_member WHERE cohort_id = $1 AND left_at IS NULL`, [cohortId]);
    const [{ assignments }] = await ds.query(`SELECT count(*)::int AS assignments FROM assignment`);
    out.push(`Speed table on a ${staff.toLocaleString('en-US')}-staff city: ${assignments.toLocaleString('en-US')} assignments; the cohort has ${members.toLocaleString('en-US')} members.`);

    const parts = (textOption('parts') ?? '1,2,3').split(',');
    // ── 1. assign a track to the cohort ─────────────────────────────────────────────────────
    if (parts.includes('1')) {
      const slug = 'equity-lead';
      const [track] = await ds.query(`SELECT id FROM track WHERE slug = $1`, [slug]);
      const startsOn = new Date().toISOString().slice(0, 10);
      const request: AssignRequest = { trackSlug: slug, due: { kind: 'after_joining', days: 90 }, startsOn };
      const [{ already }] = await ds.query(`SELECT count(*)::int AS already FROM cohort_assignment WHERE cohort_id = $1 AND track_id = $2`, [cohortId, track.id]);
      if (already > 0) throw new Error(`this city's cohort already has ${slug} assigned; benchmark a fresh city`);
      const copyStarted = performance.now();
      await raw.query(`DROP TABLE IF EXISTS bench_assignment_full`);
      // Same columns, defaults, constraints and indexes; then the same rows, so the indexes are as big.
      await raw.query(`CREATE TABLE bench_assignment_full (LIKE assignment INCLUDING ALL)`);
      await raw.query(`INSERT INTO bench_assignment_full SELECT * FROM assignment`);
      await raw.query(`ANALYZE bench_assignment_full`);
      out.push(`(copy of assignment with its ${assignments.toLocaleString('en-US')} rows and indexes made in ${((performance.now() - copyStarted) / 1000).toFixed(1)} s, not timed below)`);
      const bare = await measure('bare INSERT … SELECT into a full copy of assignment (baseline)', members, async () =>
        (
          await raw.query(
            `INSERT INTO bench_assignment_full (staff_id, track_id, due_on, sources)
             SELECT m.staff_id, $2::uuid, GREATEST(city_day(m.joined_at), $3::date) + 90,
                    jsonb_build_array(jsonb_build_object('kind', 'cohort', 'cohortId', $1::text))
               FROM cohort_member m JOIN staff s ON s.id = m.staff_id AND s.active
              WHERE m.cohort_id = $1::uuid AND m.left_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM assignment x WHERE x.staff_id = m.staff_id AND x.track_id = $2 AND x.completed_at IS NOT NULL)
             ON CONFLICT (staff_id, track_id) WHERE completed_at IS NULL AND track_id IS NOT NULL DO NOTHING`,
            [cohortId, track.id, startsOn],
          )
        ).rowCount ?? 0,
      );
      await raw.query(`DROP TABLE bench_assignment_full`);
      const withTriggers = await measure('CohortsService.assign, rollup triggers on (as served)', members, () => service.assign(scope, cohortId, request));
      // Members who already hold the track open: the service merges them, the bare insert skips them.
      check('rows the service created vs the bare insert', withTriggers.value.created, bare.value);
      // The assign's deltas into the rollup rows, as the worker's next fold does (off the request path).
      const fold = await measure('report_fold() of the assign\'s deltas (worker, after the request)', 0, async () => Number((await raw.query(`SELECT report_fold() AS moved`)).rows[0].moved));
      fold.stage.rows = fold.value;
      // Undo it with the triggers off (the copy is thrown away), then the same assign without them.
      await rollupTriggers(raw, false);
      let withoutTriggers: { stage: Stage; value: AssignResult };
      let withoutKeys: { stage: Stage; value: AssignResult };
      // Created rows hold only this source; merged ones had others before and get them back.
      const undo = async (cohortAssignmentId: string | null) => {
        if (!cohortAssignmentId) throw new Error('the assign reported no cohort assignment');
        const source = JSON.stringify([{ cohortAssignmentId }]);
        await raw.query(`DELETE FROM assignment WHERE track_id = $1 AND sources @> $2::jsonb AND completed_at IS NULL AND jsonb_array_length(sources) = 1`, [track.id, source]);
        await raw.query(
          `UPDATE assignment SET sources = (SELECT jsonb_agg(e) FROM jsonb_array_elements(sources) e WHERE e->>'cohortAssignmentId' IS DISTINCT FROM $2)
            WHERE track_id = $1 AND sources @> $3::jsonb AND completed_at IS NULL`,
          [track.id, cohortAssignmentId, source],
        );
        await raw.query(`DELETE FROM cohort_assignment WHERE id = $1`, [cohortAssignmentId]);
      };
      try {
        await undo(withTriggers.value.cohortAssignmentId);
        withoutTriggers = await measure('CohortsService.assign, rollup triggers off (diagnosis)', members, () => service.assign(scope, cohortId, request));
        // And without the members page's status keys (migration CohortMemberStatusKey) either: their share.
        await undo(withoutTriggers.value.cohortAssignmentId);
        await statusKeyTriggers(raw, false);
        try {
          withoutKeys = await measure('… and status-key triggers off (diagnosis)', members, () => service.assign(scope, cohortId, request));
        } finally {
          await statusKeyTriggers(raw, true);
          // The keys that assign did not keep, for part 2.
          await raw.query(`SELECT cohort_member_status_refresh(array_agg(cohort_id), array_agg(staff_id)) FROM cohort_member WHERE cohort_id = $1 AND left_at IS NULL`, [cohortId]);
        }
      } finally {
        await rollupTriggers(raw, true);
    }
    check('rows the service created without status-key triggers', withoutKeys.value.created, bare.value);
    check('rows the service created without triggers', withoutTriggers.value.created, bare.value);
    const share = (withTriggers.stage.seconds - withoutTriggers.stage.seconds) / withTriggers.stage.seconds;
    out.push(`\n1. assign track ${slug} to the cohort (${bare.value.toLocaleString('en-US')} rows created, ${withTriggers.value.merged.toLocaleString('en-US')} merged); baseline = bare INSERT … SELECT into a full copy\n\n${table([bare.stage, withTriggers.stage, withoutTriggers.stage, withoutKeys.stage, fold.stage], bare.stage)}`);
    out.push(`status-key triggers' share (rollup triggers off): ${(withoutTriggers.stage.seconds - withoutKeys.stage.seconds).toFixed(2)} s`);
    out.push(`the worker's fold of the assign's ${fold.value.toLocaleString('en-US')} delta rows: ${fold.stage.seconds.toFixed(2)} s, in the background (rows/s above: delta rows)`);
    out.push(`rollup triggers' share of the assign: ${(withTriggers.stage.seconds - withoutTriggers.stage.seconds).toFixed(2)} s of ${withTriggers.stage.seconds.toFixed(2)} s (${Math.round(share * 100)} %)`);
    summary.push([
      'assign a track to the cohort',
      `${withTriggers.stage.seconds.toFixed(2)} s vs ${bare.stage.seconds.toFixed(2)} s bare (${(withTriggers.stage.seconds / bare.stage.seconds).toFixed(1)}×); triggers ${Math.round(share * 100)} %`,
      '≤ 2×',
      withTriggers.stage.seconds <= 2 * bare.stage.seconds ? 'met' : 'missed',
    ]);

    }

    // ── 2. the members page by status ────────────────────────────────────────────────────────
    if (parts.includes('2')) {
      let captured: { sql: string; params: unknown[] } | undefined;
      const recorder = { query: async (sql: string, params: unknown[]) => ((captured = { sql, params }), []) } as unknown as EntityManager;
      await repository.members(recorder, scope, cohortId, { sort: 'status', direction: 'asc', limit: 50, offset: 0, cityTimeZone: 'America/New_York' });
      if (!captured) throw new Error('the repository sent no query');
      const { sql, params } = captured;
      if (flag('explain')) {
        const plan = await raw.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
        out.push(`\nEXPLAIN ANALYZE of the members page by status:\n${plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')}\n\n${sql}`);
    }
    let fromRaw: { staff: { id: string } }[] = [];
    let fromService: Page<CohortMemberRow> | undefined;
    // The order the page must keep, worked out the way the page did before it kept status keys
    // (migration CohortMemberStatusKey): every member's cells and their status, then sorted.
    let reference: { id: string }[] = [];
    const worked = await repeat('every member\'s status worked out per request (the SQL before, reference)', runs, 3, async () => {
      reference = (
        await raw.query(
          `SELECT m.staff_id AS id FROM cohort_member m JOIN staff s ON s.id = m.staff_id
             LEFT JOIN (SELECT cell.staff_id, min(CASE cell.status WHEN 'overdue' THEN 0 WHEN 'not_started' THEN 1 WHEN 'in_progress' THEN 2 WHEN 'completed' THEN 3 WHEN 'exempt' THEN 4 END) AS worst
                          FROM (SELECT DISTINCT ON (a.staff_id, a.course_id, a.track_id) a.staff_id, ${assignmentStatusSql('a')} AS status
                                  FROM assignment a WHERE a.staff_id IN (SELECT staff_id FROM cohort_member WHERE cohort_id = $1 AND left_at IS NULL) AND a.sources @> $2::jsonb
                                 ORDER BY a.staff_id, a.course_id, a.track_id, a.cycle DESC) cell GROUP BY cell.staff_id) st ON st.staff_id = m.staff_id
            WHERE m.cohort_id = $1 AND m.left_at IS NULL
            ORDER BY COALESCE(st.worst, 5), s.last_name, s.first_name, s.employee_id LIMIT 50`,
          [cohortId, JSON.stringify([{ cohortId }])],
        )
      ).rows;
    });
    const baseline = await repeat('raw SQL of the page by status (bare pg client, baseline)', runs, 3, async () => (fromRaw = (await raw.query(sql, params)).rows));
    const timed = await repeat('CohortsService.members, page 1 of 50 by status', runs, 3, async () => {
      fromService = await service.members(scope, cohortId, { page: 1, pageSize: 50, sort: 'status' });
    });
    check('members page: same people as the raw query', fromService?.items.map((r) => r.staff.id), fromRaw.map((r) => r.staff.id));
    check('members page: same people, in the same order, as every member\'s status worked out', fromService?.items.map((r) => r.staff.id), reference.map((r) => r.id));
    const [{ byStatus }] = await ds.query(
      `SELECT json_object_agg(worst, n) AS "byStatus" FROM (SELECT CASE WHEN status_due_on < city_today() THEN 'overdue' ELSE status_rank::text END AS worst, count(*)::int AS n
         FROM cohort_member WHERE cohort_id = $1 AND left_at IS NULL GROUP BY 1) x`,
      [cohortId],
    );
    out.push(`\n2. the cohort's members page sorted by status, ${runs} runs after 3 warm-up runs (members by status, 1 not started … 5 nothing assigned: ${JSON.stringify(byStatus)})\n\n${latencyTable([baseline, timed, worked], baseline)}`);
    const p95 = quantile(timed.samples, 0.95) * 1000;
    summary.push(['members page by status', `median ${(quantile(timed.samples, 0.5) * 1000).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms`, 'p95 ≤ 100 ms', p95 <= 100 ? 'met' : 'missed']);

    }

    // ── 3. completions per second ────────────────────────────────────────────────────────────
    if (parts.includes('3')) {
      // Open course assignments from across the city (one person's one course each), dealt to the learners: one half per run.
      const open: { staffId: string; courseId: string }[] = await raw
        .query(
          `SELECT DISTINCT ON (md5(staff_id::text || course_id::text)) staff_id AS "staffId", course_id AS "courseId"
             FROM assignment WHERE completed_at IS NULL AND exempted_at IS NULL AND course_id IS NOT NULL
            ORDER BY md5(staff_id::text || course_id::text) LIMIT $1`,
          [2 * learners * perLearner],
        )
        .then((r) => r.rows);
      if (open.length < 2 * learners * perLearner) throw new Error(`only ${open.length} open course assignments`);
      const people = Array.from({ length: learners }, (_, i) => open.filter((_, k) => k % learners === i));
      const pool = await createDataSource({ databaseUrl: city.url, applicationName: 'equip-bench-learners' });
      pool.setOptions({ extra: { max: learners, connectionTimeoutMillis: 30_000 } });
      await pool.initialize();
      const completions = async (half: 0 | 1) => {
        await Promise.all(people.map(async (mine) => {
          for (const a of mine.slice(half * perLearner, (half + 1) * perLearner)) {
            await pool.transaction((m) => completeAssignment(m, a.staffId, a.courseId));
          }
        }));
        return learners * perLearner;
      };
      let on: Stage;
      let off: Stage;
      // Where the learners' connections wait while the triggers are on: sampled from pg_stat_activity.
      const waits = new Map<string, number>();
      let samples = 0;
      const sampler = setInterval(() => {
        void raw
          .query(`SELECT coalesce(wait_event_type || ':' || wait_event, state) AS w, count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'equip-bench-learners' GROUP BY 1`)
          .then((r) => {
            samples++;
            for (const row of r.rows as { w: string; n: number }[]) waits.set(row.w, (waits.get(row.w) ?? 0) + row.n);
          }, () => undefined);
      }, 25);
      // The worker's fold, every ROLLUP_FOLD_EVERY_MS on a connection of its own, while the learners complete.
      const folder = new Client({ connectionString: city.url, application_name: 'equip-bench-fold' });
      await folder.connect();
      const folds = { runs: 0, moved: 0, ms: 0, busy: false };
      const foldTimer = setInterval(() => {
        if (folds.busy) return;
        folds.busy = true;
        const started = performance.now();
        void folder
          .query(`SELECT report_fold() AS moved`)
          .then((r) => {
            folds.runs++;
            folds.moved += Number(r.rows[0].moved);
            folds.ms += performance.now() - started;
          })
          .finally(() => (folds.busy = false));
      }, ROLLUP_FOLD_EVERY_MS);
      try {
        try {
          on = (await measure(`${learners} learners completing at once, rollup triggers on`, learners * perLearner, () => completions(0))).stage;
        } finally {
          clearInterval(sampler);
          clearInterval(foldTimer);
          while (folds.busy) await new Promise((r) => setTimeout(r, 20));
          const [{ pending }] = (await folder.query(`SELECT ${ROLLUP_DELTA_TABLES.map((t) => `(SELECT count(*) FROM ${t})`).join(' + ')} AS pending`)).rows;
          out.push(`(the fold every ${ROLLUP_FOLD_EVERY_MS / 1000} s ran ${folds.runs} times while the learners completed: ${folds.moved.toLocaleString('en-US')} delta rows in ${(folds.ms / 1000).toFixed(2)} s; ${Number(pending).toLocaleString('en-US')} still pending, read exactly through the _live views)`);
          await folder.end();
        }
        await rollupTriggers(raw, false);
        try {
          off = (await measure(`the same writes, rollup triggers off (baseline)`, learners * perLearner, () => completions(1))).stage;
        } finally {
          await rollupTriggers(raw, true);
        }
      } finally {
        await pool.destroy();
    }
    const ratio = off.seconds / on.seconds;
    out.push(`\n3. completions per second, ${learners} learners × ${perLearner} completions each, one transaction per completion\n\n${table([off, on], off)}`);
    const seen = [...waits.values()].reduce((a, b) => a + b, 0);
    out.push(
      `where the learners' connections were, triggers on (${samples} samples of pg_stat_activity): ` +
        [...waits.entries()].sort((a, b) => b[1] - a[1]).map(([w, n]) => `${w} ${Math.round((100 * n) / seen)} %`).join(', '),
    );
    summary.push([`completions/s, ${learners} learners at once`, `${Math.round(learners * perLearner / on.seconds)}/s vs ${Math.round(learners * perLearner / off.seconds)}/s triggers off (${ratio.toFixed(2)})`, '≥ 0.5', ratio >= 0.5 ? 'met' : 'missed']);

    }

    const widths = [0, 1, 2, 3].map((i) => Math.max(...summary.map((r) => r[i].length), ['path', 'now', 'goal', ''][i].length));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
    out.push(`\nSpeed table (this run)\n\n${line(['path', 'now', 'goal', ''])}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${summary.map(line).join('\n')}`);
  } finally {
    await raw.end();
    await city.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`speed benchmark failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
