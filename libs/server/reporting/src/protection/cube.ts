import type { Relation } from '@equip/shared/domain';
import type { Derived, ProtectionCell } from './protect';

/**
 * One block of the published set: the counts of one subject in one window, by department (each
 * department's subtree; its own staff outside its sub-departments as a never-displayed cell),
 * by at most one attribute at a time (each attribute's values sum to the total), optionally active
 * staff only beside everyone (all = active + inactive, inactive never displayed), and by measure
 * (e.g. assigned = completed + exempt + overdue + the rest). Every identity a reader could use
 * between these figures is a relation, so protecting the cube protects the block.
 */
export interface CubeSpec {
  /** Parent's position, or −1 for a root; parents listed before their children. */
  departments: { parent: number }[];
  attributes: { values: string[] }[];
  measures: { count: number; relations: Relation[]; internal: readonly boolean[] };
  /** Publish an active-only figure beside each one. */
  toggle: boolean;
  /** Counts of people grouped by department (position), active, each attribute's value (position) and measure. */
  records: { department: number; active: boolean; values: number[]; counts: number[] }[];
}

/** Toggle: everyone, active staff only, inactive staff only (never displayed: all − active). */
export const ALL = 0;
export const ACTIVE = 1;
export const INACTIVE = 2;

export interface CubeKey {
  department: number;
  /** The department's subtree (what is displayed), or only its own staff (never displayed). */
  subtree: boolean;
  toggle: number;
  /** −1 for the total over every attribute, else the attribute's position (and `value` its value's). */
  attribute: number;
  value: number;
  measure: number;
}

export interface Cube {
  cells: ProtectionCell[];
  /** The identities among displayed cells (each attribute's values sum to the total). */
  relations: Relation[];
  /**
   * Each never-displayed cell as a sum of displayed ones: a department's own staff = its subtree −
   * its sub-departments', inactive = everyone − active, the rest = assigned − completed − exempt −
   * overdue (and their combinations). Every identity that holds a never-displayed cell follows from
   * these and the relations, so a reader's whole knowledge is the relations plus each of these ≥ 0.
   */
  derived: Derived[];
  keys: CubeKey[];
  /** The cell of a key, undefined if the cube has none (an own cell of a leaf is its subtree cell). */
  index(key: CubeKey): number | undefined;
}

