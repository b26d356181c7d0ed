import { basename } from 'node:path';

/** Jest's globals, typed here so this library also compiles where Jest's types are absent (bench/). */
interface JestGlobals {
  jest: { setTimeout(ms: number): void };
  beforeAll(fn: () => void): void;
  afterAll(fn: () => void): void;
  expect: { getState(): { testPath?: string } };
}

// Loaded when called: @jest/globals refuses to load outside a test, and bench/ imports this library.
const jestGlobals = (): JestGlobals => require('@jest/globals') as JestGlobals;

/**
 * Gives a suite its time budget: each test and hook may take that long (a busy machine is slow,
 * not broken), and the suite prints how long it took beside the budget, so a suite creeping
 * towards it is noticed before it fails. Call once at the top of a spec file.
 */
export function timeBudget(seconds: number): void {
  const { jest, beforeAll, afterAll, expect } = jestGlobals();
  jest.setTimeout(seconds * 1000);
  let started = 0;
  beforeAll(() => {
    started = performance.now();
  });
  afterAll(() => {
    const name = basename(expect.getState().testPath ?? 'suite');
    process.stdout.write(`${name}: ${((performance.now() - started) / 1000).toFixed(1)} s (budget ${seconds} s)\n`);
  });
}
