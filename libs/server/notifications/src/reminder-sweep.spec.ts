import { randomUUID } from 'node:crypto';
import { EVERYONE, staffSlices } from './notification.repository';
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

describe('staffSlices', () => {
  it('cuts the uuid space into slices in order, each starting where the one before ends, the first and last open-ended', () => {
    expect(staffSlices(1)).toEqual([EVERYONE]);
    expect(staffSlices(4)).toEqual([
      { from: null, to: '40000000-0000-0000-0000-000000000000' },
      { from: '40000000-0000-0000-0000-000000000000', to: '80000000-0000-0000-0000-000000000000' },
      { from: '80000000-0000-0000-0000-000000000000', to: 'c0000000-0000-0000-0000-000000000000' },
      { from: 'c0000000-0000-0000-0000-000000000000', to: null },
    ]);
    const three = staffSlices(3);
    expect(three.map((s) => s.to)).toEqual(['55555555-0000-0000-0000-000000000000', 'aaaaaaaa-0000-0000-0000-000000000000', null]);
    three.slice(1).forEach((s, i) => expect(s.from).toBe(three[i].to));
  });

  it('puts every id in exactly one slice, the lowest and highest included', () => {
    const ids = ['00000000-0000-0000-0000-000000000000', '3fffffff-ffff-ffff-ffff-ffffffffffff', '40000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', randomUUID(), randomUUID()];
    for (const count of [1, 2, 3, 4, 7, 16]) {
      const slices = staffSlices(count);
      for (const id of ids) expect(slices.filter((s) => (s.from === null || id >= s.from) && (s.to === null || id < s.to))).toHaveLength(1);
    }
  });

  it('refuses a count that is not a whole number of at least 1', () => {
    for (const count of [0, -1, 1.5, Number.NaN]) expect(() => staffSlices(count)).toThrow(RangeError);
  });
});
