import { AuditService } from '@equip/server/audit';
import type { AppConfig } from '@equip/server/config';
import { createDataSource } from '@equip/server/database';
import { ConflictError } from '@equip/server/http';
import { cohortMembership } from '@equip/server/cohorts';
import { RosterRepository, RosterService } from '@equip/server/roster';
import type { RosterImportResult } from '@equip/shared/contracts';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';

export const ROSTER_IMPORT_USAGE = 'Usage: npm run roster:import -- <roster.csv> [--dry-run]';

export interface RosterImportArgs {
  file: string;
  dryRun: boolean;
}

/** Runs the import of one file; the default opens its own connection, tests pass a fake. */
export type RunRosterImport = (config: AppConfig, args: RosterImportArgs) => Promise<RosterImportResult>;

export function parseRosterImportArgs(args: string[]): RosterImportArgs | string {
  const files = args.filter((a) => !a.startsWith('--'));
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--dry-run');
  if (unknown.length > 0) return `Unknown option ${unknown.join(', ')}.`;
  if (files.length !== 1) return files.length === 0 ? 'Name the roster file.' : `Name one roster file (got ${files.length}).`;
  return { file: files[0], dryRun: args.includes('--dry-run') };
}

/**
 * `roster-import <file.csv> [--dry-run]`, for scheduled HR feeds: the file is the full roster.
 * Exit 0 when imported (or, with --dry-run, when it could be); 1 when the file has problems (each
 * printed as `line N, column: message`, nothing written) or another import is running; 2 for bad
 * arguments or a file that cannot be read.
 */
export async function rosterImport(config: AppConfig, argv: string[], runImport: RunRosterImport = importFile): Promise<number> {
  const args = parseRosterImportArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n${ROSTER_IMPORT_USAGE}\n`);
    return 2;
  }
  try {
    if (!statSync(args.file).isFile()) throw new Error('not a file');
  } catch {
    process.stderr.write(`Cannot read ${args.file}: no such file.\n${ROSTER_IMPORT_USAGE}\n`);
    return 2;
  }
  let result: RosterImportResult;
  try {
    result = await runImport(config, args);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  const name = basename(args.file);
  if (result.problems.length > 0) {
    const total = result.problems.length + (result.omittedProblems ?? 0);
    const lines = result.problems.map((p) => `line ${p.line}${p.column ? `, ${p.column}` : ''}: ${p.message}`);
    if (result.omittedProblems) lines.push(`… and ${result.omittedProblems} more problems.`);
    process.stderr.write(`${name} has ${total} ${total === 1 ? 'problem' : 'problems'}; nothing was imported.\n${lines.join('\n')}\n`);
    return 1;
  }
  process.stdout.write(describeResult(name, result));
  return 0;
}

/** What happened (or would happen), person by person, changed fields as before → after. */
export function describeResult(name: string, r: RosterImportResult): string {
  const out = [
    r.dryRun ? `Dry run of ${name}: nothing was written. Importing it would make these changes.` : `Imported ${name}.`,
    `${r.rows} rows: ${r.added.length} added, ${r.changed.length} changed, ${r.deactivated.length} deactivated, ` +
      `${r.reactivated.length} reactivated, ${r.unchanged} unchanged.`,
  ];
  const list = (title: string, mark: string, people: { employeeId: string; name: string }[]) => {
    if (people.length > 0) out.push(`${title}:`, ...people.map((p) => `  ${mark} ${p.employeeId}  ${p.name}`));
  };
  list('Added', '+', r.added);
  if (r.changed.length > 0) {
    out.push('Changed:');
    for (const c of r.changed) {
      out.push(`  ~ ${c.employeeId}  ${c.name}`);
      for (const [field, [before, after]] of Object.entries(c.fields)) out.push(`      ${field}: ${before ?? '(empty)'} → ${after ?? '(empty)'}`);
    }
  }
  list('Deactivated', '-', r.deactivated);
  list('Reactivated', '^', r.reactivated);
  if (r.invitations && r.invitations.invited > 0) {
    const n = r.invitations.invited;
    out.push(`Invited ${n} ${n === 1 ? 'person' : 'people'} to set a password: the worker mails each a link.`);
  }
  return `${out.join('\n')}\n`;
}

async function importFile(config: AppConfig, args: RosterImportArgs): Promise<RosterImportResult> {
  const dataSource = await createDataSource({ databaseUrl: config.databaseUrl, applicationName: 'equip-roster-import' }).initialize();
  try {
    const service = new RosterService(dataSource, new RosterRepository(), new AuditService(dataSource));
    const file = createReadStream(args.file, { highWaterMark: 256 * 1024 });
    const { result, staffToReevaluate } = await service.importRoster(file, { dryRun: args.dryRun, actorId: null, via: 'cli', fileName: basename(args.file) });
    // Rule cohorts follow the roster, once the import has committed.
    if (staffToReevaluate.length > 0) await cohortMembership(dataSource).reevaluate(staffToReevaluate);
    return result;
  } finally {
    await dataSource.destroy();
  }
}
