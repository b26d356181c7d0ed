/** At most `size` callers inside `run` at once in this process; the others wait their turn, in order. */
export class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

/** `work` for every item, at most `inFlight` at once; resolves when all have settled (`work` handles its own errors). */
export async function forEachBounded<T>(items: T[], inFlight: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(inFlight, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/**
 * Group commit: `add(item)` resolves once a `write` that held it has finished (rejects if it
 * failed). One write at a time; items added while one is running go together in the next, so
 * under load one statement records several, and alone each is written at once.
 */
export function groupCommit<T>(write: (items: T[]) => Promise<void>): (item: T) => Promise<void> {
  let waiting: { item: T; done: (error?: unknown) => void }[] = [];
  let writing = false;
  const drain = async () => {
    writing = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      const error = await write(batch.map((b) => b.item)).then(() => undefined, (e: unknown) => e ?? new Error('write failed'));
      for (const b of batch) b.done(error);
    }
    writing = false;
  };
  return (item) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ item, done: (error) => (error ? reject(error) : resolve()) });
      if (!writing) void drain();
    });
}
