/**
 * Cohorts at city scale (`npm run bench -- cohorts [--staff N] [--database name] [--runs 30]`), on
 * the synthetic city (support/synthetic-city.ts; a 30,000-staff city by default so `npm run bench`
 * takes minutes; `--staff 100000 --database equip_bench_city_100k` runs on the city `npm run
 * bench:seed -- --staff 100000 --database equip_bench_city_100k` kept). Each figure sits beside a
 * bare baseline measured in the same run:
 *
 * (a) assigning a track to the 20,000-person "Frontline services 2026" cohort through
 *     CohortsService.assign — the code the POST /cohorts/:id/assignments controller calls — against
 *     the same rows written by one raw INSERT … SELECT into an empty scratch copy of `assignment`;
 * (b) the lead's members page (50 members of that cohort, page 1 by name, and by status) through
 *     CohortsService.members against the very SQL the repository sends, run on a bare pg client.
 *
 * The cohort is city-wide, so the caller is the RASE administrator (city-wide cohorts are theirs).
 * A run writes (one cohort assignment), so a named city is used through a throw-away copy
 * (CREATE DATABASE … TEMPLATE, dropped at the end) and stays as it was.
 *
 * `--assign-timeout S` (120) cancels the service's assign statement after S seconds and fails the
 * run with both figures; `--index-assignment-staff` adds an index on assignment (staff_id), which
 * the migrations lack, to show what it changes (diagnosis, printed as such).
 */
import 'reflect-metadata';
import type { AssignRequest, CohortMemberRow, MembersQuery, Page } from '@equip/shared/contracts';
import type { StaffScope } from '@equip/shared/domain';
import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { flag, latencyTable, measure, option, processPeakRssMb, repeat, table, textOption } from './support/measure';
import { cohortsService, type CohortRepositoryApi } from './support/cohorts-service';
import { countsTable, openCity } from './support/synthetic-city';

function expect(what: string, actual: unknown, wanted: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(wanted)) throw new Error(`${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(wanted)}`);
}

/** The SQL and parameters the repository sends for a members page, captured by a manager that only records. */
async function membersSql(repository: CohortRepositoryApi, scope: StaffScope, cohortId: string, sort: string): Promise<{ sql: string; params: unknown[] }> {
  let captured: { sql: string; params: unknown[] } | undefined;
  const recorder = { query: async (sql: string, params: unknown[]) => ((captured = { sql, params }), []) } as unknown as EntityManager;
  // What CohortsService.members passes for page 1 of 50 with no filter (membersFilter + paging).
  await repository.members(recorder, scope, cohortId, { sort, direction: 'asc', limit: 50, offset: 0, cityTimeZone: 'America/New_York' });
  if (!captured) throw new Error('the repository sent no query');
  return captured;
}

