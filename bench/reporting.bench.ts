/**
 * The RASE dashboard at city scale (`npm run bench -- reporting [--staff N] [--database name] [--runs 30]`),
 * on the synthetic city (support/synthetic-city.ts; 30,000 staff by default; `--staff 100000
 * --database <name>` for the full city kept by `npm run bench:seed`). Measured in the same run:
 *
 * - ReportingService.dashboard — what GET /api/reports/dashboard answers (the controller calls it
 *   and serialises the result) — for the RASE administrator (the whole city, exact figures), a
 *   viewer (the same city, protected figures: what protection costs), an equity lead (the largest
 *   department) and the city filtered by job class; figures from the rollups;
 * - the raw GROUP BY over the base tables for the same figures (current-cycle assignments by
 *   department and subject with overdue at the same instant, due in the next 30 days, completions
 *   this quarter and per week, trained staff per week, staff, competency levels) on a bare pg client.
 *
 * Then the check: every figure from the rollups (before suppression) equals the raw query's,
 * exactly; a difference fails the run. It is made twice: on the city as built (every rollup
 * folded), then after `--pending 200` completions, one transaction each, whose rollup deltas are
 * left unfolded (migration RollupDeltas: the worker folds every few seconds, so a live city always
 * has some), read through the `_live` views; the timings are taken with those deltas pending. With
 * `--database` the city is copied for this (the kept one is not written).
 */
import 'reflect-metadata';
import { clockAt, DashboardRepository, loadIndicators, PublicationStore, PublishedReports, ReportingService, weeks, type Figures } from '@equip/server/reporting';
import type { DashboardQuery } from '@equip/shared/contracts';
import { addDays, type StaffScope } from '@equip/shared/domain';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { latencyTable, option, processPeakRssMb, quantile, repeat, textOption } from './support/measure';
import { openCity } from './support/synthetic-city';
import { ROLLUP_TABLES } from '@equip/migrations';

/** The city's week (Monday) of an instant column; `$z` is the parameter holding the city's zone. */
const week = (col: string, z: string) => `to_char(date_trunc('week', ${col} AT TIME ZONE ${z}::text), 'YYYY-MM-DD')`;
/** Where a city day begins, as an instant. */
const midnight = (day: string, z: string) => `(${day}::date::timestamp AT TIME ZONE ${z}::text)`;

/** The same figures straight from the base tables: one GROUP BY per figure, no rollup touched. */
async function rawFigures(raw: Client, now: Date, from: string, to: string, foundationsId: string): Promise<Figures> {
  // The city's zone as the database holds it: days, weeks and the quarter are the city's.
  const [{ zone }] = (await raw.query(`SELECT time_zone AS zone FROM city_setting`)).rows;
  const c = clockAt(now, zone);
  const after = addDays(to, 7);
  const cells = await raw.query(
    `SELECT s.department_id, COALESCE(a.course_id, a.track_id) AS subject_id, count(*)::int AS assigned,
            count(*) FILTER (WHERE a.exempted_at IS NULL AND a.completed_at IS NOT NULL)::int AS completed,
            count(*) FILTER (WHERE a.exempted_at IS NOT NULL)::int AS exempt,
            count(*) FILTER (WHERE a.exempted_at IS NULL AND a.completed_at IS NULL AND a.due_on < $1::date)::int AS overdue,
            count(*) FILTER (WHERE a.exempted_at IS NULL AND a.completed_at IS NULL AND a.due_on >= $1::date AND a.due_on < $2::date)::int AS due_soon
       FROM assignment a JOIN staff s ON s.id = a.staff_id
      WHERE NOT EXISTS (SELECT 1 FROM assignment n WHERE n.previous_assignment_id = a.id)
      GROUP BY 1, 2`,
    [c.today, c.dueSoonEnd],
  );
  const [quarter] = (await raw.query(`SELECT count(*)::int AS n FROM assignment WHERE exempted_at IS NULL AND completed_at >= ${midnight('$1', '$2')}`, [c.quarterStart, zone])).rows;
  const [staff] = (await raw.query(`SELECT count(*)::int AS n FROM staff`)).rows;
  const completions = await raw.query(
    `SELECT ${week('completed_at', '$3')} AS week, count(*)::int AS n FROM assignment
      WHERE exempted_at IS NULL AND completed_at >= ${midnight('$1', '$3')} AND completed_at < ${midnight('$2', '$3')} GROUP BY 1 ORDER BY 1`,
    [from, after, zone],
  );
  const trained = await raw.query(
    `SELECT ${week('completed_at', '$3')} AS week, count(*)::int AS n FROM track_completion WHERE track_id = $1 AND completed_at < ${midnight('$2', '$3')} GROUP BY 1 ORDER BY 1`,
    [foundationsId, after, zone],
  );
  const levels = await raw.query(
    `SELECT c.slug, c.name, COALESCE(c.levels -> w.level_rank ->> 'name', 'level ' || (w.level_rank + 1)) AS level, w.level_rank AS rank, count(*)::int AS n
       FROM competency_award w JOIN competency c ON c.id = w.competency_id GROUP BY c.slug, c.name, c.levels, w.level_rank ORDER BY c.name, w.level_rank`,
  );
  const own: Figures['own'] = new Map();
  for (const r of cells.rows) {
    if (!own.has(r.department_id)) own.set(r.department_id, new Map());
    own.get(r.department_id)!.set(r.subject_id, { assigned: r.assigned, completed: r.completed, exempt: r.exempt, overdue: r.overdue });
  }
  return {
    own,
    overdueTotal: cells.rows.reduce((s, r) => s + r.overdue, 0),
    dueSoon: cells.rows.reduce((s, r) => s + r.due_soon, 0),
    quarter: quarter.n,
    staff: staff.n,
    completions: completions.rows,
    trained: trained.rows,
    levels: levels.rows,
  };
}

