import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CertificateContent, RenderOptions } from './render-certificate';
// A type-only import, but it also makes tsc compile the thread's entry file into dist/ beside this one.
import type { RenderReply, RenderRequest } from './render.thread';

/**
 * Runs the entry file in a thread when it is TypeScript (Jest, ts sources): registers a `.ts`
 * loader that compiles with SWC (a dev dependency, which is how Jest compiles too), then loads it.
 * The built worker never takes this path: its entry is the `.js` that tsc wrote.
 */
const TYPESCRIPT_BOOTSTRAP = `
const { createRequire } = require('node:module');
const { readFileSync } = require('node:fs');
const { workerData } = require('node:worker_threads');
const load = createRequire(workerData.entry);
const { transformSync } = load('@swc/core');
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename, sourceMaps: 'inline', module: { type: 'commonjs' }, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  });
  module._compile(code, filename);
};
load(workerData.entry);
`;

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (pdf: Buffer) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>;
}

export interface RendererOptions {
  /** Render threads; each renders one certificate at a time, using one core. */
  threads?: number;
  /** A render that takes longer fails, and its thread is replaced. */
  timeoutMs?: number;
}

/**
 * Renders certificate PDFs on worker threads. Rendering is CPU-bound (font subsetting, layout,
 * compression): on the main thread it would block the event loop, and with it BullMQ's lock
 * renewal, so a slow render could let a second worker take the same job. Threads start on the
 * first render and are replaced when one dies.
 */
export class CertificateRenderer {
  private readonly entry = join(__dirname, `render.thread${extname(__filename)}`);
  private readonly slots: Slot[] = [];
  private readonly size: number;
  private readonly timeoutMs: number;
  private nextId = 1;
  private closed = false;

  constructor(options: RendererOptions = {}) {
    this.size = Math.max(1, options.threads ?? 1);
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  render(content: CertificateContent, options: RenderOptions = {}): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('The certificate renderer is closed'));
    const slot = this.slot();
    const id = this.nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        slot.pending.delete(id);
        reject(new Error(`Rendering a certificate took more than ${this.timeoutMs} ms`));
        this.retire(slot, new Error('Render thread replaced after a timeout'));
      }, this.timeoutMs);
      slot.pending.set(id, { resolve, reject, timer });
      slot.worker.postMessage({ id, content, options } satisfies RenderRequest);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    for (const slot of slots) this.fail(slot, new Error('The certificate renderer closed'));
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  /** The least busy thread, starting a new one while fewer than `threads` run. */
  private slot(): Slot {
    if (this.slots.length < this.size) {
      const typescript = this.entry.endsWith('.ts');
      const worker = typescript
        ? new Worker(TYPESCRIPT_BOOTSTRAP, { eval: true, workerData: { entry: this.entry } })
        : new Worker(this.entry);
      // A render thread never keeps the process alive; jobs in flight do.
      worker.unref();
      const slot: Slot = { worker, pending: new Map() };
      worker.on('message', (reply: RenderReply) => {
        const waiting = slot.pending.get(reply.id);
        if (!waiting) return;
        slot.pending.delete(reply.id);
        clearTimeout(waiting.timer);
        if ('error' in reply) waiting.reject(new Error(`Rendering the certificate failed: ${reply.error}`));
        else waiting.resolve(Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength));
      });
      worker.on('error', (error) => this.retire(slot, error));
      worker.on('exit', (code) => this.retire(slot, new Error(`Render thread exited with code ${code}`)));
      this.slots.push(slot);
      return slot;
    }
    return this.slots.reduce((least, slot) => (slot.pending.size < least.pending.size ? slot : least));
  }

  private retire(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    this.slots.splice(index, 1);
    this.fail(slot, error);
    void slot.worker.terminate();
  }

  private fail(slot: Slot, error: Error): void {
    for (const waiting of slot.pending.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(error);
    }
    slot.pending.clear();
  }
}
