import type { CatalogSyncOutcome } from '@equip/server/catalog';
import type { AppConfig } from '@equip/server/config';
import type { CatalogSyncResult } from '@equip/shared/contracts';
import { resolve } from 'node:path';
import { contentSync, RunContentSync } from './content-sync';

const config = { databaseUrl: 'postgres://unused' } as AppConfig;
const root = resolve(__dirname, '../../../..');
const valid = 'libs/server/catalog/src/content/__fixtures__/valid';
const none = { created: 0, updated: 0, archived: 0, unchanged: 0 };
const result = (over: Partial<CatalogSyncResult> = {}): CatalogSyncResult => ({
  competencies: { ...none, unchanged: 2 },
  courses: { ...none, created: 1, updated: 1, archived: 1, unchanged: 3 },
  tracks: { ...none, created: 1 },
  courseVersionsCreated: 2,
  ...over,
});
const runner = (outcome: CatalogSyncOutcome) => jest.fn<ReturnType<RunContentSync>, Parameters<RunContentSync>>().mockResolvedValue(outcome);

describe('content-sync command', () => {
  let out: string;
  let err: string;
  beforeEach(() => {
    out = '';
    err = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    jest.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  });
  afterEach(() => jest.restoreAllMocks());

  it('publishes the folder and prints the counts; exit 0', async () => {
    const run = runner({ problems: [], result: result() });
    expect(await contentSync(config, ['--dir', valid], run, root)).toBe(0);
    expect(run).toHaveBeenCalledWith(config, resolve(root, valid));
    expect(out).toBe(
      [
        `Published the catalog from ${valid}/:`,
        '  competencies 0 created, 0 updated, 0 archived, 2 unchanged',
        '  courses      1 created, 1 updated, 1 archived, 3 unchanged (2 new versions)',
        '  tracks       1 created, 0 updated, 0 archived, 0 unchanged',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing changed', async () => {
    const unchanged = { ...none, unchanged: 1 };
    const run = runner({ problems: [], result: { competencies: unchanged, courses: unchanged, tracks: unchanged, courseVersionsCreated: 0 } });
    expect(await contentSync(config, ['--dir', valid], run, root)).toBe(0);
    expect(out).toMatch(/^The catalog from .*valid\/ is already published; nothing changed:\n/);
  });

  it('prints the problems and exits 1 when the catalog has any', async () => {
    const run = runner({ problems: [{ file: 'courses/x/02-y.md', line: 14, message: 'a question with no correct option (q3)' }], result: null });
    expect(await contentSync(config, ['--dir', valid], run, root)).toBe(1);
    expect(err).toBe(
      `${valid}/courses/x/02-y.md:14: a question with no correct option (q3)\n1 problem in 1 file.\nThe catalog was not published; fix these and run it again.\n`,
    );
    expect(out).toBe('');
  });

  it('exits 2 without touching the database when the folder is missing', async () => {
    const run = runner({ problems: [], result: result() });
    expect(await contentSync(config, ['--dir', 'missing'], run, root)).toBe(2);
    expect(run).not.toHaveBeenCalled();
    expect(err).toContain('No catalog folder at');
  });
});
