/**
 * The price of checking the session on every request (`npm run bench -- sessions [--staff N]
 * [--database name] [--lookups 2000] [--sessions-per-person 8]`), on the synthetic city
 * (support/synthetic-city.ts; 30,000 staff by default, `--staff 100000 --database <name>` for a
 * kept city, copied so it stays as it was).
 *
 * Every signed-in request runs one query before its controller: JwtStrategy loads the person
 * behind the access token. Before issue 13 that was `SessionRepository.findActiveById` (the
 * person, their department and role grants); now it is `findBySession`, the same query with an
 * EXISTS on the token's session (live, and the person's). Both run here on the same data, in the
 * same run, interleaved lookup by lookup (the old query, then the new one, for the same person),
 * beside a bare `SELECT 1` on the same pool (the round trip neither can beat).
 *
 * Then the write side: the `staff_ends_sessions` trigger reads the transition tables of every
 * UPDATE of staff. One statement touching every staff row (nothing deactivated or re-addressed,
 * so nothing to end: the trigger's cost alone), in a transaction rolled back, with the trigger and
 * with it disabled, alternately `--write-runs` times each (the reporting triggers fire in both).
 * A one-row UPDATE runs first on the same connection, as in the api: plpgsql keeps the plan of a
 * trigger's first call on a connection, so a plan that only suits one row would show here.
 *
 * The sessions table is filled as a busy city would leave it: `--sessions-per-person` sessions
 * for every active person over the last two weeks, all ended but the newest (sign-outs, expiries,
 * reuse), so the lookup finds its row among many. Checks: both queries return the same person for
 * every lookup, and the new one returns nobody for an ended session.
 */
import 'reflect-metadata';
import { SessionRepository } from '@equip/server/identity';
import { latencyTable, option, processPeakRssMb, textOption, type Latency } from './support/measure';
import { openCity } from './support/synthetic-city';

