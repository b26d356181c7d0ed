import { AuditService } from '@equip/server/audit';
import { CatalogRepository, CatalogSyncOutcome, CatalogSyncService } from '@equip/server/catalog';
import type { AppConfig } from '@equip/server/config';
import { createDataSource } from '@equip/server/database';
import type { CatalogSyncCounts, CatalogSyncResult } from '@equip/shared/contracts';
import { existsSync, statSync } from 'node:fs';
import { CONTENT_DIR_USAGE, displayDir, parseContentDir, writeProblems } from './content-check';

/** Checks and publishes one catalog folder; the default opens its own connection, tests pass a fake. */
export type RunContentSync = (config: AppConfig, dir: string) => Promise<CatalogSyncOutcome>;

/**
 * `content-sync [--dir <folder>]`: publishes the catalog files to the database in one transaction,
 * idempotently (see libs/server/catalog/README.md). Exit 0 when published (or already up to date);
 * 1 when the catalog has problems (each printed as by content-check; nothing written); 2 when
 * there is no such folder or the arguments are wrong.
 */
export async function contentSync(config: AppConfig, args: string[], run: RunContentSync = syncDirectory, cwd = process.cwd()): Promise<number> {
  const parsed = parseContentDir(args, cwd);
  if (typeof parsed === 'string') {
    process.stderr.write(`${parsed}\nUsage: npm run content:sync -- ${CONTENT_DIR_USAGE}\n`);
    return 2;
  }
  if (!existsSync(parsed.dir) || !statSync(parsed.dir).isDirectory()) {
    process.stderr.write(`No catalog folder at ${parsed.dir}.\n`);
    return 2;
  }
  const outcome = await run(config, parsed.dir);
  if (outcome.result === null) {
    writeProblems(outcome.problems, parsed.dir, cwd);
    process.stderr.write('The catalog was not published; fix these and run it again.\n');
    return 1;
  }
  process.stdout.write(describeSync(displayDir(parsed.dir, cwd), outcome.result));
  return 0;
}

export function describeSync(dir: string, r: CatalogSyncResult): string {
  const line = (name: string, c: CatalogSyncCounts, extra = '') =>
    `  ${name.padEnd(13)}${c.created} created, ${c.updated} updated, ${c.archived} archived, ${c.unchanged} unchanged${extra}`;
  const changed = [r.competencies, r.courses, r.tracks].some((c) => c.created + c.updated + c.archived > 0);
  return [
    changed ? `Published the catalog from ${dir}/:` : `The catalog from ${dir}/ is already published; nothing changed:`,
    line('competencies', r.competencies),
    line('courses', r.courses, ` (${r.courseVersionsCreated} new ${r.courseVersionsCreated === 1 ? 'version' : 'versions'})`),
    line('tracks', r.tracks),
    '',
  ].join('\n');
}

async function syncDirectory(config: AppConfig, dir: string): Promise<CatalogSyncOutcome> {
  const dataSource = await createDataSource({ databaseUrl: config.databaseUrl, applicationName: 'equip-content-sync' }).initialize();
  try {
    return await new CatalogSyncService(dataSource, new CatalogRepository(), new AuditService(dataSource)).syncFromDirectory(dir);
  } finally {
    await dataSource.destroy();
  }
}
