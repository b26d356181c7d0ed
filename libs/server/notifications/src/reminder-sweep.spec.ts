import { DIGEST_CHUNK, DIGEST_CHUNK_ROWS, digestChunks } from './reminder-sweep.service';

describe('digestChunks', () => {
  const people = (n: number, rows: number, from = 0) => Array.from({ length: n }, (_, i) => ({ recipientId: `p${from + i}`, rows }));

  it('cuts learners into chunks of DIGEST_CHUNK recipients, in order, each once', () => {
    const chunks = digestChunks(people(2 * DIGEST_CHUNK + 3, 2));
    expect(chunks.map((c) => c.length)).toEqual([DIGEST_CHUNK, DIGEST_CHUNK, 3]);
    expect(chunks.flat()).toEqual(people(2 * DIGEST_CHUNK + 3, 2).map((p) => p.recipientId));
  });

  it('keeps a chunk under DIGEST_CHUNK_ROWS rows, and gives a recipient with more a chunk of their own', () => {
    const leads = [...people(3, DIGEST_CHUNK_ROWS / 4), { recipientId: 'big', rows: DIGEST_CHUNK_ROWS * 3 }, ...people(2, DIGEST_CHUNK_ROWS / 2, 10)];
    expect(digestChunks(leads)).toEqual([['p0', 'p1', 'p2'], ['big'], ['p10', 'p11']]);
    expect(digestChunks([])).toEqual([]);
  });
});