async function main(): Promise<void> {
  const staff = option('staff', 30_000);
  const lookups = option('lookups', 2_000);
  const perPerson = option('sessions-per-person', 8);
  const writeRuns = option('write-runs', 3);
  const database = textOption('database');
  const city = await openCity({ staff, database, copy: true, log: (line) => process.stdout.write(`${line}\n`) });
  try {
    const { dataSource } = city;
    const sessions = new SessionRepository(dataSource);
    await dataSource.query(
      `INSERT INTO session (staff_id, created_at, ended_at, end_reason)
       SELECT s.id, now() - make_interval(hours => (k * 14 * 24) / $1),
              CASE WHEN k = 1 THEN NULL ELSE now() - make_interval(hours => (k * 14 * 24) / $1 - 1) END,
              CASE WHEN k = 1 THEN NULL ELSE 'sign_out' END
         FROM staff s CROSS JOIN generate_series(1, $1) AS k
        WHERE s.active`,
      [perPerson],
    );
    await dataSource.query(`ANALYZE session`);
    const live: { staff_id: string; id: string }[] = await dataSource.query(
      `SELECT staff_id, id FROM session WHERE ended_at IS NULL ORDER BY md5(id::text) LIMIT $1`,
      [lookups],
    );
    const ended: { staff_id: string; id: string }[] = await dataSource.query(
      `SELECT staff_id, id FROM session WHERE ended_at IS NOT NULL ORDER BY md5(id::text) LIMIT 100`,
    );

    // The checks first: the same answers, and an ended session refused.
    const problems: string[] = [];
    for (const { staff_id: staffId, id } of live) {
      const before = await sessions.findActiveById(staffId);
      const after = await sessions.findBySession(staffId, id);
      if (JSON.stringify(before) !== JSON.stringify(after)) problems.push(`staff ${staffId}: the queries disagree`);
    }
    for (const { staff_id: staffId, id } of ended) {
      if ((await sessions.findBySession(staffId, id)) !== undefined) problems.push(`staff ${staffId}: an ended session was accepted`);
    }

    // Interleaved: each lookup times the bare round trip, the old query and the new one for one person.
    const bare: Latency = { name: 'SELECT 1 on the same pool (bare round trip)', samples: [] };
    const old: Latency = { name: 'findActiveById: person + grants (before)', samples: [] };
    const now: Latency = { name: 'findBySession: person + grants + live session (after)', samples: [] };
    const time = async (into: Latency, work: () => Promise<unknown>) => {
      const started = process.hrtime.bigint();
      await work();
      into.samples.push(Number(process.hrtime.bigint() - started) / 1e9);
    };
    for (const { staff_id: staffId, id } of live.slice(0, 200)) await sessions.findBySession(staffId, id); // warm-up
    for (const { staff_id: staffId, id } of live) {
      await time(bare, () => dataSource.query('SELECT 1'));
      await time(old, () => sessions.findActiveById(staffId));
      await time(now, () => sessions.findBySession(staffId, id));
    }

    // The write side, in rolled-back transactions on one connection.
    const withTrigger: Latency = { name: 'UPDATE every staff row, with staff_ends_sessions', samples: [] };
    const withoutTrigger: Latency = { name: 'the same UPDATE, staff_ends_sessions disabled (baseline)', samples: [] };
    const runner = dataSource.createQueryRunner();
    try {
      await runner.query(`UPDATE staff SET updated_at = updated_at WHERE id = $1`, [live[0].staff_id]);
      for (let i = 0; i < writeRuns; i++) {
        for (const [into, trigger] of [[withoutTrigger, 'DISABLE'], [withTrigger, 'ENABLE']] as const) {
          await runner.startTransaction();
          await runner.query(`ALTER TABLE staff ${trigger} TRIGGER staff_ends_sessions`);
          await time(into, () => runner.query(`UPDATE staff SET updated_at = updated_at`));
          await runner.rollbackTransaction();
        }
      }
    } finally {
      await runner.release();
    }

    const plan: { 'QUERY PLAN': string }[] = await dataSource.query(
      `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
       SELECT 1 FROM staff s WHERE s.id = $1 AND s.active
          AND EXISTS (SELECT 1 FROM session ss WHERE ss.id = $2 AND ss.staff_id = s.id AND ss.ended_at IS NULL)`,
      [live[0].staff_id, live[0].id],
    );
    const [{ n: rows }] = await dataSource.query(`SELECT count(*)::int AS n FROM session`);
    const [{ n: people }] = await dataSource.query(`SELECT count(*)::int AS n FROM staff WHERE active`);
    const [{ version }] = await dataSource.query(`SELECT current_setting('server_version') AS version`);
    process.stdout.write(
      `\nThe per-request person lookup on a ${staff.toLocaleString('en-US')}-staff city (database ${city.database}; ` +
        `${Number(people).toLocaleString('en-US')} active staff, ${Number(rows).toLocaleString('en-US')} sessions, one live per person; ` +
        `node ${process.version}, PostgreSQL ${version})\n` +
        `${live.length.toLocaleString('en-US')} lookups of different people, interleaved; baseline = SELECT 1\n\n` +
        `${latencyTable([bare, old, now], bare)}\n\n` +
        `The write side: one UPDATE of all ${staff.toLocaleString('en-US')} staff rows (nothing to end), ${writeRuns} runs each, rolled back\n\n` +
        `${latencyTable([withoutTrigger, withTrigger], withoutTrigger)}\n\n` +
        `The session check in the plan (one index probe of session per request):\n${plan.map((p) => `  ${p['QUERY PLAN']}`).join('\n')}\n\n` +
        (problems.length === 0
          ? `Both queries returned the same person for all ${live.length.toLocaleString('en-US')} lookups; all ${ended.length} ended sessions were refused.\n`
          : `PROBLEMS:\n${problems.slice(0, 20).map((p) => `  - ${p}`).join('\n')}\n`) +
        `Peak RSS of the benchmark process: ${Math.round(processPeakRssMb())} MB.\n`,
    );
    if (problems.length > 0) process.exitCode = 1;
  } finally {
    await city.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`sessions benchmark failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
