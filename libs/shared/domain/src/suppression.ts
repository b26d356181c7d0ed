import { SUPPRESSION_THRESHOLD, SUPPRESSION_WORDS, type ReportCount, type Suppression } from '@equip/shared/contracts';

/**
 * Small-cell suppression for published counts of people.
 *
 * Primary: a count from 1 to threshold − 1 is hidden ("fewer than 5"). Zero is shown: it names no
 * one. Complementary: a table also publishes relations between its cells — a total is the sum of
 * its parts (a department row and its sub-departments, a city total and its departments, a
 * cell's assigned = completed + exempt + overdue + the rest). If such a relation has exactly one
 * hidden member, that member is its total minus the others, so one more member is hidden: the
 * smallest positive part not yet hidden (the total only when no part can be), until no relation
 * has exactly one hidden member.
 *
 * Members of a relation that are not displayed (a department's own staff outside its
 * sub-departments, the "rest") are still passed as cells: they could be derived from what is
 * displayed, so they are treated as published. This errs towards hiding more.
 *
 * Fixed cells are published exactly whatever their value: figures of departments the caller may see
 * the people of (a lead who is also a viewer, in the departments they lead). They are never hidden,
 * so they can never serve as complements either; a relation whose other members are all fixed
 * cannot protect its hidden member, which is why a caller's exact departments must be closed
 * downwards (a fixed total's parts are fixed too), as department subtrees are.
 */
export interface Relation {
  /** Index of the total. */
  total: number;
  /** Indexes of the parts; total = Σ parts. */
  parts: number[];
}

/**
 * `internal[i]` marks a cell that is never displayed (a department's own staff, "the rest"): hiding
 * it costs the reader nothing, so it is the preferred complement. It is still checked as if shown.
 */
export function suppress(
  values: readonly number[],
  relations: readonly Relation[] = [],
  threshold = SUPPRESSION_THRESHOLD,
  internal: readonly boolean[] = [],
  fixed: readonly boolean[] = [],
): (Suppression | null)[] {
  // Stored flat, as SuppressionTable keeps them (plain arrays: a bad index must reach the check as it is).
  const totals: number[] = new Array(relations.length);
  const starts: number[] = new Array(relations.length + 1);
  let size = 0;
  relations.forEach((r, k) => {
    totals[k] = r.total;
    starts[k] = size;
    size += r.parts.length;
  });
  starts[relations.length] = size;
  const parts: number[] = new Array(size);
  relations.forEach((r, k) => {
    for (let j = 0; j < r.parts.length; j++) parts[starts[k] + j] = r.parts[j];
  });
  const marks = suppressionMarks(values, values.length, totals, starts, parts, threshold, internal, fixed);
  return Array.from(marks, (m) => MARKS[m]);
}

/** A cell's mark in `suppressionMarks`' result: shown, hidden as small, hidden as a complement. */
const SHOWN = 0;
const FEWER_THAN_5 = 1;
const COMPLEMENTARY = 2;
const MARKS: readonly (Suppression | null)[] = [null, 'fewer_than_5', 'complementary'];

/**
 * `suppress` over relations stored flat: relation k is total `totals[k]` = Σ parts[starts[k] ..
 * starts[k + 1] − 1]. The same rule, order and choices as `suppress` (which calls it); cell i's mark
 * is SHOWN, FEWER_THAN_5 or COMPLEMENTARY. Throws as `suppress` does on a bad count or member.
 * A `fixed` cell stays SHOWN and is never picked as a complement.
 */
function suppressionMarks(
  values: ArrayLike<number>,
  n: number,
  totals: ArrayLike<number>,
  starts: ArrayLike<number>,
  parts: ArrayLike<number>,
  threshold: number,
  internal: ArrayLike<unknown>,
  fixed: ArrayLike<unknown>,
): Uint8Array {
  const marks = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`counts must be whole numbers ≥ 0 (got ${v})`);
    if (v > 0 && v < threshold && !fixed[i]) marks[i] = FEWER_THAN_5;
  }
  const relationCount = totals.length;
  // Each relation's members (total, then parts) checked; then, per cell, the relations it belongs
  // to, in relation order (a cell named twice in a relation is listed twice, as before).
  const memberships = new Int32Array(n + 1);
  const check = (i: number) => {
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`relation refers to cell ${i}, outside 0..${n - 1}`);
    memberships[i + 1]++;
  };
  for (let k = 0; k < relationCount; k++) {
    check(totals[k]);
    for (let j = starts[k]; j < starts[k + 1]; j++) check(parts[j]);
  }
  for (let i = 0; i < n; i++) memberships[i + 1] += memberships[i];
  const byCell = new Int32Array(memberships[n]);
  const filled = memberships.slice(0, n);
  for (let k = 0; k < relationCount; k++) {
    byCell[filled[totals[k]]++] = k;
    for (let j = starts[k]; j < starts[k + 1]; j++) byCell[filled[parts[j]]++] = k;
  }
  // A worklist (a stack): every relation once, then again only when one of its members gets hidden.
  const queue = new Int32Array(relationCount);
  for (let k = 0; k < relationCount; k++) queue[k] = k;
  let queueLength = relationCount;
  const queued = new Uint8Array(relationCount).fill(1);
  while (queueLength > 0) {
    const k = queue[--queueLength];
    queued[k] = 0;
    const total = totals[k];
    const from = starts[k];
    const to = starts[k + 1];
    let hiddenCount = 0;
    let hidden = -1;
    if (marks[total] !== SHOWN) {
      hiddenCount++;
      hidden = total;
    }
    for (let j = from; j < to; j++) {
      if (marks[parts[j]] !== SHOWN) {
        hiddenCount++;
        hidden = parts[j];
      }
    }
    // None hidden, or two or more: nothing can be solved for from this relation alone.
    if (hiddenCount !== 1) continue;
    // The member to hide beside `hidden`: the never-displayed visible part with the smallest
    // (value, index) (it costs the reader nothing), else the smallest positive visible part, else
    // the total, else the first visible (zero) part.
    let inner = -1;
    let positive = -1;
    let firstVisible = -1;
    for (let j = from; j < to; j++) {
      const i = parts[j];
      if (i === hidden || marks[i] !== SHOWN || fixed[i]) continue;
      if (firstVisible < 0) firstVisible = i;
      const v = values[i];
      if (internal[i]) {
        if (inner < 0 || v < values[inner] || (v === values[inner] && i < inner)) inner = i;
      } else if (v > 0) {
        if (positive < 0 || v < values[positive] || (v === values[positive] && i < positive)) positive = i;
      }
    }
    const pick = inner >= 0 ? inner : positive >= 0 ? positive : total !== hidden && marks[total] === SHOWN && !fixed[total] ? total : firstVisible;
    if (pick < 0) continue;
    marks[pick] = COMPLEMENTARY;
    for (let m = memberships[pick]; m < memberships[pick + 1]; m++) {
      const other = byCell[m];
      if (queued[other] === 0) {
        queued[other] = 1;
        queue[queueLength++] = other;
      }
    }
  }
  return marks;
}

