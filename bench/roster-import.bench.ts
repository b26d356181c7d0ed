/**
 * Roster import at city-of-100,000 scale (`npm run bench -- roster [--rows N]`): a deterministic
 * synthetic roster is imported into a database made for the run, stage by stage, beside a bare
 * baseline on the same machine (a plain COPY of the same file into an unlogged table, no checks).
 * The same roster saved as Windows-1252 (Excel's plain "CSV") is decoded and checked beside the
 * UTF-8 file, so the cost of reading it is printed side by side in one run.
 */
import { AuditService } from '@equip/server/audit';
import { createDataSource } from '@equip/server/database';
import { RosterImportRecordRepository, RosterReader, RosterRepository, RosterService, rosterText } from '@equip/server/roster';
import { createTestDatabase, TEST_SERVER_URL, testConfig } from '@equip/server/testing';
import type { RosterImportResult } from '@equip/shared/contracts';
import { parse } from 'csv-parse';
import { createHash, randomUUID } from 'node:crypto';
import { encode } from 'iconv-lite';
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { measure, option, processPeakRssMb, Stage, table } from './support/measure';
import { departmentTree, writeRoster } from './support/synthetic-roster';

const SEED = 2026;

function expect(what: string, actual: unknown, wanted: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(wanted)) throw new Error(`${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(wanted)}`);
}

function counts(r: RosterImportResult) {
  if (r.problems.length > 0) throw new Error(`the synthetic roster has problems: ${JSON.stringify(r.problems.slice(0, 5))}`);
  return { added: r.added.length, changed: r.changed.length, deactivated: r.deactivated.length, reactivated: r.reactivated.length };
}

