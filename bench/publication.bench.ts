/**
 * The cost of small-group protection (issue 14): `npm run bench -- publication [--staff 3000]
 * [--database name] [--budget 600]`, or `-- --demo` for the living demo city that `npm start`
 * seeds (74 units, 444 staff). On the synthetic city, computes the published set one course
 * or track at a time (each is a block of its own, so the parts add up to the whole) and prints, per
 * subject, the cells of its cube, what was hidden, the integer solver's work and the time; stops
 * starting new subjects once `--budget` seconds have gone and says how many it left. The figures
 * a viewer then reads are one indexed query (the reporting benchmark's viewer row).
 * With `--limit <minutes>`, computes the whole publication at once under that time limit instead
 * (the worker's is `PROTECTION_TIME_LIMIT_MS`) and prints which subjects ran past their share.
 */
import 'reflect-metadata';
import { AuditService } from '@equip/server/audit';
import { CatalogRepository, CatalogSyncService } from '@equip/server/catalog';
import { createDataSource, syncCityTimeZone } from '@equip/server/database';
import { DEMO_TIME_ZONE, seedDemoCity } from '@equip/server/demo';
import { computePublication, IntegerAuditor } from '@equip/server/reporting';
import { createTestDatabase, TEST_SERVER_URL } from '@equip/server/testing';
import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { option, textOption } from './support/measure';
import { openCity } from './support/synthetic-city';

/** The demo city `npm start` seeds, in a database of its own (dropped by `close`). */
async function openDemoCity(): Promise<{ dataSource: DataSource; close: () => Promise<void> }> {
  const db = await createTestDatabase(TEST_SERVER_URL, 'equip_bench_demo');
  const dataSource = await createDataSource({ databaseUrl: db.url, applicationName: 'equip-bench' }).initialize();
  const close = async () => {
    await dataSource.destroy();
    await db.drop();
  };
  try {
    await syncCityTimeZone(dataSource, DEMO_TIME_ZONE);
    const outcome = await new CatalogSyncService(dataSource, new CatalogRepository(), new AuditService(dataSource)).syncFromDirectory(resolve(process.cwd(), 'content'));
    if (outcome.problems.length > 0) throw new Error(`content/ has problems: ${JSON.stringify(outcome.problems)}`);
    const seeded = await seedDemoCity(dataSource);
    process.stdout.write(`The demo city: ${seeded.seeded ? `${seeded.departments} departments, ${seeded.staff} staff, ${seeded.programme?.assignments ?? 0} assignments` : seeded.reason}.\n`);
    return { dataSource, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function main(): Promise<void> {
  const demo = process.argv.includes('--demo');
  const staff = option('staff', 3000);
  const budget = option('budget', 600);
  const city = demo ? await openDemoCity() : await openCity({ staff, database: textOption('database'), log: (line) => process.stdout.write(`${line}\n`) });
  try {
    const ds = city.dataSource;
    const subjects: { id: string; title: string; n: number }[] = await ds.query(
      `SELECT COALESCE(a.course_id, a.track_id) AS id, COALESCE(c.slug, t.slug) AS title, count(*)::int AS n
         FROM assignment a LEFT JOIN course c ON c.id = a.course_id LEFT JOIN track t ON t.id = a.track_id
        GROUP BY 1, 2 ORDER BY 3`,
    );
    const [{ departments }] = await ds.query(`SELECT count(*)::int AS departments FROM department`);
    const auditor = await IntegerAuditor.load();
    const limit = option('limit', 0);
    if (limit > 0) {
      const p = await computePublication(ds.manager, new Date(), { auditor, timeLimitMs: limit * 60_000 });
      const s = p.stats;
      const titles = new Map(subjects.map((x) => [x.id, `${x.title} (${x.n.toLocaleString('en-US')} assignments)`]));
      process.stdout.write(
        `\nThe whole publication on ${demo ? 'the demo city' : `a ${staff.toLocaleString('en-US')}-staff city`} (${departments} departments, ${subjects.length} subjects) under a ${limit}-minute limit: ` +
          `${(s.ms / 1000).toFixed(1)} s, ${s.figures.toLocaleString('en-US')} figures (${s.primary.toLocaleString('en-US')} fewer than 5, ${s.complementary.toLocaleString('en-US')} suppressed, ` +
          `${s.withheld.toLocaleString('en-US')} withheld), ${s.solves.toLocaleString('en-US')} HiGHS solves.\n` +
          `Department totals only (their breakdowns ran past their share): ${s.departmentsOnly.map((id) => titles.get(id) ?? id).join(', ') || 'none'}.\n` +
          `Every figure withheld (not even the totals in time): ${s.unfinished.map((id) => titles.get(id) ?? id).join(', ') || 'none'}.\n` +
          `Time per subject, smallest first (department totals, then breakdowns):\n${s.subjects
            .map((t) => `  ${titles.get(t.subjectId) ?? t.subjectId}: ${(t.totalsMs / 1000).toFixed(1)} s, ${t.breakdownsMs === null ? 'not tried' : `${(t.breakdownsMs / 1000).toFixed(1)} s${s.departmentsOnly.includes(t.subjectId) || s.unfinished.includes(t.subjectId) ? ' (past its share)' : ''}`}`)
            .join('\n')}\n`,
      );
      return;
    }
    const started = Date.now();
    const rows: string[] = [];
    let left = 0;
    for (const subject of subjects) {
      if ((Date.now() - started) / 1000 > budget) {
        left++;
        continue;
      }
      const p = await computePublication(ds.manager, new Date(), { auditor, subjectIds: new Set([subject.id]) });
      const s = p.stats;
      rows.push(
        `| ${subject.title} | ${subject.n.toLocaleString('en-US')} | ${s.cells.toLocaleString('en-US')} | ${s.figures.toLocaleString('en-US')} | ${s.primary.toLocaleString('en-US')} | ` +
          `${s.complementary.toLocaleString('en-US')} | ${s.withheld.toLocaleString('en-US')} | ${s.solves.toLocaleString('en-US')} | ${(s.ms / 1000).toFixed(1)} s${s.departmentsOnly.length ? ', breakdowns past the time limit: totals only' : ''} |`,
      );
      process.stdout.write(`${rows[rows.length - 1]}\n`);
    }
    process.stdout.write(
      `\nThe published set on ${demo ? 'the demo city' : `a ${staff.toLocaleString('en-US')}-staff city`} (${departments} departments), one course or track at a time (smallest first):\n\n` +
        `| subject | assignments | cube cells | figures | fewer than 5 | suppressed | withheld | HiGHS solves | time |\n|---|---|---|---|---|---|---|---|---|\n${rows.join('\n')}\n` +
        (left ? `\n${left} of ${subjects.length} subjects not started: the ${budget} s budget was spent.\n` : `\nEvery subject in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`),
    );
  } finally {
    await city.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`publication benchmark failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