/** Exactly equal, or the run fails naming the first difference. */
function compare(fromRollups: Figures, fromRaw: Figures): string[] {
  const problems: string[] = [];
  const nonZero = (m: Figures['own']) =>
    [...m].flatMap(([department, bySubject]) => [...bySubject].map(([subject, c]) => [`${department}|${subject}`, c] as const)).filter(([, c]) => c.assigned + c.completed + c.exempt + c.overdue !== 0).sort(([a], [b]) => (a < b ? -1 : 1));
  const a = nonZero(fromRollups.own);
  const b = nonZero(fromRaw.own);
  if (JSON.stringify(a) !== JSON.stringify(b)) {
    const diff = a.find(([k, v], i) => b[i]?.[0] !== k || JSON.stringify(b[i][1]) !== JSON.stringify(v));
    problems.push(`department × subject counts differ (${a.length} vs ${b.length} cells; first: ${JSON.stringify(diff)})`);
  }
  for (const key of ['overdueTotal', 'dueSoon', 'quarter', 'staff'] as const) if (fromRollups[key] !== fromRaw[key]) problems.push(`${key}: rollups ${fromRollups[key]}, raw ${fromRaw[key]}`);
  for (const key of ['completions', 'trained', 'levels'] as const) {
    const x = JSON.stringify(fromRollups[key].filter((r) => r.n !== 0));
    const y = JSON.stringify(fromRaw[key]);
    if (x !== y) problems.push(`${key} differ: rollups ${x.slice(0, 300)} … raw ${y.slice(0, 300)}`);
  }
  return problems;
}

/**
 * Where one dashboard request spends its time: a repository whose every query is timed, and the
 * whole request; what is left is building the heatmap, suppression and the response in node.
 */
async function breakdown(dataSource: ConstructorParameters<typeof ReportingService>[0], config: ConstructorParameters<typeof ReportingService>[2], scope: StaffScope, query: DashboardQuery, label: string, runs: number): Promise<string> {
  const times = new Map<string, number[]>();
  const repository = new DashboardRepository();
  for (const name of Object.getOwnPropertyNames(DashboardRepository.prototype)) {
    const method = (repository as unknown as Record<string, unknown>)[name];
    if (name === 'constructor' || typeof method !== 'function') continue;
    (repository as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      const started = process.hrtime.bigint();
      try {
        return await (method as (...a: unknown[]) => Promise<unknown>).apply(repository, args);
      } finally {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        times.set(name, [...(times.get(name) ?? []), ms]);
      }
    };
  }
  const service = new ReportingService(dataSource, repository, config, new PublishedReports(new PublicationStore(dataSource)));
  const whole: number[] = [];
  const perRun = new Map<string, number[]>();
  for (let i = 0; i < runs + 3; i++) {
    times.clear();
    const started = process.hrtime.bigint();
    await service.dashboard(scope, query);
    if (i < 3) continue;
    whole.push(Number(process.hrtime.bigint() - started) / 1e6);
    for (const [name, list] of times) perRun.set(name, [...(perRun.get(name) ?? []), list.reduce((x, y) => x + y, 0)]);
  }
  const sql = [...perRun.values()].reduce((sum, list) => sum + quantile(list, 0.5), 0);
  const median = quantile(whole, 0.5);
  const lines = [...perRun.entries()].sort((a, b) => quantile(b[1], 0.5) - quantile(a[1], 0.5)).map(([name, list]) => `  ${name.padEnd(22)} ${quantile(list, 0.5).toFixed(1).padStart(7)} ms`);
  return (
    `Where the time of ${label} goes (medians of ${runs} runs): request ${median.toFixed(1)} ms; its queries ${sql.toFixed(1)} ms; ` +
    `the rest (heatmap, suppression, response, transaction) ${(median - sql).toFixed(1)} ms.\n${lines.join('\n')}\n\n`
  );
}