export function cube(spec: CubeSpec): Cube {
  const D = spec.departments.length;
  const children: number[][] = spec.departments.map(() => []);
  spec.departments.forEach((d, i) => {
    if (d.parent >= i) throw new RangeError(`department ${i} is listed before its parent ${d.parent}`);
    if (d.parent >= 0) children[d.parent].push(i);
  });
  const toggles = spec.toggle ? [ALL, ACTIVE, INACTIVE] : [ALL];
  const slots: [number, number][] = [[-1, 0]];
  spec.attributes.forEach((a, k) => a.values.forEach((_, v) => slots.push([k, v])));
  const M = spec.measures.count;
  const slotOf = new Map(slots.map(([k, v], s) => [`${k}:${v}`, s]));
  const T = toggles.length;
  const S = slots.length;
  // Own and subtree values, [department][toggle][slot][measure] flat.
  const at = (d: number, t: number, s: number, m: number) => ((d * T + t) * S + s) * M + m;
  const own = new Float64Array(D * T * S * M);
  for (const r of spec.records) {
    for (let t = 0; t < T; t++) {
      if (toggles[t] === ACTIVE && !r.active) continue;
      if (toggles[t] === INACTIVE && r.active) continue;
      const matching = [0, ...r.values.map((v, k) => slotOf.get(`${k}:${v}`) as number)];
      for (const s of matching) for (let m = 0; m < M; m++) own[at(r.department, t, s, m)] += r.counts[m];
    }
  }
  const subtree = Float64Array.from(own);
  for (let d = D - 1; d >= 0; d--) {
    const p = spec.departments[d].parent;
    if (p < 0) continue;
    for (let j = 0; j < T * S * M; j++) subtree[p * T * S * M + j] += subtree[d * T * S * M + j];
  }

  const cells: ProtectionCell[] = [];
  const keys: CubeKey[] = [];
  const byKey = new Map<string, number>();
  const name = (k: CubeKey) => `${k.department}/${k.subtree ? 's' : 'o'}/${k.toggle}/${k.attribute}:${k.value}/${k.measure}`;
  const index = (k: CubeKey) => byKey.get(name({ ...k, subtree: k.subtree || children[k.department].length === 0 }));
  for (let d = 0; d < D; d++) {
    for (const sub of children[d].length === 0 ? [true] : [true, false]) {
      for (let t = 0; t < T; t++) {
        for (let s = 0; s < S; s++) {
          for (let m = 0; m < M; m++) {
            const key: CubeKey = { department: d, subtree: sub, toggle: toggles[t], attribute: slots[s][0], value: slots[s][1], measure: m };
            byKey.set(name(key), cells.length);
            keys.push(key);
            cells.push({ value: (sub ? subtree : own)[at(d, t, s, m)], internal: !sub || toggles[t] === INACTIVE || spec.measures.internal[m] === true });
          }
        }
      }
    }
  }

  const cell = (d: number, sub: boolean, t: number, s: number, m: number) =>
    index({ department: d, subtree: sub, toggle: toggles[t], attribute: slots[s][0], value: slots[s][1], measure: m }) as number;
  const relations: Relation[] = [];
  for (let d = 0; d < D; d++)
    for (let t = 0; t < T; t++) {
      if (toggles[t] === INACTIVE) continue;
      for (let m = 0; m < M; m++) {
        if (spec.measures.internal[m]) continue;
        spec.attributes.forEach((a, k) => relations.push({ total: cell(d, true, t, 0, m), parts: a.values.map((_, v) => cell(d, true, t, slotOf.get(`${k}:${v}`) as number, m)) }));
      }
    }

  // A never-displayed measure is its relation's total less its other parts.
  const measureOf = new Map<number, { total: number; others: number[] }>();
  for (const r of spec.measures.relations) for (const m of r.parts) if (spec.measures.internal[m]) measureOf.set(m, { total: r.total, others: r.parts.filter((p) => p !== m) });
  /** A cell as displayed cells with coefficients, added into `into`. */
  const expand = (d: number, sub: boolean, t: number, s: number, m: number, coef: number, into: Map<number, number>): void => {
    const internalMeasure = measureOf.get(m);
    if (spec.measures.internal[m]) {
      if (!internalMeasure) throw new RangeError(`measure ${m} is never displayed but is no relation's part`);
      expand(d, sub, t, s, internalMeasure.total, coef, into);
      for (const o of internalMeasure.others) expand(d, sub, t, s, o, -coef, into);
    } else if (toggles[t] === INACTIVE) {
      expand(d, sub, toggles.indexOf(ALL), s, m, coef, into);
      expand(d, sub, toggles.indexOf(ACTIVE), s, m, -coef, into);
    } else if (!sub && children[d].length > 0) {
      expand(d, true, t, s, m, coef, into);
      for (const c of children[d]) expand(c, true, t, s, m, -coef, into);
    } else {
      const i = cell(d, true, t, s, m);
      const next = (into.get(i) ?? 0) + coef;
      if (next === 0) into.delete(i);
      else into.set(i, next);
    }
  };
  const derived: Derived[] = [];
  keys.forEach((key, i) => {
    if (!cells[i].internal) return;
    const terms = new Map<number, number>();
    expand(key.department, key.subtree, toggles.indexOf(key.toggle), slotOf.get(`${key.attribute}:${key.value}`) ?? 0, key.measure, 1, terms);
    derived.push({ cell: i, terms: [...terms] });
  });
  return { cells, relations, derived, keys, index };
}
