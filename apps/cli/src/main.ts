import 'reflect-metadata';
import { ConfigError, loadConfig } from '@equip/server/config';
import { checkDatabaseReachable, ensureDatabase, redactUrl } from '@equip/server/database';
import { contentCheck } from './commands/content-check';
import { contentSync } from './commands/content-sync';
import { createMigration } from './commands/create-migration';
import { migrate, revertMigration } from './commands/migrate';
import { reportingRebuild } from './commands/reporting-rebuild';
import { rosterImport } from './commands/roster-import';
import { seedDemo } from './commands/seed-demo';
import { startAll } from './commands/start';
import { storageCopy } from './commands/storage-copy';

const USAGE = `Usage: equip <command>
  migrate                 apply pending migrations
  migrate:revert          undo the last migration
  migrate:create <Name>   add a new migration file
  seed-demo               fill an empty database with the demo city
  content-check           check the course catalog in content/ (no database); --dir <folder>
  content-sync            publish the catalog in content/ to the database; --dir <folder>
  roster-import <file>    import the full staff roster CSV; --dry-run shows what would change
  reporting-rebuild       recompute the reporting rollups from the base tables
  storage-copy            copy files kept in a folder (STORAGE_DIR) into FILE_STORAGE; --from <folder>
  start                   migrate, seed when empty, run api and worker`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === 'migrate:create') return createMigration(args[0]);
  if (command === 'content-check') return contentCheck(args);
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  if (command === 'start') {
    // `npm start` on a fresh machine: PostgreSQL runs, but nobody has made Equip's database yet. If
    // this fails (no server, no CREATEDB), the check below says what is wrong.
    const created = await ensureDatabase(config.databaseUrl).catch(() => false);
    if (created) process.stdout.write(`Created the database ${redactUrl(config.databaseUrl)}\n`);
  }
  const unreachable = await checkDatabaseReachable(config.databaseUrl);
  if (unreachable) throw new Error(unreachable);
  switch (command) {
    case 'migrate':
      return migrate(config);
    case 'migrate:revert':
      return revertMigration(config);
    case 'seed-demo':
      return seedDemo(config);
    case 'roster-import':
      return rosterImport(config, args);
    case 'content-sync':
      return contentSync(config, args);
    case 'reporting-rebuild':
      return reportingRebuild(config);
    case 'storage-copy':
      return storageCopy(config, args);
    case 'start':
      return startAll(config);
    default:
      process.stderr.write(`Unknown command "${command}".\n${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`equip: ${error instanceof ConfigError ? error.message : (error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
