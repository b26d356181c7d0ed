import fc from 'fast-check';
import { csvCount, disclosedShare, percentOf, reportCount, suppress, SuppressionTable, type Relation } from './suppression';

/** Every relation has zero or at least two hidden members: nothing hidden can be solved for. */
function noSingleUnknown(values: number[], relations: Relation[]): void {
  const marks = suppress(values, relations);
  for (const r of relations) {
    const hidden = [r.total, ...r.parts].filter((i) => marks[i] !== null);
    expect(hidden.length === 0 || hidden.length >= 2).toBe(true);
  }
}

describe('suppress: primary', () => {
  it('hides counts from 1 to 4 and shows 0 and 5 or more', () => {
    expect(suppress([0, 1, 2, 3, 4, 5, 120])).toEqual([null, 'fewer_than_5', 'fewer_than_5', 'fewer_than_5', 'fewer_than_5', null, null]);
  });

  it('refuses negative or fractional counts', () => {
    expect(() => suppress([-1])).toThrow(RangeError);
    expect(() => suppress([2.5])).toThrow(RangeError);
  });

  it('refuses a relation that names a cell that does not exist', () => {
    expect(() => suppress([10, 5], [{ total: 0, parts: [1, 2] }])).toThrow(/outside/);
  });
});

describe('suppress: complementary (the subtraction cases)', () => {
  it('total 50 = 3 + 47: hiding the 3 alone would leave 50 − 47, so the 47 is hidden too', () => {
    const marks = suppress([50, 3, 47], [{ total: 0, parts: [1, 2] }]);
    expect(marks).toEqual([null, 'fewer_than_5', 'complementary']);
  });

  it('picks the smallest positive visible part as the complement', () => {
    const marks = suppress([100, 2, 60, 30, 8], [{ total: 0, parts: [1, 2, 3, 4] }]);
    expect(marks).toEqual([null, 'fewer_than_5', null, null, 'complementary']);
  });

  it('two small parts already protect each other', () => {
    expect(suppress([60, 2, 3, 55], [{ total: 0, parts: [1, 2, 3] }])).toEqual([null, 'fewer_than_5', 'fewer_than_5', null]);
  });

  it('a small total with visible parts hides a part so the total cannot be added up', () => {
    // total 4 = 4 + 0: the part is small too; total 4 = 0 + 0 + 4 where the 4 is hidden: two unknowns.
    expect(suppress([4, 4, 0], [{ total: 0, parts: [1, 2] }])).toEqual(['fewer_than_5', 'fewer_than_5', null]);
  });

  it('hides the total when every other part is zero', () => {
    // 3 = 3 + 0 + 0 — there is no positive part to hide, so the total is hidden (it is small anyway).
    const marks = suppress([3, 3, 0, 0], [{ total: 0, parts: [1, 2, 3] }]);
    expect(marks[0]).toBe('fewer_than_5');
    expect(marks[1]).toBe('fewer_than_5');
  });

  it('hides the total when the hidden part is the only positive one and the total is large', () => {
    // 7 = 7 (complementary elsewhere) + 0: a visible 0 part cannot protect it, the total goes.
    const marks = suppress([7, 2, 7, 0, 9], [{ total: 4, parts: [1, 2] }, { total: 0, parts: [2, 3] }]);
    // 9 = 2 + 7: 2 small, 7 complementary; then 7 = 7 + 0 has one hidden member: the total 7 is hidden.
    expect(marks).toEqual(['complementary', 'fewer_than_5', 'complementary', null, null]);
    noSingleUnknown([7, 2, 7, 0, 9], [{ total: 4, parts: [1, 2] }, { total: 0, parts: [2, 3] }]);
  });

  it('cascades through a department tree: a complement hidden in one row is protected in the next', () => {
    // city 200 = A 120 + B 80; A 120 = A1 3 + A2 117; B 80 = B1 40 + B2 40.
    const values = [200, 120, 80, 3, 117, 40, 40];
    const relations = [
      { total: 0, parts: [1, 2] },
      { total: 1, parts: [3, 4] },
      { total: 2, parts: [5, 6] },
    ];
    const marks = suppress(values, relations);
    expect(marks[3]).toBe('fewer_than_5');
    expect(marks[4]).toBe('complementary');
    expect(marks[0]).toBeNull();
    noSingleUnknown(values, relations);
  });

  it('protects a cell through both its row and its column', () => {
    // A 2×2 table with row and column totals and a grand total.
    //        c1   c2 | row
    //  r1     2   30 |  32
    //  r2    40   50 |  90
    //  col   42   80 | 122
    const v = [2, 30, 40, 50, 32, 90, 42, 80, 122];
    const relations = [
      { total: 4, parts: [0, 1] },
      { total: 5, parts: [2, 3] },
      { total: 6, parts: [0, 2] },
      { total: 7, parts: [1, 3] },
      { total: 8, parts: [4, 5] },
      { total: 8, parts: [6, 7] },
    ];
    const marks = suppress(v, relations);
    expect(marks[0]).toBe('fewer_than_5');
    // row r1: 32 − 30 would give the 2; column c1: 42 − 40 would give it too.
    expect(marks[1]).toBe('complementary');
    expect(marks[2]).toBe('complementary');
    noSingleUnknown(v, relations);
  });

  it('prefers a never-displayed cell as the complement, and still protects it through its own relations', () => {
    // total 100 = 3 + 40 + rest 57 (internal); rest = 57 = 50 + 7 (another relation of the internal cell).
    const values = [100, 3, 40, 57, 50, 7];
    const relations = [{ total: 0, parts: [1, 2, 3] }, { total: 3, parts: [4, 5] }];
    const marks = suppress(values, relations, 5, [false, false, false, true, false, false]);
    expect(marks[3]).toBe('complementary');
    expect(marks[2]).toBeNull();
    expect(marks[5]).toBe('complementary');
    noSingleUnknown(values, relations);
  });

  it('leaves a table without small counts untouched', () => {
    expect(suppress([30, 10, 20], [{ total: 0, parts: [1, 2] }])).toEqual([null, null, null]);
  });

  it('a zero beside a small count is not a complement when a positive part exists', () => {
    expect(suppress([20, 0, 4, 16], [{ total: 0, parts: [1, 2, 3] }])).toEqual([null, null, 'fewer_than_5', 'complementary']);
  });
});

