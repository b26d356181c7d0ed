import { AuditService } from '@equip/server/audit';
import type { AppConfig } from '@equip/server/config';
import { createDataSource, syncCityTimeZone } from '@equip/server/database';
import { ConflictError } from '@equip/server/http';
import { cohortMembership } from '@equip/server/cohorts';
import { RosterImportRecordRepository, RosterRepository, RosterService } from '@equip/server/roster';
import type { RosterImportMode, RosterImportResult } from '@equip/shared/contracts';
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';

export const ROSTER_IMPORT_USAGE = 'Usage: npm run roster:import -- <roster.csv> [--dry-run] [--changes-only] [--confirm-deactivate N]';

export interface RosterImportArgs {
  file: string;
  dryRun: boolean;
  mode: RosterImportMode;
  /** The number of people the import deactivates, confirmed by whoever schedules it. */
  confirmDeactivate?: number;
}

/** Runs the import of one file; the default opens its own connection, tests pass a fake. */
export type RunRosterImport = (config: AppConfig, args: RosterImportArgs) => Promise<RosterImportResult>;

export function parseRosterImportArgs(argv: string[]): RosterImportArgs | string {
  const args = [...argv];
  let confirmDeactivate: number | undefined;
  const at = args.findIndex((a) => a === '--confirm-deactivate' || a.startsWith('--confirm-deactivate='));
  if (at >= 0) {
    const [flag, inline] = args[at].split('=', 2);
    const value = inline ?? args[at + 1];
    if (value === undefined || !/^\d{1,8}$/.test(value)) return `${flag} takes the number of people the import deactivates, such as ${flag} 133.`;
    confirmDeactivate = Number(value);
    args.splice(at, inline === undefined ? 2 : 1);
  }
  const files = args.filter((a) => !a.startsWith('--'));
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--dry-run' && a !== '--changes-only');
  if (unknown.length > 0) return `Unknown option ${unknown.join(', ')}.`;
  if (files.length !== 1) return files.length === 0 ? 'Name the roster file.' : `Name one roster file (got ${files.length}).`;
  return {
    file: files[0],
    dryRun: args.includes('--dry-run'),
    mode: args.includes('--changes-only') ? 'changes-only' : 'full',
    ...(confirmDeactivate === undefined ? {} : { confirmDeactivate }),
  };
}

/**
 * `roster-import <file.csv> [--dry-run] [--changes-only] [--confirm-deactivate N]`, for scheduled
 * HR feeds: the file is the full roster (whoever is missing is deactivated), or with
 * --changes-only adds and updates the people it lists and deactivates those it lists as inactive.
 * An import that deactivates more than the threshold needs --confirm-deactivate with that number.
 * Exit 0 when imported (or, with --dry-run, when it could be); 1 when the file has problems (each
 * printed as `line N, column: message`, nothing written), the confirmation is missing or wrong, or
 * another import is running; 2 for bad arguments or a file that cannot be read.
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
    if (result.confirmation?.refused) {
      process.stderr.write(`${name} was not imported: ${result.problems[0].message.replace(/\(confirmDeactivate=\d+\)/, `(--confirm-deactivate ${result.confirmation.deactivate})`)}\n`);
      return 1;
    }
    // A problem with no line is about the file as a whole (someone it leaves out).
    const lines = result.problems.map((p) => (p.line > 0 ? `line ${p.line}${p.column ? `, ${p.column}` : ''}: ${p.message}` : p.message));
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
    `${r.rows} rows${r.mode === 'changes-only' ? ' (changes only: people not in the file are left as they are)' : ''}: ` +
      `${r.added.length} added, ${r.changed.length} changed, ${r.deactivated.length} deactivated, ` +
      `${r.reactivated.length} reactivated, ${r.unchanged} unchanged.`,
  ];
  const c = r.confirmation;
  if (r.dryRun && c?.required) {
    out.push(`It would deactivate ${c.deactivate} people, more than ${c.threshold}: import it with --confirm-deactivate ${c.deactivate}.`);
  }
  if (r.leavingRoleHolders && r.leavingRoleHolders.length > 0) {
    out.push('Leaving with a role:', ...r.leavingRoleHolders.map((p) => `  ! ${p.employeeId}  ${p.name} (${p.roles.join(', ')})`));
  }
  if (r.departmentsLosingOnlyLead && r.departmentsLosingOnlyLead.length > 0) {
    out.push(
      'Departments left without an equity lead:',
      ...r.departmentsLosingOnlyLead.map((d) => `  ! ${d.code}  ${d.name} (${d.leads.map((l) => l.name).join(', ')})`),
    );
  }
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
  // Its figures and days are the city's: the database holds CITY_TIME_ZONE before anything is written.
  await syncCityTimeZone(dataSource, config.cityTimeZone);
  try {
    const service = new RosterService(dataSource, new RosterRepository(), new AuditService(dataSource), new RosterImportRecordRepository(dataSource), config);
    const file = createReadStream(args.file, { highWaterMark: 256 * 1024 });
    const { result, staffToReevaluate } = await service.importRoster(file, {
      dryRun: args.dryRun,
      actorId: null,
      via: 'cli',
      fileName: basename(args.file),
      sha256: await sha256(args.file),
      mode: args.mode,
      confirmDeactivate: args.confirmDeactivate,
    });
    // Rule cohorts follow the roster, once the import has committed.
    if (staffToReevaluate.length > 0) await cohortMembership(dataSource).reevaluate(staffToReevaluate);
    return result;
  } finally {
    await dataSource.destroy();
  }
}

/** The file's sha256, hex, read once before the import reads it (a roster is at most tens of megabytes). */
async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
