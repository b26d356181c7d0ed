import { mulberry32, referenceSuppress, ReferenceSuppressionTable, type ReferenceRelation } from './testing';
import { suppress, SuppressionTable } from './suppression';

/**
 * The current `suppress` and `SuppressionTable` against the frozen reference
 * (testing/suppression.reference.ts) on many seeded pseudo-random tables: the same marks, cell for
 * cell. Suppression is a privacy rule, so a faster implementation must hide exactly the same cells.
 * The reference predates fixed cells (published exactly to a lead in their own departments), so it
 * is compared only where no cell is fixed; suppression.spec.ts checks fixed cells by property.
 */

interface RandomTable {
  values: number[];
  relations: ReferenceRelation[];
  internal: boolean[];
  threshold: number;
}

/** Counts mixing 0, 1–4 and larger values; relations over random members, some overlapping or nested. */
function randomTable(seed: number): RandomTable {
  const random = mulberry32(seed);
  const int = (n: number) => Math.floor(random() * n);
  const size = 1 + int(60);
  const values = Array.from({ length: size }, () => {
    const r = random();
    return r < 0.25 ? 0 : r < 0.55 ? 1 + int(4) : r < 0.7 ? 5 + int(5) : int(500);
  });
  const internal = random() < 0.2 ? [] : Array.from({ length: size - int(3) }, () => random() < 0.25);
  const relations: ReferenceRelation[] = Array.from({ length: int(40) }, () => {
    const parts = Array.from({ length: int(7) }, () => int(size));
    // Now and then a total built as the sum of its parts, as the heatmap's are.
    if (random() < 0.3 && parts.length > 0) {
      values.push(parts.reduce((s, i) => s + values[i], 0));
      if (internal.length > 0) internal.push(random() < 0.1);
      return { total: values.length - 1, parts };
    }
    return { total: int(size), parts };
  });
  return { values, relations, internal, threshold: random() < 0.8 ? 5 : 1 + int(10) };
}

describe('suppress: the same marks as the reference implementation', () => {
  it('on 3,000 seeded random tables', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const { values, relations, internal, threshold } = randomTable(seed);
      const expected = referenceSuppress(values, relations, threshold, internal);
      expect({ seed, marks: suppress(values, relations, threshold, internal) }).toEqual({ seed, marks: expected });
    }
  });

  it('through SuppressionTable: every count, cells and relations added in the same order', () => {
    for (let seed = 1; seed <= 1000; seed++) {
      const { values, relations, internal } = randomTable(seed);
      const current = new SuppressionTable();
      const reference = new ReferenceSuppressionTable();
      values.forEach((v, i) => {
        current.cell(v, internal[i] ?? false);
        reference.cell(v, internal[i] ?? false);
      });
      for (const r of relations) {
        current.relate(r.total, r.parts);
        reference.relate(r.total, r.parts);
      }
      const counts = values.map((_, i) => current.count(i));
      expect({ seed, counts }).toEqual({ seed, counts: values.map((_, i) => reference.count(i)) });
    }
  });

  it('refuses the same bad input with the same error', () => {
    const bad: [number[], ReferenceRelation[]][] = [
      [[3, -1], []],
      [[2.5], []],
      [[10, 5], [{ total: 0, parts: [1, 2] }]],
      [[10, 5], [{ total: -1, parts: [1] }]],
      [[-2], [{ total: 0, parts: [4] }]],
    ];
    for (const [values, relations] of bad) {
      expect(() => suppress(values, relations)).toThrow(new RangeError(captureError(() => referenceSuppress(values, relations))));
    }
  });
});

function captureError(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the reference to throw');
}
