import type { AppConfig } from '@equip/server/config';
import { ConflictError } from '@equip/server/http';
import type { RosterImportResult } from '@equip/shared/contracts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRosterImportArgs, rosterImport, RunRosterImport } from './roster-import';

const config = { databaseUrl: 'postgres://unused' } as AppConfig;
const dir = mkdtempSync(join(tmpdir(), 'equip-roster-cli-'));
const csv = join(dir, 'roster.csv');
writeFileSync(csv, 'employee_id\n');

const result = (over: Partial<RosterImportResult> = {}): RosterImportResult => ({
  dryRun: false,
  applied: true,
  rows: 3,
  problems: [],
  added: [{ employeeId: 'E3', name: 'Zoë Nguyễn' }],
  changed: [{ employeeId: 'E1', name: 'Ana Diaz', fields: { job_title: ['Planner', 'Director'], work_location: [null, 'Annex'] } }],
  deactivated: [{ employeeId: 'E9', name: 'Bo Lee' }],
  reactivated: [],
  unchanged: 1,
  ...over,
});

describe('roster-import command', () => {
  let out: string;
  let err: string;
  beforeEach(() => {
    out = '';
    err = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    jest.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  });
  afterEach(() => jest.restoreAllMocks());

  it('reads a file and --dry-run in either order', () => {
    expect(parseRosterImportArgs([csv])).toEqual({ file: csv, dryRun: false });
    expect(parseRosterImportArgs(['--dry-run', csv])).toEqual({ file: csv, dryRun: true });
    expect(parseRosterImportArgs([csv, '--dry-run'])).toEqual({ file: csv, dryRun: true });
  });

  it.each([
    [[], 'Name the roster file.'],
    [['--dry-run'], 'Name the roster file.'],
    [[csv, 'other.csv'], 'Name one roster file (got 2).'],
    [[csv, '--force'], 'Unknown option --force.'],
  ])('exits 2 with the usage for %j', async (args, message) => {
    const run = jest.fn<ReturnType<RunRosterImport>, Parameters<RunRosterImport>>();
    expect(await rosterImport(config, args, run)).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain('Usage: npm run roster:import -- <roster.csv> [--dry-run]');
    expect(run).not.toHaveBeenCalled();
  });

  it('exits 2 when the file does not exist', async () => {
    const run = jest.fn<ReturnType<RunRosterImport>, Parameters<RunRosterImport>>();
    expect(await rosterImport(config, [join(dir, 'missing.csv')], run)).toBe(2);
    expect(err).toContain('no such file');
    expect(run).not.toHaveBeenCalled();
  });

  it('imports and prints what changed, field by field; exit 0', async () => {
    const run = jest.fn<ReturnType<RunRosterImport>, Parameters<RunRosterImport>>().mockResolvedValue(result());
    expect(await rosterImport(config, [csv], run)).toBe(0);
    expect(run).toHaveBeenCalledWith(config, { file: csv, dryRun: false });
    expect(out).toBe(
      [
        'Imported roster.csv.',
        '3 rows: 1 added, 1 changed, 1 deactivated, 0 reactivated, 1 unchanged.',
        'Added:',
        '  + E3  Zoë Nguyễn',
        'Changed:',
        '  ~ E1  Ana Diaz',
        '      job_title: Planner → Director',
        '      work_location: (empty) → Annex',
        'Deactivated:',
        '  - E9  Bo Lee',
        '',
      ].join('\n'),
    );
  });

  it('says a dry run wrote nothing', async () => {
    const run = jest.fn<ReturnType<RunRosterImport>, Parameters<RunRosterImport>>().mockResolvedValue(result({ dryRun: true, applied: false }));
    expect(await rosterImport(config, ['--dry-run', csv], run)).toBe(0);
    expect(run).toHaveBeenCalledWith(config, { file: csv, dryRun: true });
    expect(out).toMatch(/^Dry run of roster\.csv: nothing was written/);
  });

  it('prints each problem as "line N, column: message" and exits 1', async () => {
    const problems = [
      { line: 1, column: null, message: 'the header has unknown 1 column: notes.' },
      { line: 4, column: 'email' as const, message: '"bob@" is not an email address.' },
    ];
    const run = jest.fn<ReturnType<RunRosterImport>, Parameters<RunRosterImport>>().mockResolvedValue(result({ applied: false, problems, omittedProblems: 3 }));
    expect(await rosterImport(config, [csv], run)).toBe(1);
    expect(err).toBe(
      [
        'roster.csv has 5 problems; nothing was imported.',
        'line 1: the header has unknown 1 column: notes.',
        'line 4, email: "bob@" is not an email address.',
        '… and 3 more problems.',
        '',
      ].join('\n'),
    );
    expect(out).toBe('');
  });

  it('exits 1 when another import is running', async () => {
    const run = jest.fn<ReturnType<RunRosterImport>, Parameters<RunRosterImport>>().mockRejectedValue(new ConflictError('Another roster import is running.'));
    expect(await rosterImport(config, [csv], run)).toBe(1);
    expect(err).toContain('Another roster import is running.');
  });

  it('lets other failures reach main, which exits 1', async () => {
    const run = jest.fn<ReturnType<RunRosterImport>, Parameters<RunRosterImport>>().mockRejectedValue(new Error('connection lost'));
    await expect(rosterImport(config, [csv], run)).rejects.toThrow('connection lost');
  });
});
