import { SUPPRESSION_THRESHOLD, type ReportCount, type Suppression } from '@equip/shared/contracts';

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
function complement(values: readonly number[], marks: readonly (Suppression | null)[], r: Relation, hidden: number, internal: readonly boolean[]): number | undefined {
  const visibleParts = r.parts.filter((i) => i !== hidden && marks[i] === null);
  const bySize = (a: number, b: number) => values[a] - values[b] || a - b;
  const inner = visibleParts.filter((i) => internal[i]).sort(bySize);
  if (inner.length > 0) return inner[0];
  const positive = visibleParts.filter((i) => values[i] > 0).sort(bySize);
  if (positive.length > 0) return positive[0];
  if (r.total !== hidden && marks[r.total] === null) return r.total;
  return visibleParts[0];
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
  if (c.suppressed === 'fewer_than_5') return `fewer than ${SUPPRESSION_THRESHOLD}`;
  if (c.suppressed === 'complementary') return 'suppressed';
  return String(c.count);
}

/**
 * Collects cells and relations for one table, then suppresses them all at once, so a table's
 * relations (rows, columns, tree) are checked together.
 */
export class SuppressionTable {
  private readonly values: number[] = [];
  private readonly internal: boolean[] = [];
  private readonly relations: Relation[] = [];
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
    this.marks ??= suppress(this.values, this.relations, SUPPRESSION_THRESHOLD, this.internal);
    return reportCount(this.values[index], this.marks[index]);
  }
}
