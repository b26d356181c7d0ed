import fc from 'fast-check';
import type { Relation } from '@equip/shared/domain';
import { cube, type CubeSpec } from './cube';
import { impliedBounds, IntegerAuditor, ProtectionTimeLimitError, type LinearFacts } from './linear-facts';
import { protect, type Derived, type ProtectionCell, type ProtectionResult } from './protect';

/** assigned = completed + exempt + overdue + rest (open, not overdue; never displayed). */
const MEASURES: CubeSpec['measures'] = { count: 5, relations: [{ total: 0, parts: [1, 2, 3, 4] }], internal: [false, false, false, false, true] };

/**
 * The reader, stated independently of the engine: every shown count, every relation, whole
 * non-negative numbers, "fewer than 5" = 1–4, "suppressed" = 5 or more, and each never-displayed
 * count (a sum of displayed ones) ≥ 0, all in one system.
 */
function readerFacts(cells: readonly ProtectionCell[], relations: readonly Relation[], derived: readonly Derived[], result: ProtectionResult): { facts: LinearFacts; hidden: number[] } {
  const hidden = cells.map((_, i) => i).filter((i) => result.marks[i] !== null);
  const unknown = new Map(hidden.map((c, u) => [c, u]));
  const shown = (i: number) => cells[i].value;
  const row = (terms: [number, number][], lo: number, hi: number) => {
    const unknowns: [number, number][] = [];
    let known = 0;
    for (const [i, c] of terms) {
      const u = unknown.get(i);
      if (u === undefined) known += c * shown(i);
      else unknowns.push([u, c]);
    }
    return { terms: unknowns, lo: lo - known, hi: hi - known };
  };
  return {
    hidden,
    facts: {
      unknowns: hidden.map((i) => (result.marks[i] === 'fewer_than_5' ? { lo: 1, hi: 4 } : result.marks[i] === 'complementary' ? { lo: 5, hi: Infinity } : { lo: 0, hi: Infinity })),
      rows: [
        ...relations.map((r) => row([[r.total, 1], ...r.parts.map((p): [number, number] => [p, -1])], 0, 0)),
        ...derived.map((d) => row(d.terms, 0, Infinity)),
      ],
    },
  };
}

/** A small random city: a department tree, one attribute, people grouped with their counts. */
const smallCity = fc
  .record({
    parents: fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
    values: fc.integer({ min: 1, max: 3 }),
    toggle: fc.boolean(),
    records: fc.array(
      fc.record({
        department: fc.nat(),
        active: fc.boolean(),
        value: fc.nat(),
        // Mostly small counts: where suppression has work to do.
        counts: fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 3 })),
      }),
      { maxLength: 14 },
    ),
  })
  .map(({ parents, values, toggle, records }): CubeSpec => {
    // Department 0 is the city; each other's parent is listed before it.
    const departments = [{ parent: -1 }, ...parents.map((p, i) => ({ parent: p % (i + 1) }))];
    return {
      departments,
      attributes: [{ values: Array.from({ length: values }, (_, v) => `v${v}`) }],
      measures: MEASURES,
      toggle,
      records: records.map((r) => {
        const [completed, exempt, overdue, rest] = r.counts;
        return { department: r.department % departments.length, active: r.active, values: [r.value % values], counts: [completed + exempt + overdue + rest, completed, exempt, overdue, rest] };
      }),
    };
  });

