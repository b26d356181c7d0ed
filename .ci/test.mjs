#!/usr/bin/env node
// `npm test`: every check the project has, in order of cost — type checking, lint, the course
// catalog check, unit and
// integration tests (real PostgreSQL and Redis, a database and key prefix per run), a production
// build, then the e2e journeys against the real api and worker processes and Chromium.
// Prints a closing `N passed, N failed` line counting each test and each check.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_SKIP_NX_CACHE: process.env.CI ? 'true' : process.env.NX_SKIP_NX_CACHE ?? '' };
const reports = join(tmpdir(), `equip-test-${process.pid}`);
mkdirSync(reports, { recursive: true });

let passed = 0;
let failed = 0;
const lines = [];

function step(name, command, args, jestReport) {
  const started = Date.now();
  process.stdout.write(`\n=== ${name}: ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (jestReport) {
    let report;
    try {
      report = JSON.parse(readFileSync(jestReport, 'utf8'));
    } catch {
      report = undefined;
    }
    if (report) {
      passed += report.numPassedTests;
      failed += report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
      const ok = result.status === 0 && report.success;
      if (!ok && report.numFailedTests === 0) failed += 1;
      lines.push(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${report.numPassedTests} passed, ${report.numFailedTests} failed (${seconds}s)`);
      return ok;
    }
  }
  const ok = result.status === 0;
  if (ok) passed += 1;
  else failed += 1;
  lines.push(`${ok ? 'ok  ' : 'FAIL'} ${name} (${seconds}s)`);
  return ok;
}

const nx = 'node_modules/.bin/nx';
const jest = 'node_modules/.bin/jest';
step('typecheck', nx, ['run-many', '-t', 'typecheck', '--output-style=static']);
step('lint', 'node_modules/.bin/eslint', ['.', '--max-warnings=0']);
step('content check', 'npm', ['run', '--silent', 'content:check']);
step('unit and integration tests', jest, ['--ci', '--json', `--outputFile=${join(reports, 'unit.json')}`], join(reports, 'unit.json'));
const built = step('production build', nx, ['run-many', '-t', 'build', '-p', 'api', 'worker', 'cli', 'web', '--output-style=static']);
if (built) {
  step('e2e journeys', jest, ['-c', 'e2e/jest.config.js', '--ci', '--runInBand', '--json', `--outputFile=${join(reports, 'e2e.json')}`], join(reports, 'e2e.json'));
} else {
  failed += 1;
  lines.push('FAIL e2e journeys (skipped: the build failed)');
}
rmSync(reports, { recursive: true, force: true });

process.stdout.write(`\n${lines.join('\n')}\n\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
