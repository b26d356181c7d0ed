#!/usr/bin/env node
// `npm run bench [-- <name> …] [-- --rows N]`: compiles bench/ (tsc + tsc-alias, like the apps) and
// runs every bench/*.bench.ts (or *.bench.mjs) in a process of its own, so each one's memory is its
// own. Names filter which run (`npm run bench -- roster`); other arguments are passed to each.
// A benchmark is a script that prints its table and exits non-zero on failure; add one by adding a file.
// `--seed` (npm run bench:seed) builds the synthetic city instead (bench/support/seed-city.ts).
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const seed = process.argv.includes('--seed');
const args = process.argv.slice(2).filter((arg) => arg !== '--seed');
const names = [];
for (let i = 0; i < args.length && !args[i].startsWith('--'); i++) names.push(args[i]);
const passed = args.slice(names.length);

const benches = seed
  ? ['support/seed-city.ts']
  : readdirSync(join(root, 'bench'))
      .filter((file) => /\.bench\.(ts|mjs)$/.test(file))
      .filter((file) => names.length === 0 || names.some((name) => file.includes(name)))
      .sort();
if (benches.length === 0) {
  process.stderr.write(`No benchmark matches ${names.join(', ')}.\n`);
  process.exit(2);
}

function step(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  return result.status ?? 1;
}

if (benches.some((file) => file.endsWith('.ts'))) {
  rmSync(join(root, 'dist/bench'), { recursive: true, force: true });
  process.stdout.write('Compiling bench/ …\n');
  const bin = (name) => join(root, 'node_modules/.bin', name);
  if (step(bin('tsc'), ['-p', 'bench/tsconfig.json']) !== 0 || step(bin('tsc-alias'), ['-p', 'bench/tsconfig.json']) !== 0) {
    process.exit(1);
  }
}

let failed = 0;
for (const file of benches) {
  const entry = file.endsWith('.ts') ? join(root, 'dist/bench/bench', file.replace(/\.ts$/, '.js')) : join(root, 'bench', file);
  process.stdout.write(`\n▶ ${file}\n`);
  if (step(process.execPath, ['--expose-gc', entry, ...passed]) !== 0) {
    failed++;
    process.stderr.write(`✖ ${file} failed\n`);
  }
}
process.exit(failed === 0 ? 0 : 1);
