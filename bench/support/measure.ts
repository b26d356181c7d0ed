/** Timing and memory for benchmark stages, and the table they are printed in. */

import { readFileSync } from 'node:fs';

export interface Stage {
  name: string;
  seconds: number;
  rows: number;
  /** Highest resident set size seen while the stage ran, in MB (sampled every 10 ms). */
  peakRssMb: number;
}

const mb = (bytes: number) => bytes / 1024 / 1024;

/** Runs one stage after a garbage collection (when node runs with --expose-gc), sampling RSS as it goes. */
export async function measure<T>(name: string, rows: number, work: () => Promise<T>): Promise<{ stage: Stage; value: T }> {
  (globalThis as { gc?: () => void }).gc?.();
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  const started = process.hrtime.bigint();
  try {
    const value = await work();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    peak = Math.max(peak, process.memoryUsage.rss());
    return { stage: { name, seconds, rows, peakRssMb: mb(peak) }, value };
  } finally {
    clearInterval(sampler);
  }
}

/** The peak RSS of the whole process so far (the kernel's figure), in MB. */
export function processPeakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** A plain-text table: each stage beside the baseline stage's time. */
export function table(stages: Stage[], baseline: Stage): string {
  const head = ['stage', 'time', 'rows/s', 'vs baseline', 'peak RSS'];
  const body = stages.map((s) => [
    s.name,
    `${s.seconds.toFixed(2)} s`,
    Math.round(s.rows / s.seconds).toLocaleString('en-US'),
    `${(s.seconds / baseline.seconds).toFixed(1)}×`,
    `${Math.round(s.peakRssMb)} MB`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** `--name value` from the command line. */
export function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  // The fallback is the bench's own (0 may mean "not asked for"); only a value given is checked.
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number`);
  return value;
}

/** `--name value` (or `--name=value`) from the command line, as text (undefined when absent). */
export function textOption(name: string): string | undefined {
  // `--name=value`, for a value that starts with dashes itself (Node flags).
  const joined = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  if (joined !== undefined) return joined.slice(name.length + 3);
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return undefined;
  const value = process.argv[at + 1];
  if (!value || value.startsWith('--')) throw new Error(`--${name} needs a value`);
  return value;
}

/** `--name` present on the command line. */
export function flag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}

/** The value at quantile `q` (0–1) of `samples` (nearest rank). */
export function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export interface Latency {
  name: string;
  /** Seconds per run. */
  samples: number[];
}

/** Times `work` `runs` times (after `warmup` untimed runs), one sample per run, in seconds. */
export async function repeat(name: string, runs: number, warmup: number, work: () => Promise<unknown>): Promise<Latency> {
  for (let i = 0; i < warmup; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await work();
    samples.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  return { name, samples };
}

/** A plain-text table of repeated runs: median and p95 of each beside the baseline's median. */
export function latencyTable(rows: Latency[], baseline: Latency): string {
  const ms = (s: number) => `${(s * 1000).toFixed(1)} ms`;
  const base = quantile(baseline.samples, 0.5);
  const head = ['query', 'runs', 'median', 'p95', 'max', 'vs baseline (median)'];
  const body = rows.map((r) => [r.name, String(r.samples.length), ms(quantile(r.samples, 0.5)), ms(quantile(r.samples, 0.95)), ms(Math.max(...r.samples)), `${(quantile(r.samples, 0.5) / base).toFixed(2)}×`]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** Peak and current resident memory of a process (Linux), in MB. */
export function memoryOf(pid: number): { peakMb: number; rssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
}

/** CPU time a process has used so far (user + system, Linux), in ms. */
export function cpuMsOf(pid: number): number {
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}
