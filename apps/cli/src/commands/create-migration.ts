import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Writes an empty migration and adds it to migrations/index.ts, so the DataSource loads it. */
export function createMigration(name: string | undefined, root = process.cwd(), now = Date.now()): number {
  if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
    process.stderr.write('Give the migration a PascalCase name, e.g. npm run migrate:create -- AddCohorts\n');
    return 2;
  }
  const dir = resolve(root, 'migrations');
  const index = join(dir, 'index.ts');
  if (!existsSync(index)) {
    process.stderr.write(`No migrations/index.ts under ${root}; run this from the repository root.\n`);
    return 2;
  }
  const className = `${name}${now}`;
  const file = `${now}-${name}`;
  writeFileSync(
    join(dir, `${file}.ts`),
    `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(\`\`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(\`\`);
  }
}
`,
  );
  const source = readFileSync(index, 'utf8');
  const lastImport = source.lastIndexOf('\nimport ');
  const endOfImports = source.indexOf('\n', lastImport + 1);
  let updated = `${source.slice(0, endOfImports + 1)}import { ${className} } from './${file}';\n${source.slice(endOfImports + 1)}`;
  updated = updated.replace(/\n\];/, `\n  ${className},\n];`);
  writeFileSync(index, updated);
  process.stdout.write(`Created migrations/${file}.ts\n`);
  return 0;
}