describe('protect (cell suppression with protection intervals, audited by HiGHS)', () => {
  let auditor: IntegerAuditor;
  beforeAll(async () => {
    auditor = await IntegerAuditor.load();
  });

  it('refuses counts that are not whole numbers ≥ 0 and relations that do not add up, naming them', async () => {
    await expect(protect([{ value: -1 }], [], { auditor })).rejects.toThrow('whole numbers ≥ 0 (got -1)');
    await expect(protect([{ value: 1.5 }], [], { auditor })).rejects.toThrow('got 1.5');
    await expect(protect([{ value: 3 }], [{ total: 0, parts: [1] }], { auditor })).rejects.toThrow('cell 1, outside 0..0');
    await expect(protect([{ value: 3 }, { value: 2 }], [{ total: 0, parts: [1] }], { auditor })).rejects.toThrow('does not add up (3 ≠ 2)');
  });

  it('hides 1–4, shows zeros, and widens what one answer would pin (the issue’s "assigned 7, completed 6, exempt 0, overdue 1")', async () => {
    // The rest (open, not yet overdue) is never displayed: a reader knows only that 7 − 6 − 0 − overdue ≥ 0.
    const cells = [7, 6, 0, 1, 0].map((value, i) => ({ value, internal: i === 4 }));
    const result = await protect(cells, [], { auditor, derived: [{ cell: 4, terms: [[0, 1], [1, -1], [2, -1], [3, -1]] }] });
    expect(result.marks[3]).toBe('fewer_than_5');
    expect(result.marks[2]).toBeNull();
    // Completed (6) alone as complement leaves overdue in 1..2 — not pinned; the rest is never marked.
    expect(result.marks[1]).toBe('complementary');
    expect(result.marks[4]).toBeNull();
    expect(result.unprotectable).toEqual([]);
    for (const [, iv] of result.intervals) expect(iv.max).toBeGreaterThan(iv.min);
  });

  it('repairs what one relation at a time misses: four bands each 1–4 under a total of fewer than 5', async () => {
    // total 4 = 1 + 1 + 1 + 1: every band is 1 once the total is known to be at most 4.
    const cells = [4, 1, 1, 1, 1].map((value) => ({ value }));
    const result = await protect(cells, [{ total: 0, parts: [1, 2, 3, 4] }], { auditor });
    // Nothing of 5 or more exists to hide beside them: the total is withheld (not published at all).
    expect(result.marks).toEqual(['withheld', 'fewer_than_5', 'fewer_than_5', 'fewer_than_5', 'fewer_than_5']);
    expect(result.unprotectable).toEqual([]);
    for (const [, iv] of result.intervals) expect(iv.max).toBeGreaterThan(iv.min);
    // Under a department of 20 (= them + 16 others) withholding alone is not enough: 20 − 16 would give the total.
    const withParent = [...cells, { value: 16 }, { value: 20 }];
    const again = await protect(withParent, [{ total: 0, parts: [1, 2, 3, 4] }, { total: 6, parts: [0, 5] }], { auditor });
    expect(again.unprotectable).toEqual([]);
    expect(again.marks.slice(0, 5).filter((m) => m === 'withheld')).toHaveLength(1);
    expect(again.marks[5]).toBe('complementary');
    for (const [, iv] of again.intervals) expect(iv.max).toBeGreaterThan(iv.min);
  });

  it('stops at its deadline, before a round or a solve, and leaves the auditor without it', async () => {
    const cells = [{ value: 7 }, { value: 3 }, { value: 4 }];
    await expect(protect(cells, [{ total: 0, parts: [1, 2] }], { auditor, deadline: Date.now() })).rejects.toBeInstanceOf(ProtectionTimeLimitError);
    expect(auditor.deadline).toBe(Infinity);
    auditor.deadline = Date.now();
    try {
      const facts: LinearFacts = { unknowns: [{ lo: 0, hi: 10 }, { lo: 0, hi: 10 }], rows: [{ terms: [[0, 1], [1, 1]], lo: 5, hi: 5 }] };
      await expect(auditor.intervals(facts)).rejects.toBeInstanceOf(ProtectionTimeLimitError);
    } finally {
      auditor.deadline = Infinity;
    }
    await expect(protect(cells, [{ total: 0, parts: [1, 2] }], { auditor, deadline: Date.now() + 60_000 })).resolves.toMatchObject({ marks: [null, 'fewer_than_5', 'fewer_than_5'] });
  });

  it('refuses a never-displayed cell stated in a relation, or a derived sum that does not add up, naming them', async () => {
    const cells = [{ value: 7 }, { value: 5 }, { value: 2, internal: true }];
    await expect(protect(cells, [{ total: 0, parts: [1, 2] }], { auditor })).rejects.toThrow('holds never-displayed cell 2: state it as derived');
    await expect(protect(cells, [], { auditor, derived: [{ cell: 1, terms: [[0, 1]] }] })).rejects.toThrow('derived cell 1 is not a never-displayed cell');
    await expect(protect(cells, [], { auditor, derived: [{ cell: 2, terms: [[0, 1], [1, -2]] }] })).rejects.toThrow('derived cell 2 does not add up (2 ≠ -3)');
    await expect(protect(cells, [], { auditor, derived: [{ cell: 2, terms: [[2, 1]] }] })).rejects.toThrow('refers to cell 2, not a displayed cell');
  });

  it('bounds by propagation never exclude a value a reader could reach (checked against exact HiGHS intervals)', async () => {
    await fc.assert(
      fc.asyncProperty(smallCity, async (spec) => {
        const c = cube(spec);
        const result = await protect(c.cells, c.relations, { auditor, derived: c.derived });
        const { facts, hidden } = readerFacts(c.cells, c.relations, c.derived, result);
        if (hidden.length === 0) return;
        const implied = impliedBounds(facts);
        const exact = await auditor.intervals(facts);
        hidden.forEach((_, u) => {
          expect(implied.lo[u]).toBeLessThanOrEqual(exact[u].min);
          expect(implied.hi[u]).toBeGreaterThanOrEqual(exact[u].max);
        });
      }),
      { numRuns: 15, seed: 7 },
    );
  });

  it('a fixed cell is shown whatever its value and never hidden as a complement', async () => {
    const cells = [{ value: 10 }, { value: 2, fixed: true }, { value: 8 }];
    const result = await protect(cells, [{ total: 0, parts: [1, 2] }], { auditor });
    expect(result.marks).toEqual([null, null, null]);
  });

  it('on random small cities, a HiGHS reader of everything published pins no hidden count', async () => {
    let hiddenTried = 0;
    await fc.assert(
      fc.asyncProperty(smallCity, async (spec) => {
        const c = cube(spec);
        const result = await protect(c.cells, c.relations, { auditor, derived: c.derived });
        c.cells.forEach((cell, i) => {
          // Never displayed: never marked (a reader knows it only as a sum ≥ 0).
          if (cell.internal) return expect(result.marks[i]).toBeNull();
          // 1–4 is hidden: "fewer than 5", or withheld where even that mark would give it away.
          if (cell.value > 0 && cell.value < 5) expect(['fewer_than_5', 'withheld']).toContain(result.marks[i]);
          if (cell.value === 0) expect(result.marks[i]).toBeNull();
          if (result.marks[i] === 'complementary') expect(cell.value).toBeGreaterThanOrEqual(5);
        });
        const { facts, hidden } = readerFacts(c.cells, c.relations, c.derived, result);
        if (hidden.length === 0) return;
        const intervals = await auditor.intervals(facts, 1);
        const unprotectable = new Set(result.unprotectable);
        hidden.forEach((cell, u) => {
          hiddenTried++;
          if (!unprotectable.has(cell)) expect({ cell, pinned: intervals[u].max === intervals[u].min }).toEqual({ cell, pinned: false });
        });
        // Only a block with no count of 5 or more left to hide can be unprotectable: every cell of
        // every relation of such a cell is hidden, zero, or fixed.
        for (const cell of result.unprotectable) {
          for (const r of c.relations.filter((r) => r.total === cell || r.parts.includes(cell))) {
            for (const i of [r.total, ...r.parts]) expect(result.marks[i] !== null || c.cells[i].value < 5).toBe(true);
          }
        }
      }),
      { numRuns: 30, seed: 14 },
    );
    expect(hiddenTried).toBeGreaterThan(50);
  });
});