/** A count as the API shows it. */
export function reportCount(value: number, mark: Suppression | null): ReportCount {
  return mark ? { count: null, suppressed: mark } : { count: value, suppressed: null };
}

/** part / whole as a percentage with one decimal; null when hidden or the whole is 0. */
export function percentOf(part: ReportCount, whole: ReportCount): number | null {
  if (part.count === null || whole.count === null || whole.count <= 0) return null;
  return Math.round((part.count / whole.count) * 1000) / 10;
}

/**
 * A share of a group of people as it may be published: withheld ('fewer_than_5', value null) when
 * the group has 1 to threshold − 1 people, where "2 of 3 managers" all but names the third. An
 * empty group has no share (null) and names no one.
 */
export function disclosedShare(value: number | null, groupSize: number): { value: number | null; suppressed: Extract<Suppression, 'fewer_than_5'> | null } {
  if (!Number.isInteger(groupSize) || groupSize < 0) throw new RangeError(`a group size is a whole number ≥ 0 (got ${groupSize})`);
  return groupSize > 0 && groupSize < SUPPRESSION_THRESHOLD ? { value: null, suppressed: 'fewer_than_5' } : { value, suppressed: null };
}

/** How a count reads in a CSV export: the number, "fewer than 5" or "suppressed". */
export function csvCount(c: ReportCount): string {
  if (c.suppressed) return SUPPRESSION_WORDS[c.suppressed];
  return c.count === null ? SUPPRESSION_WORDS.withheld : String(c.count);
}

/**
 * Collects cells and relations for one table, then suppresses them all at once, so a table's
 * relations (rows, columns, tree) are checked together. An `exact` table publishes every cell as it
 * is (for a caller who may see the people behind the figures); otherwise cells marked `fixed` are
 * published exactly and the rest are protected.
 */
export class SuppressionTable {
  private readonly values: number[] = [];
  private readonly internal: number[] = [];
  private readonly fixed: number[] = [];
  /** Relation k: total `totals[k]` = Σ parts[starts[k] .. starts[k + 1] − 1]. */
  private readonly totals: number[] = [];
  private readonly starts: number[] = [0];
  private readonly parts: number[] = [];
  private marks: Uint8Array | null = null;

  constructor(private readonly options: { exact?: boolean } = {}) {}

  /**
   * Adds a cell and returns its index; `internal` for a cell that is never displayed, `fixed` for
   * one the caller sees exactly (see `suppress`).
   */
  cell(value: number, internal = false, fixed = false): number {
    this.values.push(value);
    this.internal.push(internal ? 1 : 0);
    this.fixed.push(fixed ? 1 : 0);
    return this.values.length - 1;
  }

  /** Whether every cell is published as it is. */
  get exact(): boolean {
    return this.options.exact === true;
  }

  relate(total: number, parts: readonly number[]): void {
    if (parts.length === 0) return;
    this.totals.push(total);
    for (let j = 0; j < parts.length; j++) this.parts.push(parts[j]);
    this.starts.push(this.parts.length);
  }

  /** The published form of cell `index` (suppression runs on first use). */
  count(index: number): ReportCount {
    if (this.exact) {
      const value = this.values[index];
      if (!Number.isInteger(value) || value < 0) throw new RangeError(`counts must be whole numbers ≥ 0 (got ${value})`);
      return reportCount(value, null);
    }
    this.marks ??= suppressionMarks(this.values, this.values.length, this.totals, this.starts, this.parts, SUPPRESSION_THRESHOLD, this.internal, this.fixed);
    return reportCount(this.values[index], MARKS[this.marks[index]]);
  }
}
