import { findManagerLoops } from './manager-chains';

describe('findManagerLoops', () => {
  it('finds nothing in a tree', () => {
    expect(findManagerLoops([-1, 0, 0, 1, 3])).toEqual([]);
  });

  it('finds a two-person loop and a self-manager', () => {
    expect(findManagerLoops([1, 0, 2, -1])).toEqual([[0, 1], [2]]);
  });

  it('finds a loop reached through a chain, once, without its tail', () => {
    // 0 → 1 → 2 → 3 → 1
    expect(findManagerLoops([1, 2, 3, 1, 0])).toEqual([[1, 2, 3]]);
  });

  it('walks a 100,000-person chain in linear time without recursion', () => {
    const n = 100_000;
    const managerOf = Int32Array.from({ length: n }, (_, i) => (i + 1) % n);
    expect(findManagerLoops(managerOf)[0]).toHaveLength(n);
  });
});