async function main(): Promise<void> {
  const rows = option('rows', 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'equip-bench-roster-'));
  const db = await createTestDatabase(TEST_SERVER_URL, 'equip_bench');
  const dataSource = await createDataSource({ databaseUrl: db.url, applicationName: 'equip-bench' }).initialize();
  try {
    const units = departmentTree();
    const ids = new Map(units.map((u) => [u.code, randomUUID()]));
    const paths = new Map<string, string>();
    for (const u of units) paths.set(u.code, `${u.parentCode ? paths.get(u.parentCode) : '/'}${ids.get(u.code)}/`);
    await dataSource.query(
      `INSERT INTO department (id, code, name, kind, parent_id, path)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[])`,
      [
        units.map((u) => ids.get(u.code)),
        units.map((u) => u.code),
        units.map((u) => u.name),
        units.map((u) => (u.parentCode === null ? 'department' : u.code.split('-').length === 2 ? 'division' : 'section')),
        units.map((u) => (u.parentCode ? ids.get(u.parentCode) : null)),
        units.map((u) => paths.get(u.code)),
      ],
    );

    const full = join(dir, 'roster.csv');
    const next = join(dir, 'roster-next.csv');
    const first = await writeRoster(full, rows, SEED);
    const feed = await writeRoster(next, rows, SEED, { changeEvery: 100, dropEvery: 150, add: Math.round(rows / 200) });
    const service = new RosterService(dataSource, new RosterRepository(), new AuditService(dataSource), new RosterImportRecordRepository(dataSource), testConfig({ databaseUrl: db.url }));
    // Each file's sha256 (recorded with the import) is read before any stage is timed, as the cli does.
    const sha256 = new Map([full, next].map((path) => [path, createHash('sha256').update(readFileSync(path)).digest('hex')]));
    const run = (path: string, dryRun: boolean) =>
      service.importRoster(createReadStream(path, { highWaterMark: 256 * 1024 }), { dryRun, actorId: null, via: 'cli', sha256: sha256.get(path) as string });
    const stages: Stage[] = [];

    const bare = await measure('bare COPY into an unlogged table (baseline)', first.rows, async () => {
      await dataSource.query(`CREATE UNLOGGED TABLE bare_roster (${Array.from({ length: 11 }, (_, i) => `c${i} text`).join(', ')})`);
      const runner = dataSource.createQueryRunner();
      try {
        const client = (await runner.connect()) as PoolClient;
        await pipeline(createReadStream(full, { highWaterMark: 256 * 1024 }), client.query(copyFrom(`COPY bare_roster FROM STDIN (FORMAT csv, HEADER true)`)));
      } finally {
        await runner.release();
      }
    });
    stages.push(bare.stage);

    stages.push(
      (
        await measure('bare csv-parse of the file, no checks', first.rows, async () => {
          let n = 0;
          for await (const _record of createReadStream(full, { highWaterMark: 256 * 1024 }).pipe(parse({ from_line: 2 }))) n++;
          expect('records parsed', n, first.rows);
        })
      ).stage,
    );

    // The same roster as Excel's plain "CSV" writes it: Windows-1252 (a letter it lacks, such as ễ, becomes "?").
    const windows1252 = join(dir, 'roster-windows-1252.csv');
    writeFileSync(windows1252, encode(readFileSync(full, 'utf8'), 'windows-1252'));
    for (const [label, path, encoding] of [
      ['UTF-8', full, 'UTF-8'],
      ['Windows-1252', windows1252, 'Windows-1252'],
    ] as const) {
      const bytes = readFileSync(path);
      const decoded = await measure(`decode the ${label} file to text (encoding detected)`, first.rows, async () => rosterText(bytes));
      expect(`encoding read from the ${label} file`, decoded.value.encoding, encoding);
      stages.push(decoded.stage);
    }
    for (const [label, path] of [
      ['UTF-8', full],
      ['Windows-1252', windows1252],
    ] as const) {
      stages.push(
        (
          await measure(`parse + check every row, ${label} file (no database)`, first.rows, async () => {
            const reader = new RosterReader({ departmentCodes: new Set(units.map((u) => u.code)) });
            let n = 0;
            for await (const _row of reader.read(createReadStream(path, { highWaterMark: 256 * 1024 }))) n++;
            expect('problems', reader.problems, []);
            expect(`rows read from the ${label} file`, n, first.rows);
          })
        ).stage,
      );
    }

    const preview = await measure(`dry run, empty database (${first.rows.toLocaleString('en-US')} to add)`, first.rows, () => run(full, true));
    expect('dry run', counts(preview.value.result), { added: first.rows, changed: 0, deactivated: 0, reactivated: 0 });
    stages.push(preview.stage);

    const imported = await measure('first import (all added, managers linked)', first.rows, () => run(full, false));
    expect('first import', counts(imported.value.result), { added: first.rows, changed: 0, deactivated: 0, reactivated: 0 });
    stages.push(imported.stage);

    const [{ touched }] = await dataSource.query(`SELECT max(updated_at) AS touched FROM staff`);
    const again = await measure('re-import of the same file (no changes)', first.rows, () => run(full, false));
    expect('re-import', counts(again.value.result), { added: 0, changed: 0, deactivated: 0, reactivated: 0 });
    const [{ touched: after }] = await dataSource.query(`SELECT max(updated_at) AS touched FROM staff`);
    expect('updated_at after a re-import', after, touched);
    stages.push(again.stage);

    const change = { added: feed.added, changed: feed.changed, deactivated: feed.deactivated, reactivated: 0 };
    const label = `${feed.changed} changed, ${feed.deactivated} gone, ${feed.added} new`;
    const feedPreview = await measure(`dry run of a nightly feed (${label})`, feed.rows, () => run(next, true));
    expect('feed dry run', counts(feedPreview.value.result), change);
    stages.push(feedPreview.stage);

    const feedImport = await measure('import of that feed', feed.rows, () => run(next, false));
    expect('feed import', counts(feedImport.value.result), change);
    stages.push(feedImport.stage);

    const [{ version }] = await dataSource.query(`SELECT current_setting('server_version') AS version`);
    process.stdout.write(
      `\nRoster import: ${first.rows.toLocaleString('en-US')} rows, ${(first.bytes / 1024 / 1024).toFixed(1)} MB CSV ` +
        `(node ${process.version}, PostgreSQL ${version}); baseline = bare COPY\n\n${table(stages, bare.stage)}\n\n` +
        `Peak RSS of the benchmark process: ${Math.round(processPeakRssMb())} MB.\n`,
    );
  } finally {
    await dataSource.destroy();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`roster-import benchmark failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
