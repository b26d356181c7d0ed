import 'reflect-metadata';
import { ConfigError, loadConfig } from '@equip/server/config';
import { checkDatabaseReachable } from '@equip/server/database';
import { createMigration } from './commands/create-migration';
import { migrate, revertMigration } from './commands/migrate';
import { seedDemo } from './commands/seed-demo';
import { startAll } from './commands/start';

const USAGE = `Usage: equip <command>
  migrate                 apply pending migrations
  migrate:revert          undo the last migration
  migrate:create <Name>   add a new migration file
  seed-demo               fill an empty database with the demo city
  start                   migrate, seed when empty, run api and worker`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === 'migrate:create') return createMigration(args[0]);
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  const unreachable = await checkDatabaseReachable(config.databaseUrl);
  if (unreachable) throw new Error(unreachable);
  switch (command) {
    case 'migrate':
      return migrate(config);
    case 'migrate:revert':
      return revertMigration(config);
    case 'seed-demo':
      return seedDemo(config);
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
