import { ServiceBusyError } from '@equip/server/http';
import { threadId } from 'node:worker_threads';
import { RenderPool, RenderPoolClosedError, rendererIn } from './render-pool';

const whereAmI = rendererIn<{ text: string }>(__filename, 'spec-renderers', 'whereAmI');
const spin = rendererIn<{ ms: number }>(__filename, 'spec-renderers', 'spin');
const fail = rendererIn<Record<string, never>>(__filename, 'spec-renderers', 'fail');

jest.setTimeout(20_000); // each test starts a thread that compiles its TypeScript

describe('RenderPool', () => {
  let pool: RenderPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it('renders on another thread than the caller’s, with the data it was given', async () => {
    pool = new RenderPool({ threads: 1 });
    const out = JSON.parse((await pool.render(whereAmI, { text: 'hello' })).toString('utf8'));
    expect(out).toEqual({ threadId: expect.any(Number), text: 'hello', aliasResolved: true });
    expect(out.threadId).not.toBe(threadId);
  });

  it('refuses a render beyond the queue at once with a 503 and Retry-After, and still renders the ones it took', async () => {
    pool = new RenderPool({ threads: 1, queue: 1, retryAfterSeconds: 7 });
    const running = pool.render(spin, { ms: 600 });
    const waiting = pool.render(spin, { ms: 10 });
    const refused = await pool.render(spin, { ms: 10 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ServiceBusyError);
    expect(refused).toMatchObject({ status: 503, retryAfter: 7, message: expect.stringContaining('try again') });
    await expect(running).resolves.toEqual(Buffer.from([1]));
    await expect(waiting).resolves.toEqual(Buffer.from([1]));
    // Room again once the queue drained.
    await expect(pool.render(spin, { ms: 1 })).resolves.toEqual(Buffer.from([1]));
  });

  it('fails a render that outlasts its time, replaces the thread and keeps rendering', async () => {
    pool = new RenderPool({ threads: 1, timeoutMs: 3_000 });
    await expect(pool.render(spin, { ms: 30_000 })).rejects.toThrow('Rendering with spin took more than 3000 ms');
    await expect(pool.render(whereAmI, { text: 'after' })).resolves.toBeInstanceOf(Buffer);
  }, 30_000);

  it('passes a renderer’s failure to the caller, and a renderer that does not exist is named', async () => {
    pool = new RenderPool({ threads: 1 });
    await expect(pool.render(fail, {})).rejects.toThrow('the layout broke');
    await expect(pool.render({ file: whereAmI.file, name: 'nothing' }, {})).rejects.toThrow('exports no function named nothing');
  });

  it('once closed, ends the work under way and refuses work sent afterwards instead of starting a thread for it', async () => {
    pool = new RenderPool({ threads: 1 });
    const ended = expect(pool.render(spin, { ms: 30_000 })).rejects.toThrow('Terminating worker thread');
    await pool.close();
    await ended;
    // A publication that reaches its computation after the worker began to stop must fail now, not run for minutes.
    const late = await pool.render(whereAmI, { text: 'late' }).catch((error: unknown) => error);
    expect(late).toBeInstanceOf(RenderPoolClosedError);
    // A request the api still answers while it stops: 503 with Retry-After, not a 500.
    expect(late).toBeInstanceOf(ServiceBusyError);
    expect(late).toMatchObject({ status: 503, retryAfter: 5, message: 'This server is restarting; try again in a few seconds.' });
    expect(pool.load).toBe(0);
  }, 30_000);
});
