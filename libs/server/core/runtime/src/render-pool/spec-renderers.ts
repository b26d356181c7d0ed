// Renderers for render-pool.spec.ts: they run on the pool's threads.
import { threadId } from 'node:worker_threads';
import { ServiceBusyError } from '@equip/server/http';

/** The thread it ran on, and that an `@equip/*` import resolves there, as bytes. */
export async function whereAmI(data: { text: string }): Promise<Uint8Array> {
  return new TextEncoder().encode(JSON.stringify({ threadId, text: data.text, aliasResolved: typeof ServiceBusyError === 'function' }));
}

/** Keeps its thread's CPU busy for `ms`, as a page layout does. */
export async function spin(data: { ms: number }): Promise<Uint8Array> {
  const until = Date.now() + data.ms;
  while (Date.now() < until) {
    // busy: no await, like a synchronous layout
  }
  return new Uint8Array([1]);
}

export async function fail(): Promise<Uint8Array> {
  throw new Error('the layout broke');
}
