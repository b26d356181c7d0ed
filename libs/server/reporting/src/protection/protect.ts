import { SUPPRESSION_THRESHOLD, type Suppression } from '@equip/shared/contracts';
import type { Relation } from '@equip/shared/domain';
import { impliedBounds, IntegerAuditor, ProtectionTimeLimitError, type Interval, type LinearFacts } from './linear-facts';

/**
 * A cell's mark: shown (null); hidden as "fewer than 5" (1–4); hidden as a complement ("suppressed",
 * always 5 or more); or withheld — not published at all, because even hidden its mark would give it away.
 */
export type ProtectionMark = Suppression | 'withheld' | null;

/** What a reader knows of a hidden cell from its mark alone (besides its being a whole number). */
export function readerBounds(mark: Exclude<ProtectionMark, null>, threshold = SUPPRESSION_THRESHOLD): { lo: number; hi: number } {
  if (mark === 'fewer_than_5') return { lo: 1, hi: threshold - 1 };
  if (mark === 'complementary') return { lo: threshold, hi: Infinity };
  return { lo: 0, hi: Infinity };
}

/** One count of people in a table to publish. */
export interface ProtectionCell {
  value: number;
  /**
   * Never displayed (a department's own staff outside its sub-departments, inactive staff, "the
   * rest"): never hidden or shown, a reader knows it only through a `Derived` sum (≥ 0), or exactly
   * when it is also fixed.
   */
  internal?: boolean;
  /** Published exactly whatever its value (a caller's exact departments); never hidden, never a complement. */
  fixed?: boolean;
}

/** A never-displayed cell as a sum of displayed ones, with coefficients ([cell, coefficient]). */
export interface Derived {
  cell: number;
  terms: [number, number][];
}

export interface ProtectionOptions {
  /** What a reader knows of each never-displayed cell: the sum that gives it, and that it is ≥ 0 (its value, when fixed). */
  derived?: readonly Derived[];
  /** Counts from 1 to threshold − 1 are hidden. */
  threshold?: number;
  /**
   * The protection interval required of every hidden count: the largest minus the smallest value a
   * reader can reach for it from everything published must be at least this (1: never pinned).
   */
  minimumWidth?: number;
  auditor?: IntegerAuditor;
  /** A moment (ms since the epoch) after which no further audit round or solve starts: `protect` throws `ProtectionTimeLimitError`. */
  deadline?: number;
}

export interface ProtectionResult {
  /** Each cell's mark: null when shown. */
  marks: ProtectionMark[];
  /** For each hidden cell, the interval the audit left the reader (at least `minimumWidth` wide unless unprotectable). */
  intervals: Map<number, Interval>;
  /** Hidden cells no further suppression could protect (only possible beside fixed cells). */
  unprotectable: number[];
  stats: { primary: number; complementary: number; withheld: number; blocks: number; rounds: number; solves: number };
}

/**
 * Cell suppression with protection intervals, audited by an integer solver.
 *
 * 1. Primary: every displayed count from 1 to 4 is hidden ("fewer than 5"); zero is shown; nothing
 *    is rounded. Never-displayed cells are never marked: a reader knows each only as its `Derived`
 *    sum of displayed cells, at least 0 (exactly, when fixed).
 * 2. Complementary, greedy: a relation (total = Σ parts) with exactly one hidden member would give it
 *    away by subtraction, so one more member is hidden, the smallest. A complement is always a count
 *    of 5 or more (never a zero: a hidden zero would be known to be one, and never 1–4: those are
 *    already hidden), so a reader knows of a hidden cell that it is 1–4 ("fewer than 5") or at least
 *    5 ("suppressed").
 * 3. Audit: the reader's whole system — every shown count, every relation, every derived sum ≥ 0,
 *    whole non-negative numbers, the bounds the marks give — is a block of linear facts per group of
 *    linked hidden cells. Propagation pins what it can without a solver; otherwise HiGHS is asked
 *    whether each hidden cell can move (`IntegerAuditor.intervals`): quickly (only near the cell)
 *    first, over the whole block when a quick answer leaves nothing nearby to repair with.
 * 4. Repair: a hidden cell not shown to move by at least `minimumWidth` gets another complement
 *    from a row it belongs to (else from any row of its block), and its block is audited again,
 *    until every block passes. When no count of 5 or more is left to hide, what pins the cell is the
 *    marks themselves (four bands each 1–4 under a total of at most 4 are each 1): the cell is then
 *    withheld — not published, so the reader knows only that it is a whole number ≥ 0.
 */
