import { SharedReads } from './shared-reads';

/** A read that answers when told to, counting how often it was made. */
function controlledRead<T>() {
  const made: { answer: (value: T) => void; fail: (error: Error) => void }[] = [];
  const read = () => new Promise<T>((answer, fail) => made.push({ answer, fail }));
  return { read, made };
}

describe('SharedReads', () => {
  it('makes one read for callers that ask while it is under way, and gives each its own copy', async () => {
    const reads = new SharedReads<{ roles: string[] }>();
    const { read, made } = controlledRead<{ roles: string[] }>();
    const answers = Promise.all([reads.read('a', read), reads.read('a', read), reads.read('a', read)]);
    expect(made).toHaveLength(1);
    made[0].answer({ roles: ['learner'] });
    const [first, second, third] = await answers;
    expect([first, second, third]).toEqual([{ roles: ['learner'] }, { roles: ['learner'] }, { roles: ['learner'] }]);
    first.roles.push('rase_admin');
    expect(second.roles).toEqual(['learner']);
    expect(third.roles).not.toBe(second.roles);
  });

  it('keeps nothing once a read has answered: the next call reads again', async () => {
    const reads = new SharedReads<number>();
    const { read, made } = controlledRead<number>();
    const first = reads.read('a', read);
    made[0].answer(1);
    expect(await first).toBe(1);
    expect(reads.size).toBe(0);
    const second = reads.read('a', read);
    expect(made).toHaveLength(2);
    made[1].answer(2);
    expect(await second).toBe(2);
  });

  it('reads each key apart', async () => {
    const reads = new SharedReads<string>();
    const { read, made } = controlledRead<string>();
    const a = reads.read('a', read);
    const b = reads.read('b', read);
    expect(made).toHaveLength(2);
    made[0].answer('A');
    made[1].answer('B');
    expect([await a, await b]).toEqual(['A', 'B']);
  });

  it('gives a failure to every caller waiting on it, and does not keep it', async () => {
    const reads = new SharedReads<number>();
    const { read, made } = controlledRead<number>();
    const waiting = [reads.read('a', read), reads.read('a', read)];
    made[0].fail(new Error('connection lost'));
    for (const answer of waiting) await expect(answer).rejects.toThrow('connection lost');
    const again = reads.read('a', read);
    expect(made).toHaveLength(2);
    made[1].answer(3);
    expect(await again).toBe(3);
  });
});
