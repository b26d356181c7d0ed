/**
 * `npm run bench:seed [-- --staff 100000] [--database name] [--keep]`: builds the synthetic city
 * (support/synthetic-city.ts) and prints the time of each phase and what it made. Without
 * `--database` the city goes into a fresh database that is dropped at the end unless `--keep`; with
 * it, the named database is built once and kept, and benchmarks given the same name reuse it.
 */
import { flag, option, processPeakRssMb, table, textOption } from './measure';
import { countsTable, openCity } from './synthetic-city';

async function main(): Promise<void> {
  const staff = option('staff', 100_000);
  const database = textOption('database');
  const keep = flag('keep') || database !== undefined;
  const started = process.hrtime.bigint();
  const city = await openCity({ staff, bigCohort: option('cohort', 20_000), database, keep, log: (line) => process.stdout.write(`${line}\n`) });
  try {
    const total = Number(process.hrtime.bigint() - started) / 1e9;
    const [{ version }] = await city.dataSource.query(`SELECT current_setting('server_version') AS version`);
    if (city.phases.length > 0) {
      const whole = { name: 'whole build', seconds: city.phases.reduce((s, p) => s + p.seconds, 0), rows: city.phases.reduce((s, p) => s + p.rows, 0), peakRssMb: 0 };
      process.stdout.write(
        `\nSynthetic city: ${staff.toLocaleString('en-US')} staff (node ${process.version}, PostgreSQL ${version}); "vs baseline" = share of the whole build\n\n` +
          `${table([...city.phases, whole], whole)}\n\nIncluding the database and migrations: ${total.toFixed(1)} s.\n`,
      );
    }
    process.stdout.write(`\n${countsTable(city.city.counts)}\n\nAssignments per person: ${(city.city.counts['assignment'] / staff).toFixed(1)}. ` +
      `"Frontline services 2026": ${city.city.bigCohortMembers.toLocaleString('en-US')} members.\n`);
    process.stdout.write(`Peak RSS of the seeding process: ${Math.round(processPeakRssMb())} MB.\n`);
    process.stdout.write(keep ? `Kept: database ${city.database} (${city.url}).\n` : `Database ${city.database} dropped (pass --keep or --database name to keep it).\n`);
  } finally {
    await city.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:seed failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
