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
    expect(parseRosterImportArgs([csv])).toEqual({ file: csv, dryRun: false, mode: 'full' });
    expect(parseRosterImportArgs(['--dry-run', csv])).toEqual({ file: csv, dryRun: true, mode: 'full' });
    expect(parseRosterImportArgs([csv, '--dry-run'])).toEqual({ file: csv, dryRun: true, mode: 'full' });
  });

  it('reads --changes-only and --confirm-deactivate N (or =N)', () => {
    expect(parseRosterImportArgs([csv, '--changes-only'])).toEqual({ file: csv, dryRun: false, mode: 'changes-only' });
    expect(parseRosterImportArgs(['--confirm-deactivate', '133', csv])).toEqual({ file: csv, dryRun: false, mode: 'full', confirmDeactivate: 133 });
    expect(parseRosterImportArgs([csv, '--confirm-deactivate=0'])).toEqual({ file: csv, dryRun: false, mode: 'full', confirmDeactivate: 0 });
  });

  it.each([
    [[], 'Name the roster file.'],
    [['--dry-run'], 'Name the roster file.'],
    [[csv, 'other.csv'], 'Name one roster file (got 2).'],
    [[csv, '--force'], 'Unknown option --force.'],
    [[csv, '--confirm-deactivate'], '--confirm-deactivate takes the number of people the import deactivates, such as --confirm-deactivate 133.'],
    [[csv, '--confirm-deactivate', 'all'], '--confirm-deactivate takes the number'],
    [[csv, '--confirm-deactivate=-3'], '--confirm-deactivate takes the number'],
  ])('exits 2 with the usage for %j', async (args, message) => {
    const run = jest.fn<ReturnType<RunRosterImport>, Parameters<RunRosterImport>>();
    expect(await rosterImport(config, args, run)).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain('Usage: npm run roster:import -- <roster.csv> [--dry-run] [--changes-only] [--confirm-deactivate N]');
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
    expect(run).toHaveBeenCalledWith(config, { file: csv, dryRun: false, mode: 'full' });
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
    expect(run).toHaveBeenCalledWith(config, { file: csv, dryRun: true, mode: 'full' });
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

  it('says how to confirm a large deactivation, and who with a role would leave', async () => {
    const run = jest.fn<ReturnType<RunRosterImport>, Parameters<RunRosterImport>>().mockResolvedValue(
      result({
        dryRun: true,
        applied: false,
        confirmation: { required: true, deactivate: 133, threshold: 50, confirmed: false },
        leavingRoleHolders: [{ staffId: 's9', employeeId: 'E9', name: 'Bo Lee', roles: ['equity_lead'] }],
        departmentsLosingOnlyLead: [{ departmentId: 'd1', code: 'TES', name: 'Transportation', leads: [{ staffId: 's9', name: 'Bo Lee' }] }],
      }),
    );
    expect(await rosterImport(config, ['--dry-run', csv], run)).toBe(0);
    expect(out).toContain('It would deactivate 133 people, more than 50: import it with --confirm-deactivate 133.\n');
    expect(out).toContain('Leaving with a role:\n  ! E9  Bo Lee (equity_lead)\n');
    expect(out).toContain('Departments left without an equity lead:\n  ! TES  Transportation (Bo Lee)\n');
  });

  it('exits 1 naming the flag when the confirmation is missing', async () => {
    const problems = [{ line: 0, column: null, message: 'This import would deactivate 133 people, more than 50; confirm by typing 133 (confirmDeactivate=133).' }];
    const confirmation = { required: true, deactivate: 133, threshold: 50, confirmed: false, refused: true };
    const run = jest.fn<ReturnType<RunRosterImport>, Parameters<RunRosterImport>>().mockResolvedValue(result({ applied: false, problems, confirmation }));
    expect(await rosterImport(config, [csv], run)).toBe(1);
    expect(err).toBe('roster.csv was not imported: This import would deactivate 133 people, more than 50; confirm by typing 133 (--confirm-deactivate 133).\n');
  });

  it('prints a problem with no line as it is', async () => {
    const problems = [{ line: 0, column: null, message: "This import would deactivate Ana Diaz (employee E1), and with them the city's last active RASE administrator; keep at least one." }];
    const run = jest.fn<ReturnType<RunRosterImport>, Parameters<RunRosterImport>>().mockResolvedValue(result({ applied: false, problems }));
    expect(await rosterImport(config, [csv], run)).toBe(1);
    expect(err).toContain(`\n${problems[0].message}\n`);
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