describe('SuppressionTable and helpers', () => {
  it('collects cells and relations and answers published counts', () => {
    const t = new SuppressionTable();
    const total = t.cell(50);
    const a = t.cell(3);
    const b = t.cell(47);
    t.relate(total, [a, b]);
    expect(t.count(total)).toEqual({ count: 50, suppressed: null });
    expect(t.count(a)).toEqual({ count: null, suppressed: 'fewer_than_5' });
    expect(t.count(b)).toEqual({ count: null, suppressed: 'complementary' });
  });

  it('percentages are null when either count is hidden or the whole is zero', () => {
    expect(percentOf(reportCount(1, null), reportCount(3, null))).toBe(33.3);
    expect(percentOf(reportCount(2, 'fewer_than_5'), reportCount(40, null))).toBeNull();
    expect(percentOf(reportCount(0, null), reportCount(0, null))).toBeNull();
  });

  it('writes hidden counts in CSV as words, never the number', () => {
    expect(csvCount(reportCount(3, 'fewer_than_5'))).toBe('fewer than 5');
    expect(csvCount(reportCount(47, 'complementary'))).toBe('suppressed');
    expect(csvCount(reportCount(12, null))).toBe('12');
  });

  it('withholds a share of 1 to 4 people, and shows a share of 5 or more or of nobody', () => {
    expect(disclosedShare(33.3, 3)).toEqual({ value: null, suppressed: 'fewer_than_5' });
    expect(disclosedShare(100, 1)).toEqual({ value: null, suppressed: 'fewer_than_5' });
    expect(disclosedShare(0, 4)).toEqual({ value: null, suppressed: 'fewer_than_5' });
    expect(disclosedShare(40, 5)).toEqual({ value: 40, suppressed: null });
    expect(disclosedShare(null, 0)).toEqual({ value: null, suppressed: null });
    expect(() => disclosedShare(50, -1)).toThrow(RangeError);
    expect(() => disclosedShare(50, 2.5)).toThrow(RangeError);
  });
});

describe('suppress: fixed cells (published exactly to a caller, e.g. a lead in their own departments)', () => {
  it('shows a fixed 3 as it is, and never picks a fixed cell as the complement', () => {
    // total 50 = 3 (hidden) + 20 (fixed) + 27: the complement must be the 27, not the smaller fixed 20.
    expect(suppress([50, 3, 20, 27], [{ total: 0, parts: [1, 2, 3] }], 5, [], [false, false, true, false])).toEqual([null, 'fewer_than_5', null, 'complementary']);
    expect(suppress([3, 2], [], 5, [], [true, false])).toEqual([null, 'fewer_than_5']);
  });

  it('falls back on the total when every other part is fixed', () => {
    expect(suppress([50, 3, 47], [{ total: 0, parts: [1, 2] }], 5, [], [false, false, true])).toEqual(['complementary', 'fewer_than_5', null]);
  });

  it('an exact table publishes every cell, 1 to 4 included', () => {
    const table = new SuppressionTable({ exact: true });
    const total = table.cell(50);
    const small = table.cell(3);
    table.relate(total, [small, table.cell(47)]);
    expect([table.count(total), table.count(small)]).toEqual([reportCount(50, null), reportCount(3, null)]);
    const bad = new SuppressionTable({ exact: true });
    expect(() => bad.count(bad.cell(-1))).toThrow(RangeError);
  });

  // Relations over distinct members; fixed cells chosen so that no relation has exactly one member
  // that is not fixed (a fixed total's parts fixed too, as a lead's department subtrees are).
  const tables = fc
    .record({
      values: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 300 })), { minLength: 2, maxLength: 30 }),
      relations: fc.array(fc.uniqueArray(fc.nat(), { minLength: 2, maxLength: 6 }), { maxLength: 20 }),
      fixed: fc.array(fc.boolean(), { maxLength: 30 }),
      internal: fc.array(fc.boolean(), { maxLength: 30 }),
    })
    .map(({ values, relations, fixed, internal }) => {
      const members = relations.map((list) => [...new Set(list.map((i) => i % values.length))]).filter((list) => list.length >= 2);
      const isFixed = values.map((_, i) => fixed[i] ?? false);
      const kept = members.filter((list) => list.filter((i) => !isFixed[i]).length !== 1).map(([total, ...parts]) => ({ total, parts }));
      return { values, relations: kept, fixed: isFixed, internal: values.map((_, i) => internal[i] ?? false) };
    });

  it('no hidden cell can be solved for from a single relation, fixed cells shown exactly (property)', () => {
    fc.assert(
      fc.property(tables, ({ values, relations, fixed, internal }) => {
        const marks = suppress(values, relations, 5, internal, fixed);
        values.forEach((v, i) => {
          if (fixed[i]) expect(marks[i]).toBeNull();
          else if (v > 0 && v < 5) expect(marks[i]).toBe('fewer_than_5');
        });
        for (const r of relations) {
          const hidden = [r.total, ...r.parts].filter((i) => marks[i] !== null);
          expect(hidden.length).not.toBe(1);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
