import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildSpec {
  name: string;
  main: string;
  /** A line the process prints once it serves (the api listening, the worker started). */
  readyLine: string;
}

export interface SupervisorEvents {
  /** A ready process crashed and will be started again after `delayMs`. */
  crashed?(name: string, exit: string, restarts: number, delayMs: number): void;
  /** A restarted process is ready again. */
  running?(name: string, restarts: number): void;
}

export const FIRST_RESTART_DELAY_MS = 1_000;
export const MAX_RESTART_DELAY_MS = 30_000;
/** A process that stayed up this long is well again: its next crash restarts it after the first delay. */
export const HEALTHY_AFTER_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

interface Supervised {
  spec: ChildSpec;
  child?: ChildProcess;
  ready: boolean;
  /** Has served at least once: its settings and dependencies were good, so a crash is worth a restart. */
  everReady: boolean;
  readyAt?: number;
  restarts: number;
  delayMs: number;
  timer?: NodeJS.Timeout;
}

const describeExit = (code: number | null, signal: NodeJS.Signals | null) => (signal ? `signal ${signal}` : `exit code ${code}`);

/**
 * Runs `npm start`'s processes. A process that fails before it is ready stops everything (its own
 * message says why: bad settings, no database). One that crashes after it was ready is started again
 * with back-off (1 s, doubling to 30 s, back to 1 s after a minute of good health) while the others
 * keep serving. `done` resolves with 0 once everything stopped cleanly after `stop()`, 1 otherwise.
 */
export class Supervisor {
  private readonly processes: Supervised[];
  private stopping = false;
  private failed = false;
  private resolveDone!: (code: number) => void;
  readonly done = new Promise<number>((resolve) => (this.resolveDone = resolve));

  constructor(
    specs: ChildSpec[],
    private readonly env: NodeJS.ProcessEnv,
    private readonly events: SupervisorEvents = {},
  ) {
    this.processes = specs.map((spec) => ({ spec, ready: false, everReady: false, restarts: 0, delayMs: FIRST_RESTART_DELAY_MS }));
  }

  start(): void {
    for (const p of this.processes) this.launch(p);
  }

  /** Resolves once every process has become ready (false if one failed or everything stopped first). */
  async ready(): Promise<boolean> {
    while (!this.stopping) {
      if (this.processes.every((p) => p.ready)) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  }

  async stop(reason: string): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    process.stdout.write(`\nStopping Equip (${reason})…\n`);
    const running = this.processes.flatMap((p) => {
      if (p.timer) clearTimeout(p.timer);
      const child = p.child;
      if (!child || child.exitCode !== null || child.signalCode !== null) return [];
      child.kill('SIGTERM');
      return [
        new Promise<number>((done) =>
          child.once('exit', (code, signal) => {
            // Its own message (stderr) says why; this line says which process made `npm start` end badly.
            if (code) process.stdout.write(`Equip ${p.spec.name} ended with ${describeExit(code, signal)} while stopping\n`);
            done(code ?? (signal ? 0 : 1));
          }),
        ),
      ];
    });
    const kill = setTimeout(() => this.processes.forEach((p) => p.child?.exitCode === null && p.child.kill('SIGKILL')), STOP_TIMEOUT_MS);
    const codes = await Promise.all(running);
    clearTimeout(kill);
    this.resolveDone(this.failed || codes.some((c) => c !== 0) ? 1 : 0);
  }

  private launch(p: Supervised): void {
    const child = spawn(process.execPath, [p.spec.main], { env: this.env, stdio: ['ignore', 'pipe', 'inherit'] });
    p.child = child;
    p.ready = false;
    // Pass the output through, watching for the ready line.
    createInterface({ input: child.stdout as NonNullable<typeof child.stdout> }).on('line', (line) => {
      process.stdout.write(`${line}\n`);
      if (!p.ready && line.includes(p.spec.readyLine)) {
        p.ready = true;
        p.everReady = true;
        p.readyAt = Date.now();
        if (p.restarts > 0) this.events.running?.(p.spec.name, p.restarts);
      }
    });
    child.once('exit', (code, signal) => this.exited(p, code, signal));
  }

  private exited(p: Supervised, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping) return;
    const exit = describeExit(code, signal);
    if (!p.everReady) {
      // Never served: restarting would print the same failure forever.
      this.failed = true;
      void this.stop(`${p.spec.name} exited before it was ready (${exit})`);
      return;
    }
    if (p.ready && Date.now() - (p.readyAt ?? 0) >= HEALTHY_AFTER_MS) p.delayMs = FIRST_RESTART_DELAY_MS;
    p.restarts += 1;
    const delay = p.delayMs;
    p.delayMs = Math.min(p.delayMs * 2, MAX_RESTART_DELAY_MS);
    process.stdout.write(`Equip ${p.spec.name} stopped unexpectedly (${exit}); starting it again in ${delay / 1000} s\n`);
    this.events.crashed?.(p.spec.name, exit, p.restarts, delay);
    p.timer = setTimeout(() => this.launch(p), delay);
  }
}