async function main(): Promise<void> {
  const staff = option('staff', 30_000);
  const runs = option('runs', 30);
  const database = textOption('database');
  const indexStaff = flag('index-assignment-staff');
  const city = await openCity({ staff, database, copy: true, keep: flag('keep'), log: (line) => process.stdout.write(`${line}\n`) });
  const raw = new Client({ connectionString: city.url, application_name: 'equip-bench-raw' });
  await raw.connect();
  try {
    const dataSource: DataSource = city.dataSource;
    if (city.phases.length > 0) {
      const whole = city.phases.reduce((s, p) => s + p.seconds, 0);
      process.stdout.write(`City built in ${whole.toFixed(1)} s (npm run bench:seed prints the phases).\n`);
    }
    const cohortId = city.city.bigCohortId;
    const scope: StaffScope = { kind: 'city', actorId: city.city.adminId, canWrite: true, personLevel: true };
    const { service, repository } = cohortsService(dataSource, city.url, 'America/New_York');
    const [{ members }] = await dataSource.query(`SELECT count(*)::int AS members FROM cohort_member WHERE cohort_id = $1 AND left_at IS NULL`, [cohortId]);
    const [{ assignments }] = await dataSource.query(`SELECT count(*)::int AS assignments FROM assignment`);

    // ── (a) assign a track to the cohort ─────────────────────────────────────────────────────
    const slug = 'equity-lead';
    const [track] = await dataSource.query(`SELECT id FROM track WHERE slug = $1`, [slug]);
    const request: AssignRequest = { trackSlug: slug, due: { kind: 'after_joining', days: 90 } };
    const startsOn = new Date().toISOString().slice(0, 10);
    const [{ already }] = await dataSource.query(`SELECT count(*)::int AS already FROM cohort_assignment WHERE cohort_id = $1 AND track_id = $2`, [cohortId, track.id]);
    if (already > 0) throw new Error(`this city's cohort already has ${slug} assigned (an earlier run); benchmark a fresh city`);

    if (indexStaff) {
      // Diagnosis only, not in the migrations: an index that lets the "completed before?" check find a person's rows.
      await raw.query(`CREATE INDEX bench_assignment_staff ON assignment (staff_id)`);
      await raw.query(`ANALYZE assignment`);
    }
    await raw.query(`DROP TABLE IF EXISTS bench_assignment_scratch`);
    await raw.query(`CREATE TABLE bench_assignment_scratch (LIKE assignment INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
    // The same people and due dates as the service's statement (active current members, minus
    // anyone who completed the non-recurring track), inserted with no merge, no CTE, no audit.
    const bare = await measure(`bare INSERT … SELECT into an empty copy of assignment (baseline)`, members, async () =>
      (
        await raw.query(
          `INSERT INTO bench_assignment_scratch (staff_id, track_id, due_on, sources)
           SELECT m.staff_id, $2::uuid, GREATEST(city_day(m.joined_at), $3::date) + 90,
                  jsonb_build_array(jsonb_build_object('kind', 'cohort', 'cohortId', $1::text))
             FROM cohort_member m JOIN staff s ON s.id = m.staff_id AND s.active
            WHERE m.cohort_id = $1::uuid AND m.left_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM assignment x WHERE x.staff_id = m.staff_id AND x.track_id = $2 AND x.completed_at IS NOT NULL)`,
          [cohortId, track.id, startsOn],
        )
      ).rowCount ?? 0,
    );
    // The service's statement is cancelled after --assign-timeout seconds, so a slow plan is reported, not waited on for hours.
    const limit = option('assign-timeout', 120);
    const timer = setTimeout(() => {
      void raw.query(`SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'equip-bench' AND state = 'active'`);
    }, limit * 1000);
    const viaService = await measure(`CohortsService.assign (track to the cohort, merged, audited)`, members, () => service.assign(scope, cohortId, { ...request, startsOn }))
      .catch((error: Error) => {
        process.stderr.write(`✖ CohortsService.assign did not finish within ${limit} s (the bare insert took ${bare.stage.seconds.toFixed(2)} s): ${error.message}\n`);
        process.exitCode = 1;
        return null;
      })
      .finally(() => clearTimeout(timer));
    if (viaService) {
      expect('rows the service wrote vs the bare insert', viaService.value.created + viaService.value.merged, bare.value);
      const [{ withSource }] = await dataSource.query(`SELECT count(*)::int AS "withSource" FROM assignment WHERE track_id = $1 AND completed_at IS NULL AND sources @> $2::jsonb`, [
        track.id, JSON.stringify([{ cohortAssignmentId: viaService.value.cohortAssignmentId }]),
      ]);
      expect('open assignments that name the new cohort assignment', withSource, bare.value);
      process.stdout.write(`(a) measured: bare ${bare.stage.seconds.toFixed(2)} s, CohortsService.assign ${viaService.stage.seconds.toFixed(2)} s; now the members page …\n`);
    }
    await raw.query(`DROP TABLE bench_assignment_scratch`);

    // ── (b) the members page ─────────────────────────────────────────────────────────────────
    const pages: { label: string; sort: string }[] = [
      { label: 'page 1 of 50 by name', sort: 'name' },
      { label: 'page 1 of 50 by status (worst first)', sort: 'status' },
    ];
    const sorts = (textOption('sorts') ?? 'name,status').split(',');
    const warmup = process.argv.includes('--warmup') ? Number(textOption('warmup')) : 3;
    if (!Number.isInteger(warmup) || warmup < 0) throw new Error('--warmup must be a whole number');
    const latency = [];
    for (const page of pages.filter((p) => sorts.includes(p.sort))) {
      const { sql, params } = await membersSql(repository, scope, cohortId, page.sort);
      if (flag('explain')) {
        const plan = await raw.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
        process.stdout.write(`\nEXPLAIN ANALYZE, ${page.label}:\n${plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')}\n`);
      }
      // The last timed result of each is checked against the other.
      let fromRaw: { staff: { id: string } }[] = [];
      let fromService: Page<CohortMemberRow> | undefined;
      const baseline = await repeat(`raw SQL of the ${page.label} (bare pg client, baseline)`, runs, warmup, async () => (fromRaw = (await raw.query(sql, params)).rows));
      const timed = await repeat(`CohortsService.members, ${page.label}`, runs, warmup, async () => {
        fromService = await service.members(scope, cohortId, { page: 1, pageSize: 50, sort: page.sort as MembersQuery['sort'] });
      });
      expect(`${page.label}: rows`, fromService?.items.length, Math.min(50, members));
      expect(`${page.label}: same people as the raw query`, fromService?.items.map((r) => r.staff.id), fromRaw.map((r) => r.staff.id));
      expect(`${page.label}: total`, fromService?.total, members);
      latency.push({ baseline, timed });
    }

    const [{ version }] = await dataSource.query(`SELECT current_setting('server_version') AS version`);
    process.stdout.write(
      `\nCohorts on a ${staff.toLocaleString('en-US')}-staff city${database ? ` (database ${database})` : ''}: cohort "Frontline services 2026" has ` +
        `${members.toLocaleString('en-US')} members; ${assignments.toLocaleString('en-US')} assignments before the run ` +
        `(node ${process.version}, PostgreSQL ${version})\n\n` +
        (indexStaff ? `NOTE: --index-assignment-staff added an index on assignment (staff_id) that the migrations do not have.\n\n` : '') +
        (viaService
          ? `(a) assign track ${slug} to the cohort: ${viaService.value.created.toLocaleString('en-US')} created + ${viaService.value.merged.toLocaleString('en-US')} merged ` +
            `= ${bare.value.toLocaleString('en-US')} rows, as the bare insert; baseline = bare INSERT … SELECT\n\n${table([bare.stage, viaService.stage], bare.stage)}\n\n`
          : `(a) assign track ${slug} to the cohort: the bare INSERT … SELECT wrote ${bare.value.toLocaleString('en-US')} rows in ${bare.stage.seconds.toFixed(2)} s; ` +
            `CohortsService.assign was CANCELLED after ${limit} s (so (b) pages show no cell for it)\n\n`) +
        `(b) the members page, ${runs} runs each after ${warmup} warm-up runs; baseline = the same SQL on a bare pg client\n\n` +
        latency.map((l) => latencyTable([l.baseline, l.timed], l.baseline)).join('\n\n') +
        `\n\nPeak RSS of the benchmark process: ${Math.round(processPeakRssMb())} MB.\n`,
    );
    if (city.phases.length > 0 && flag('counts')) process.stdout.write(`\n${countsTable(city.city.counts)}\n`);
  } finally {
    await raw.end();
    await city.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`cohorts benchmark failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