describe('IntegerAuditor.intervals (HiGHS, one persistent model per question)', () => {
  let auditor: IntegerAuditor;
  beforeAll(async () => {
    auditor = await IntegerAuditor.load();
  });
  const unknowns = (n: number, hi = Infinity) => Array.from({ length: n }, () => ({ lo: 0, hi }));

  it('answers exact whole-number intervals, an unbounded maximum as Infinity', async () => {
    // x0 + x1 = 5 with x1 ≥ 2: x0 in 0..3, x1 in 2..5; x2 is bounded below only.
    const facts: LinearFacts = { unknowns: [{ lo: 0, hi: Infinity }, { lo: 2, hi: Infinity }, { lo: 1, hi: Infinity }], rows: [{ terms: [[0, 1], [1, 1]], lo: 5, hi: 5 }] };
    expect(await auditor.intervals(facts)).toEqual([{ min: 0, max: 3 }, { min: 2, max: 5 }, { min: 1, max: Infinity }]);
  });

  it('adds up an unknown named twice in one row and drops terms that cancel, as the reader’s sums do', async () => {
    // x0 + x0 − x1 = 0 (x1 = 2·x0) with x1 ≤ 7, and x2 − x2 + x0 ≥ 1: x0 in 1..3, x1 in 2..6, x2 free within 0..4.
    const facts: LinearFacts = {
      unknowns: [{ lo: 0, hi: Infinity }, { lo: 0, hi: 7 }, { lo: 0, hi: 4 }],
      rows: [
        { terms: [[0, 1], [0, 1], [1, -1]], lo: 0, hi: 0 },
        { terms: [[2, 1], [2, -1], [0, 1]], lo: 1, hi: Infinity },
      ],
    };
    expect(await auditor.intervals(facts)).toEqual([{ min: 1, max: 3 }, { min: 2, max: 6 }, { min: 0, max: 4 }]);
  });

  it('finds the whole-number optimum where the relaxation’s is fractional', async () => {
    // 2·x0 − 2·x1 ≥ 1 (x0 − x1 ≥ ½): the relaxation's least x0 is ½, the whole numbers' 1.
    const facts: LinearFacts = { unknowns: unknowns(2, 3), rows: [{ terms: [[0, 2], [1, -2]], lo: 1, hi: Infinity }] };
    expect(await auditor.intervals(facts)).toEqual([{ min: 1, max: 3 }, { min: 0, max: 2 }]);
  });

  it('tells a pinned unknown from one that moves, from a known solution, quickly and over the whole', async () => {
    // x0 + x1 = 4, x1 + x2 = 4, x2 = 1 (a shown neighbour): every unknown is pinned; x3 beside them is not.
    const facts: LinearFacts = {
      unknowns: unknowns(4, 10),
      rows: [
        { terms: [[0, 1], [1, 1]], lo: 4, hi: 4 },
        { terms: [[1, 1], [2, 1]], lo: 4, hi: 4 },
        { terms: [[2, 1]], lo: 1, hi: 1 },
        { terms: [[3, 1], [0, 1]], lo: 1, hi: Infinity },
      ],
    };
    for (const quick of [true, false]) {
      const found = await auditor.intervals(facts, 1, [1, 3, 1, 5], undefined, quick);
      expect(found.slice(0, 3)).toEqual([{ min: 1, max: 1 }, { min: 3, max: 3 }, { min: 1, max: 1 }]);
      expect(found[3].max - found[3].min).toBeGreaterThanOrEqual(1);
    }
  });

  it('holds a row with nothing left in it to what it says, and refuses one that cannot hold', async () => {
    const holds: LinearFacts = { unknowns: unknowns(1, 2), rows: [{ terms: [[0, 1], [0, -1]], lo: -1, hi: 0 }] };
    expect(await auditor.intervals(holds)).toEqual([{ min: 0, max: 2 }]);
    const broken: LinearFacts = { unknowns: unknowns(1, 2), rows: [{ terms: [[0, 1], [0, -1]], lo: 1, hi: 3 }] };
    await expect(auditor.intervals(broken)).rejects.toThrow('fact 0 cannot hold: 0 is outside 1..3');
  });
});