export async function protect(cells: readonly ProtectionCell[], relations: readonly Relation[], options: ProtectionOptions = {}): Promise<ProtectionResult> {
  const threshold = options.threshold ?? SUPPRESSION_THRESHOLD;
  const minimumWidth = options.minimumWidth ?? 1;
  const auditor = options.auditor ?? (await IntegerAuditor.load());
  const deadline = options.deadline ?? Infinity;
  const solvesBefore = auditor.solves;
  const n = cells.length;
  for (const c of cells) if (!Number.isInteger(c.value) || c.value < 0) throw new RangeError(`counts must be whole numbers ≥ 0 (got ${c.value})`);
  for (const r of relations) {
    for (const i of [r.total, ...r.parts]) if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`relation refers to cell ${i}, outside 0..${n - 1}`);
    const sum = r.parts.reduce((s, i) => s + cells[i].value, 0);
    if (sum !== cells[r.total].value) throw new RangeError(`relation of cell ${r.total} does not add up (${cells[r.total].value} ≠ ${sum})`);
  }

  // The reader's rows over displayed cells: each relation (= 0), and each never-displayed cell's sum
  // (≥ 0, or = its value when fixed). Only equalities can give a lone hidden member away by subtraction.
  const rows: { terms: [number, number][]; lo: number; hi: number }[] = relations.map((r) => ({
    terms: [[r.total, 1] as [number, number], ...r.parts.map((p): [number, number] => [p, -1])],
    lo: 0,
    hi: 0,
  }));
  for (const d of options.derived ?? []) {
    if (!cells[d.cell]?.internal) throw new RangeError(`derived cell ${d.cell} is not a never-displayed cell`);
    const sum = d.terms.reduce((total, [i, coef]) => {
      if (!Number.isInteger(i) || i < 0 || i >= n || cells[i].internal) throw new RangeError(`derived cell ${d.cell} refers to cell ${i}, not a displayed cell of 0..${n - 1}`);
      return total + coef * cells[i].value;
    }, 0);
    if (sum !== cells[d.cell].value) throw new RangeError(`derived cell ${d.cell} does not add up (${cells[d.cell].value} ≠ ${sum})`);
    rows.push({ terms: d.terms, lo: cells[d.cell].fixed ? sum : 0, hi: cells[d.cell].fixed ? sum : Infinity });
  }
  for (const r of relations) for (const i of [r.total, ...r.parts]) if (cells[i].internal) throw new RangeError(`relation of cell ${r.total} holds never-displayed cell ${i}: state it as derived`);

  const marks: ProtectionMark[] = cells.map((c) => (c.value > 0 && c.value < threshold && !c.fixed && !c.internal ? 'fewer_than_5' : null));
  const rowMembers = rows.map((r) => [...new Set(r.terms.map(([i]) => i))]);
  const byCell: number[][] = cells.map(() => []);
  rowMembers.forEach((members, k) => {
    for (const i of members) byCell[i].push(k);
  });
  const members = (k: number) => rowMembers[k];
  const candidate = (i: number) => marks[i] === null && !cells[i].fixed && !cells[i].internal && cells[i].value >= threshold;
  /** The cheapest complement among `pool`: the smallest count, then the first. */
  const cheapest = (pool: Iterable<number>): number => {
    let best = -1;
    for (const i of pool) {
      if (!candidate(i)) continue;
      if (best < 0 || cells[i].value < cells[best].value || (cells[i].value === cells[best].value && i < best)) best = i;
    }
    return best;
  };

  const greedy = () => {
    const queue = rows.map((_, k) => k).filter((k) => rows[k].lo === rows[k].hi);
    const queued = new Uint8Array(rows.length);
    for (const k of queue) queued[k] = 1;
    while (queue.length > 0) {
      const k = queue.pop() as number;
      queued[k] = 0;
      const hidden = new Set(members(k).filter((i) => marks[i] !== null));
      if (hidden.size !== 1) continue;
      const pick = cheapest(members(k));
      if (pick < 0) continue;
      marks[pick] = 'complementary';
      for (const other of byCell[pick]) {
        if (queued[other] || rows[other].lo !== rows[other].hi) continue;
        queued[other] = 1;
        queue.push(other);
      }
    }
  };

  /** Blocks: hidden cells linked through relations that hold two or more of them (union–find). */
  const blocks = (): number[][] => {
    const up = new Int32Array(n).map((_, i) => i);
    const find = (i: number): number => (up[i] === i ? i : (up[i] = find(up[i])));
    rows.forEach((_, k) => {
      const hidden = members(k).filter((i) => marks[i] !== null);
      for (let j = 1; j < hidden.length; j++) up[find(hidden[j])] = find(hidden[0]);
    });
    const groups = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      if (marks[i] === null) continue;
      const root = find(i);
      const group = groups.get(root);
      if (group) group.push(i);
      else groups.set(root, [i]);
    }
    return [...groups.values()];
  };

  /** What a reader knows about a block's hidden cells. */
  const factsOf = (block: number[]): LinearFacts => {
    const unknown = new Map(block.map((cell, u) => [cell, u]));
    const touching = new Set(block.flatMap((i) => byCell[i]));
    return {
      unknowns: block.map((i) => readerBounds(marks[i] ?? 'withheld', threshold)),
      rows: [...touching].map((k) => {
        let shown = 0;
        const terms: [number, number][] = [];
        for (const [i, coef] of rows[k].terms) {
          const u = unknown.get(i);
          if (u === undefined) shown += coef * cells[i].value;
          else terms.push([u, coef]);
        }
        return { terms, lo: rows[k].lo - shown, hi: rows[k].hi - shown };
      }),
    };
  };

  const intervals = new Map<number, Interval>();
  const passed = new Set<string>();
  const proven = new Set<number>();
  /** Blocks whose cells are asked about in the whole block, not only near each cell. */
  const thorough = new Set<string>();
  const unprotectable = new Set<number>();
  let rounds = 0;
  let blockCount = 0;
  const deadlineBefore = auditor.deadline;
  auditor.deadline = deadline;
  try {
    for (;;) {
      if (Date.now() >= deadline) throw new ProtectionTimeLimitError();
      rounds++;
      greedy();
      const current = blocks();
      blockCount = current.length;
      let repaired = false;
      for (const block of current) {
        const key = block.join(',');
        if (passed.has(key)) continue;
        const facts = factsOf(block);
        // Bounds the reader's rows imply, by propagation: cells they pin fail without a solve, and the
        // solver is asked only once propagation finds nothing to repair (most rounds cost no solve).
        const implied = impliedBounds(facts);
        let failing: number[] = [];
        block.forEach((cell, u) => {
          if (implied.hi[u] - implied.lo[u] >= minimumWidth) return;
          failing.push(cell);
          intervals.set(cell, { min: implied.lo[u], max: implied.hi[u] });
        });
        if (failing.length === 0) {
          // Hiding more only ever frees the reader's system (a known count becomes an unknown, a bound
          // widens), so a cell once shown to move keeps moving: only the others are asked about again.
          const ask = new Set(block.map((cell, u) => (proven.has(cell) ? -1 : u)).filter((u) => u >= 0));
          const found = await auditor.intervals(
            facts,
            minimumWidth,
            block.map((i) => cells[i].value),
            ask,
            !thorough.has(key),
          );
          block.forEach((cell, u) => {
            if (!ask.has(u)) return;
            intervals.set(cell, found[u]);
            if (found[u].max - found[u].min >= minimumWidth) proven.add(cell);
          });
          failing = block.filter((cell) => !proven.has(cell));
        }
        if (failing.length === 0) {
          passed.add(key);
          continue;
        }
        // One complement per failing cell, unless one chosen (or withheld) this round already sits in its rows.
        // Where nothing of 5 or more is left to hide beside a cell, what pins it is the marks' own
        // bounds (four bands each 1–4 under a total of at most 4): withheld, it tells the reader nothing.
        const touched = new Set<number>();
        for (const cell of failing) {
          const near = byCell[cell].flatMap(members);
          if (near.some((i) => touched.has(i))) continue;
          const pick = cheapest(near);
          if (pick >= 0) marks[pick] = 'complementary';
          else if (marks[cell] !== 'withheld') marks[cell] = 'withheld';
          else continue;
          touched.add(pick >= 0 ? pick : cell);
          repaired = true;
        }
        if (touched.size > 0) continue;
        // The quick audit tries only moves near each cell: before hiding farther away, ask the whole block.
        if (!thorough.has(key)) {
          thorough.add(key);
          repaired = true;
          continue;
        }
        const farther = cheapest(block.flatMap((i) => byCell[i]).flatMap(members));
        if (farther >= 0) {
          marks[farther] = 'complementary';
          repaired = true;
          continue;
        }
        for (const f of failing) unprotectable.add(f);
        passed.add(key);
      }
      if (!repaired) break;
    }
  } finally {
    auditor.deadline = deadlineBefore;
  }
  for (const i of [...unprotectable]) {
    const left = intervals.get(i);
    if (marks[i] === null || (left !== undefined && left.max - left.min >= minimumWidth)) unprotectable.delete(i);
  }
  for (const i of [...intervals.keys()]) if (marks[i] === null) intervals.delete(i);
  return {
    marks,
    intervals,
    unprotectable: [...unprotectable].sort((a, b) => a - b),
    stats: {
      primary: marks.filter((m) => m === 'fewer_than_5').length,
      complementary: marks.filter((m) => m === 'complementary').length,
      withheld: marks.filter((m) => m === 'withheld').length,
      blocks: blockCount,
      rounds,
      solves: auditor.solves - solvesBefore,
    },
  };
}