async function main(): Promise<void> {
  const staff = option('staff', 30_000);
  const runs = option('runs', 30);
  const warmup = option('warmup', 3);
  const database = textOption('database');
  const pending = option('pending', 200);
  const city = await openCity({ staff, database, copy: pending > 0, log: (line) => process.stdout.write(`${line}\n`) });
  const raw = new Client({ connectionString: city.url });
  await raw.connect();
  try {
    const { dataSource } = city;
    const config = loadIndicators(resolve(process.cwd(), 'content'));
    const store = new PublicationStore(dataSource);
    const service = new ReportingService(dataSource, new DashboardRepository(), config, new PublishedReports(store));
    const [{ id: foundationsId }] = await dataSource.query(`SELECT id FROM track WHERE slug = $1`, [config.foundationsTrack]);
    const [{ id: largest, name: largestName }] = await dataSource.query(
      `SELECT d.id, d.name FROM department d JOIN staff s ON s.department_id IN (SELECT sub.id FROM department sub WHERE sub.path LIKE d.path || '%')
        WHERE d.parent_id IS NULL GROUP BY d.id, d.name ORDER BY count(*) DESC LIMIT 1`,
    );
    const [{ job_class: jobClass }] = await dataSource.query(`SELECT job_class FROM staff WHERE job_class IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
    const admin: StaffScope = { kind: 'city', actorId: city.city.adminId, canWrite: true, personLevel: true };
    const lead: StaffScope = { kind: 'departments', actorId: city.city.adminId, rootDepartmentIds: [largest] };
    const viewer: StaffScope = { kind: 'city', actorId: city.city.adminId, canWrite: false, personLevel: false };

    // The check first: one instant, one snapshot for both sides.
    const now = new Date();
    const [{ zone }] = await dataSource.query(`SELECT time_zone AS zone FROM city_setting`);
    const clock = clockAt(now, zone);
    const range = weeks({}, clock.today);
    const fromRollups = await service.read(async (m) => service.figures(m, (await service.resolve(m, admin, {})).filter, clock, range, foundationsId));
    const fromRaw = await rawFigures(raw, now, range.from, range.to, foundationsId);
    const problems = compare(fromRollups, fromRaw).map((p) => `folded: ${p}`);

    // Completions whose deltas stay pending (nothing folds them here), each its own transaction as a learner's is.
    const open: { id: string }[] = (
      await raw.query(`SELECT id FROM assignment WHERE completed_at IS NULL AND exempted_at IS NULL AND course_id IS NOT NULL ORDER BY md5(id::text) LIMIT $1`, [pending])
    ).rows;
    for (const { id } of open) await raw.query(`UPDATE assignment SET completed_at = now() WHERE id = $1`, [id]);
    const [{ deltas }] = (await raw.query(`SELECT ${Object.keys(ROLLUP_TABLES).map((t) => `(SELECT count(*) FROM ${t}_delta)`).join(' + ')} AS deltas`)).rows;
    const later = new Date();
    const clock2 = clockAt(later, zone);
    const range2 = weeks({}, clock2.today);
    const pendingRollups = await service.read(async (m) => service.figures(m, (await service.resolve(m, admin, {})).filter, clock2, range2, foundationsId));
    const pendingRaw = await rawFigures(raw, later, range2.from, range2.to, foundationsId);
    problems.push(...compare(pendingRollups, pendingRaw).map((p) => `with ${deltas} delta rows pending: ${p}`));

    const baseline = await repeat('raw GROUP BY over the base tables (bare pg client, baseline)', Math.min(runs, 10), 1, () => rawFigures(raw, new Date(), range.from, range.to, foundationsId));
    const city1 = await repeat('ReportingService.dashboard, RASE administrator (whole city)', runs, warmup, () => service.dashboard(admin, {}));
    // The cost of protection: computing the publication (off the request path: nightly, and on "Publish now"), then a viewer's answer read from it.
    const publishing = process.hrtime.bigint();
    const publication = await store.publish();
    const publishMs = Number(process.hrtime.bigint() - publishing) / 1e6;
    const viewer1 = await repeat('ReportingService.dashboard, viewer (whole city, from the publication)', runs, warmup, () => service.dashboard(viewer, {}));
    const lead1 = await repeat(`ReportingService.dashboard, equity lead of ${largestName}`, runs, warmup, () => service.dashboard(lead, {}));
    const filtered = await repeat(`ReportingService.dashboard, city, job class "${jobClass}", active only`, runs, warmup, () => service.dashboard(admin, { jobClass, activeOnly: true }));
    const where =
      (await breakdown(dataSource, config, admin, {}, 'the whole city', Math.min(runs, 10))) +
      (await breakdown(dataSource, config, admin, { jobClass, activeOnly: true }, `the city by job class, active only`, Math.min(runs, 10)));
    const [{ rows: rollupRows }] = await dataSource.query(
      `SELECT (SELECT count(*) FROM report_status) + (SELECT count(*) FROM report_week) + (SELECT count(*) FROM report_tenure) + (SELECT count(*) FROM report_staff) + (SELECT count(*) FROM report_competency) AS rows`,
    );
    const [{ n: assignments }] = await dataSource.query(`SELECT count(*)::int AS n FROM assignment`);
    const [{ version }] = await dataSource.query(`SELECT current_setting('server_version') AS version`);
    process.stdout.write(
      `\nReporting dashboard on a ${staff.toLocaleString('en-US')}-staff city (database ${city.database}; ${Number(assignments).toLocaleString('en-US')} assignments, ` +
        `${Number(rollupRows).toLocaleString('en-US')} rollup rows and ${Number(deltas).toLocaleString('en-US')} pending delta rows; node ${process.version}, PostgreSQL ${version})\n` +
        `${runs} runs after ${warmup} warm-up runs each (the baseline ${baseline.samples.length} runs); baseline = the raw GROUP BY for the same figures\n\n` +
        `${latencyTable([baseline, city1, viewer1, lead1, filtered], baseline)}\n\n` +
        (problems.length === 0
          ? `Rollups agree with the raw GROUP BY exactly: ${[...fromRaw.own.values()].reduce((n, m) => n + m.size, 0).toLocaleString('en-US')} department × subject cells, overdue ${fromRaw.overdueTotal.toLocaleString('en-US')}, ` +
            `due in 30 days ${fromRaw.dueSoon.toLocaleString('en-US')}, completions this quarter ${fromRaw.quarter.toLocaleString('en-US')}, ${fromRaw.completions.length} weeks, ` +
            `${fromRaw.trained.length} weeks of trained staff, ${fromRaw.levels.length} competency levels; and again after ${open.length} completions ` +
            `(one transaction each) with their ${Number(deltas).toLocaleString('en-US')} rollup delta rows pending, unfolded (completions this quarter ${pendingRaw.quarter.toLocaleString('en-US')}). The timings below read with those deltas pending.\n`
          : `ROLLUPS DISAGREE WITH THE RAW QUERY:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`) +
        `\nThe cost of protection: computing and storing the publication took ${(publishMs / 1000).toFixed(1)} s once (${publication.stats.figures.toLocaleString('en-US')} figures; ` +
        `${publication.stats.primary.toLocaleString('en-US')} fewer than 5, ${publication.stats.complementary.toLocaleString('en-US')} suppressed, ${publication.stats.withheld.toLocaleString('en-US')} withheld; ` +
        `${publication.stats.solves.toLocaleString('en-US')} HiGHS solves); a viewer's whole-city dashboard is then read from it (the viewer row above, beside the administrator's exact one).\n` +
        `\n${where}` +
        `Peak RSS of the benchmark process: ${Math.round(processPeakRssMb())} MB.\n`,
    );
    if (problems.length > 0) process.exitCode = 1;
  } finally {
    await raw.end();
    await city.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`reporting benchmark failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
