/**
 * A frozen copy of `suppress` and `SuppressionTable` as they were before the integer-indexed
 * rewrite (commit c134f94), kept only so that specs and bench/heatmap.bench.ts can check the
 * current implementation against it: same marks for the same input. Not used by application code;
 * do not change it to follow `suppression.ts`.
 */
import { SUPPRESSION_THRESHOLD, type ReportCount, type Suppression } from '@equip/shared/contracts';

export interface ReferenceRelation {
  /** Index of the total. */
  total: number;
  /** Indexes of the parts; total = Σ parts. */
  parts: number[];
}

/**
 * `internal[i]` marks a cell that is never displayed (a department's own staff, "the rest"): hiding
 * it costs the reader nothing, so it is the preferred complement. It is still checked as if shown.
 */
export function referenceSuppress(
  values: readonly number[],
  relations: readonly ReferenceRelation[] = [],
  threshold = SUPPRESSION_THRESHOLD,
  internal: readonly boolean[] = [],
): (Suppression | null)[] {
  const marks: (Suppression | null)[] = values.map((v) => {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`counts must be whole numbers ≥ 0 (got ${v})`);
    return v > 0 && v < threshold ? 'fewer_than_5' : null;
  });
  // Each relation's members once, checked; then, per cell, the relations it belongs to.
  const members = relations.map((r) => [r.total, ...r.parts]);
  const byCell: number[][] = Array.from({ length: values.length }, () => []);
  members.forEach((list, k) => {
    for (const i of list) {
      if (!Number.isInteger(i) || i < 0 || i >= values.length) throw new RangeError(`relation refers to cell ${i}, outside 0..${values.length - 1}`);
      byCell[i].push(k);
    }
  });
  // A worklist: every relation once, then again only when one of its members gets hidden.
  const queue = members.map((_, k) => k);
  const queued = new Uint8Array(members.length).fill(1);
  while (queue.length > 0) {
    const k = queue.pop() as number;
    queued[k] = 0;
    let hiddenCount = 0;
    let hidden = -1;
    for (const i of members[k]) {
      if (marks[i] !== null) {
        hiddenCount++;
        hidden = i;
      }
    }
    // None hidden, or two or more: nothing can be solved for from this relation alone.
    if (hiddenCount !== 1) continue;
    const pick = complement(values, marks, relations[k], hidden, internal);
    if (pick === undefined) continue;
    marks[pick] = 'complementary';
    for (const other of byCell[pick]) {
      if (queued[other] === 0) {
        queued[other] = 1;
        queue.push(other);
      }
    }
  }
  return marks;
}

/**
 * The member to hide beside `hidden`: a never-displayed part if there is one (it costs the reader
 * nothing), else the smallest positive visible part, else the total, else a zero part.
 */
function complement(values: readonly number[], marks: readonly (Suppression | null)[], r: ReferenceRelation, hidden: number, internal: readonly boolean[]): number | undefined {
  const visibleParts = r.parts.filter((i) => i !== hidden && marks[i] === null);
  const bySize = (a: number, b: number) => values[a] - values[b] || a - b;
  const inner = visibleParts.filter((i) => internal[i]).sort(bySize);
  if (inner.length > 0) return inner[0];
  const positive = visibleParts.filter((i) => values[i] > 0).sort(bySize);
  if (positive.length > 0) return positive[0];
  if (r.total !== hidden && marks[r.total] === null) return r.total;
  return visibleParts[0];
}

function reportCount(value: number, mark: Suppression | null): ReportCount {
  return mark ? { count: null, suppressed: mark } : { count: value, suppressed: null };
}

/**
 * Collects cells and relations for one table, then suppresses them all at once, so a table's
 * relations (rows, columns, tree) are checked together.
 */
export class ReferenceSuppressionTable {
  private readonly values: number[] = [];
  private readonly internal: boolean[] = [];
  private readonly relations: ReferenceRelation[] = [];
  private marks: (Suppression | null)[] | null = null;

  /** Adds a cell and returns its index; `internal` for a cell that is never displayed. */
  cell(value: number, internal = false): number {
    this.values.push(value);
    this.internal.push(internal);
    return this.values.length - 1;
  }

  relate(total: number, parts: number[]): void {
    if (parts.length > 0) this.relations.push({ total, parts });
  }

  /** The published form of cell `index` (suppression runs on first use). */
  count(index: number): ReportCount {
    this.marks ??= referenceSuppress(this.values, this.relations, SUPPRESSION_THRESHOLD, this.internal);
    return reportCount(this.values[index], this.marks[index]);
  }
}
