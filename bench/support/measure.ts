/** Timing and memory for benchmark stages, and the table they are printed in. */

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
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number`);
  return value;
}
