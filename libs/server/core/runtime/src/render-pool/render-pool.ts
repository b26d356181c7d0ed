import { extname, join } from 'node:path';
import type { OnModuleDestroy } from '@nestjs/common';
import { Piscina } from 'piscina';
import { ServiceBusyError } from '@equip/server/http';
// A type-only import, but it also makes tsc compile the thread's entry file into dist/ beside this one.
import type renderOnThread from './render-pool.thread';

/**
 * A renderer the pool can run on its threads: a module file and the name of a function it exports,
 * which takes plain data (what structured clone copies: no class instances, no functions) and
 * returns the file's bytes. Name the file from the caller's own `__filename`, so it is the `.js`
 * tsc wrote in the built api and the `.ts` source under Jest: see `rendererIn`.
 */
export interface Renderer<T> {
  file: string;
  name: string;
  /** Only carries the data's type. */
  readonly data?: T;
}

/** A renderer exported by the module beside `sibling` (pass `__filename`) named `module`. */
export function rendererIn<T>(sibling: string, module: string, name: string): Renderer<T> {
  return { file: join(sibling, '..', `${module}${extname(sibling)}`), name };
}

/**
 * Work sent to a pool after `close()`: the process is stopping (a job runs again after it starts).
 * A request the api still answers meanwhile gets a 503 with Retry-After, not a 500.
 */
export class RenderPoolClosedError extends ServiceBusyError {
  constructor() {
    super('This server is restarting; try again in a few seconds.', RENDER_POOL_DEFAULTS.retryAfterSeconds);
  }
}

/** What a pool thread receives. */
export interface RenderTask {
  file: string;
  name: string;
  data: unknown;
}

export interface RenderPoolOptions {
  /** Threads rendering at once; each uses one core while it lays out a page. */
  threads?: number;
  /** Renders that may wait for a thread; one more is refused with a 503 (Retry-After), never left hanging. */
  queue?: number;
  /** A render that takes longer fails, and its thread is replaced. */
  timeoutMs?: number;
  /** What Retry-After says when the queue is full. */
  retryAfterSeconds?: number;
  /** Message of the 503 when the queue is full. */
  busyMessage?: string;
  /** How long an idle thread is kept (its fonts, its WebAssembly memory) before it ends and gives its memory back. */
  idleTimeoutMs?: number;
}

export const RENDER_POOL_DEFAULTS = { threads: 1, queue: 16, timeoutMs: 60_000, retryAfterSeconds: 5 } as const;

/**
 * Lays out files (PDFs) on worker threads, so the api's event loop keeps answering while they render,
 * with a bounded queue: at most `threads + queue` renders are in flight, and one more is refused at
 * once. Built on piscina (a maintained pool: threads started on demand, kept warm a minute, replaced
 * when one dies or is aborted for its time limit). Generic: any module's exported
 * renderer runs on it, so one pool (and its threads) serves every kind of file the api lays out.
 */
export class RenderPool implements OnModuleDestroy {
  private readonly pool: Piscina<Parameters<typeof renderOnThread>[0], unknown>;
  private readonly timeoutMs: number;
  private readonly retryAfterSeconds: number;
  private readonly busyMessage: string;
  /** Renders running or waiting; piscina's own maxQueue does not count abortable tasks (ours, for the time limit). */
  private inFlight = 0;
  private readonly capacity: number;
  /** Set by `close()`: piscina would start a new thread for work sent after a destroy, so the pool refuses it itself. */
  private closed = false;

  constructor(options: RenderPoolOptions = {}) {
    const threads = Math.max(1, options.threads ?? RENDER_POOL_DEFAULTS.threads);
    this.timeoutMs = options.timeoutMs ?? RENDER_POOL_DEFAULTS.timeoutMs;
    this.retryAfterSeconds = options.retryAfterSeconds ?? RENDER_POOL_DEFAULTS.retryAfterSeconds;
    this.busyMessage = options.busyMessage ?? 'Too many files are being prepared right now; try again in a few seconds.';
    this.capacity = threads + Math.max(0, options.queue ?? RENDER_POOL_DEFAULTS.queue);
    const typescript = extname(__filename) === '.ts';
    this.pool = new Piscina<RenderTask, unknown>({
      filename: join(__dirname, `render-pool.thread${extname(__filename)}`),
      minThreads: 0,
      maxThreads: threads,
      // A thread holds fonts and the layout code once loaded; keep it a while rather than reload per file.
      idleTimeout: options.idleTimeoutMs ?? 60_000,
      execArgv: typescript ? ['--require', join(__dirname, 'typescript-thread.cjs')] : [],
    });
  }

  /** Renders on a pool thread; a full queue throws ServiceBusyError (503 with Retry-After). */
  async render<T>(renderer: Renderer<T>, data: T): Promise<Buffer> {
    const bytes = await this.compute<T, Uint8Array>(renderer, data);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /**
   * Runs the function on a pool thread and answers what it returns (copied by structured clone):
   * CPU-heavy work that is not a file, such as the protection of the published figures.
   */
  async compute<T, R>(renderer: Renderer<T>, data: T): Promise<R> {
    if (this.closed) throw new RenderPoolClosedError();
    if (this.inFlight >= this.capacity) throw new ServiceBusyError(this.busyMessage, this.retryAfterSeconds);
    this.inFlight++;
    try {
      return (await this.pool.run({ file: renderer.file, name: renderer.name, data }, { signal: AbortSignal.timeout(this.timeoutMs) })) as R;
    } catch (error) {
      if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
        throw new Error(`Rendering with ${renderer.name} took more than ${this.timeoutMs} ms`, { cause: error });
      }
      throw error;
    } finally {
      this.inFlight--;
    }
  }

  /** Renders running or waiting now. */
  get load(): number {
    return this.inFlight;
  }

  /** Ends the threads now (work under way fails) and refuses any work sent afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    await this.pool.destroy();
  }

  onModuleDestroy(): Promise<void> {
    return this.close();
  }

}
