import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMigration } from './create-migration';

describe('createMigration', () => {
  it('writes a timestamped file and registers it after the existing migrations', () => {
    const root = mkdtempSync(join(tmpdir(), 'equip-migrations-'));
    mkdirSync(join(root, 'migrations'));
    writeFileSync(
      join(root, 'migrations/index.ts'),
      `import { First1 } from './1-First';\n\nexport const migrations = [\n  First1,\n];\n`,
    );
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);

    expect(createMigration('AddCohorts', root, 1765000000000)).toBe(0);

    expect(existsSync(join(root, 'migrations/1765000000000-AddCohorts.ts'))).toBe(true);
    expect(readFileSync(join(root, 'migrations/index.ts'), 'utf8')).toBe(
      `import { First1 } from './1-First';\nimport { AddCohorts1765000000000 } from './1765000000000-AddCohorts';\n\nexport const migrations = [\n  First1,\n  AddCohorts1765000000000,\n];\n`,
    );
  });

  it('refuses a name that is not PascalCase', () => {
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(createMigration('add cohorts', tmpdir())).toBe(2);
  });
});
