import type { HeatmapCell, HeatmapRow, ReportCount, ReportSubject, SubjectKey } from '@equip/shared/contracts';
import { SuppressionTable } from '@equip/shared/domain';
import type { CellCount, DepartmentRow, StateCount, SubjectRow } from './dashboard.repository';

/** A department's own counts for one subject (not its subtree). */
export interface Counts {
  assigned: number;
  completed: number;
  exempt: number;
  overdue: number;
}

export const subjectKey = (s: SubjectRow): SubjectKey => `${s.kind}:${s.slug}`;

export const toSubject = (s: SubjectRow): ReportSubject => ({ key: subjectKey(s), kind: s.kind, slug: s.slug, title: s.title });

/** Each department's depth in the list (parents listed before their children; a parent outside the list makes a root). */
export function depths(departments: readonly DepartmentRow[]): Map<string, number> {
  const depth = new Map<string, number>();
  for (const d of departments) depth.set(d.id, d.parentId && depth.has(d.parentId) ? (depth.get(d.parentId) as number) + 1 : 0);
  return depth;
}

/** Own counts by department id, then subject id. */
export type OwnCounts = Map<string, Map<string, Counts>>;

/**
 * Own counts per department and subject from the rollups and this week's overdue. Keyed by one id
 * then the other rather than by a joined key: a key built per row costs a new string to hash.
 */
export function ownCounts(states: StateCount[], overdue: CellCount[]): OwnCounts {
  const own: OwnCounts = new Map();
  const at = (d: string, s: string) => {
    let bySubject = own.get(d);
    if (bySubject === undefined) {
      bySubject = new Map();
      own.set(d, bySubject);
    }
    let c = bySubject.get(s);
    if (c === undefined) {
      c = { assigned: 0, completed: 0, exempt: 0, overdue: 0 };
      bySubject.set(s, c);
    }
    return c;
  };
  for (const r of states) {
    const c = at(r.departmentId, r.subjectId);
    c.assigned += r.n;
    if (r.state === 'completed') c.completed += r.n;
    if (r.state === 'exempt') c.exempt += r.n;
  }
  for (const r of overdue) at(r.departmentId, r.subjectId).overdue += r.n;
  return own;
}

/** The measures of a department × subject, in the order `registerCounts` registers their cells. */
const COMPLETED = 1;
const EXEMPT = 2;
const OVERDUE = 3;
const REST = 4;
const MEASURES = 5;

/**
 * Registers the five cells of a department × subject (or a cohort): assigned, completed, exempt,
 * overdue and the never-displayed rest, with assigned = the other four. Returns the index of the
 * first (assigned); the others follow it in that order. `internal` for counts never displayed (a
 * department's own staff outside its sub-departments); `fixed` for counts the caller sees exactly.
 */
export function registerCounts(table: SuppressionTable, c: Counts, internal = false, fixed = false): number {
  const assigned = table.cell(c.assigned, internal, fixed);
  table.cell(c.completed, internal, fixed);
  table.cell(c.exempt, internal, fixed);
  table.cell(c.overdue, internal, fixed);
  table.cell(c.assigned - c.completed - c.exempt - c.overdue, true, fixed);
  table.relate(assigned, [assigned + COMPLETED, assigned + EXEMPT, assigned + OVERDUE, assigned + REST]);
  return assigned;
}

/** The published counts of the cells `registerCounts` registered from `first`, and the share completed. */
export function publishedCounts(table: SuppressionTable, first: number): Omit<HeatmapCell, 'subject'> {
  const assigned = table.count(first);
  const completed = table.count(first + COMPLETED);
  const exempt = table.count(first + EXEMPT);
  return { assigned, completed, exempt, overdue: table.count(first + OVERDUE), percentCompleted: completedPercent(assigned, completed, exempt) };
}

/** The heatmap's cell for `subject` whose cells start at `first`. */
export const heatmapCell = (table: SuppressionTable, subject: SubjectKey, first: number): HeatmapCell => ({ subject, ...publishedCounts(table, first) });

/**
 * The heatmap: every department in `departments` (parents before children) with its subtree's
 * counts per subject, registered in `table` with the relations a reader could use — a cell's
 * assigned = completed + exempt + overdue + the rest; a department = its own staff + its
 * sub-departments — so suppression covers both. Returns rows that read the table lazily, and the
 * index of each root row's overdue cells (for the city total's relation).
 *
 * Department ids are unique. Internally a department × subject is `d * subjects + s` (positions in
 * the given lists) into flat arrays; the cells and relations are registered in the same order as
 * ever, so cell indexes and suppression's choices do not depend on this layout. `exact(id)` tells
 * which departments' cells the caller sees exactly (fixed in the table; their subtrees must be exact too).
 */
export function buildHeatmap(table: SuppressionTable, departments: DepartmentRow[], subjects: SubjectRow[], own: OwnCounts, exact: (departmentId: string) => boolean = () => false) {
  const D = departments.length;
  const S = subjects.length;
  const position = new Map<string, number>();
  departments.forEach((d, i) => position.set(d.id, i));
  // The parent's position, −1 for a root (no parent, or one outside the list); children in list order.
  const parent = new Int32Array(D);
  const children: number[][] = departments.map(() => []);
  const roots: number[] = [];
  departments.forEach((d, i) => {
    const p = d.parentId ? (position.get(d.parentId) ?? -1) : -1;
    parent[i] = p;
    if (p >= 0) children[p].push(i);
    else roots.push(i);
  });

  // Own counts, then subtree totals in one pass from the end of the list: a child listed after its
  // parent is complete when the parent is reached (one listed before it counts as zero, as it always has).
  const ownOf = new Float64Array(D * S * 4);
  const subtree = new Float64Array(D * S * 4);
  for (let d = 0; d < D; d++) {
    const bySubject = own.get(departments[d].id);
    if (bySubject === undefined) continue;
    for (let s = 0; s < S; s++) {
      const c = bySubject.get(subjects[s].id);
      if (c === undefined) continue;
      const at = (d * S + s) * 4;
      ownOf[at] = c.assigned;
      ownOf[at + 1] = c.completed;
      ownOf[at + 2] = c.exempt;
      ownOf[at + 3] = c.overdue;
    }
  }
  for (let d = D - 1; d >= 0; d--) {
    for (let s = 0; s < S; s++) {
      const at = (d * S + s) * 4;
      let assigned = ownOf[at];
      let completed = ownOf[at + 1];
      let exempt = ownOf[at + 2];
      let overdue = ownOf[at + 3];
      for (const k of children[d]) {
        if (k <= d) continue;
        const from = (k * S + s) * 4;
        assigned += subtree[from];
        completed += subtree[from + 1];
        exempt += subtree[from + 2];
        overdue += subtree[from + 3];
      }
      subtree[at] = assigned;
      subtree[at + 1] = completed;
      subtree[at + 2] = exempt;
      subtree[at + 3] = overdue;
    }
  }

  // The counts at counts[at .. at + 3]; a department's own staff (outside its sub-departments) are never displayed.
  const fixed = departments.map((d) => exact(d.id));
  const register = (counts: Float64Array, at: number, internal: boolean, isFixed: boolean): number =>
    registerCounts(table, { assigned: counts[at], completed: counts[at + 1], exempt: counts[at + 2], overdue: counts[at + 3] }, internal, isFixed);

  // The first cell of each department × subject; its measures follow it.
  const first = new Int32Array(D * S);
  for (let c = 0; c < D * S; c++) first[c] = register(subtree, c * 4, false, fixed[Math.floor(c / S)]);
  for (let d = 0; d < D; d++) {
    const kids = children[d];
    if (kids.length === 0) continue;
    for (let s = 0; s < S; s++) {
      const ownFirst = register(ownOf, (d * S + s) * 4, true, fixed[d]);
      const total = first[d * S + s];
      for (let m = 0; m < MEASURES; m++) {
        const parts = new Array<number>(kids.length + 1);
        parts[0] = ownFirst + m;
        for (let j = 0; j < kids.length; j++) parts[j + 1] = first[kids[j] * S + s] + m;
        table.relate(total + m, parts);
      }
    }
  }

  const depth = new Int32Array(D);
  for (let d = 0; d < D; d++) depth[d] = parent[d] >= 0 && parent[d] < d ? depth[parent[d]] + 1 : 0;
  const keys = subjects.map(subjectKey);

  const rows = (): HeatmapRow[] =>
    departments.map((d, i) => {
      const cells = new Array<HeatmapCell>(S);
      for (let s = 0; s < S; s++) cells[s] = heatmapCell(table, keys[s], first[i * S + s]);
      return {
        department: { id: d.id, code: d.code, name: d.name, parentId: d.parentId, depth: depth[i], hasChildren: children[i].length > 0 },
        cells,
      };
    });
  const rootOverdue: number[] = [];
  for (const d of roots) for (let s = 0; s < S; s++) rootOverdue.push(first[d * S + s] + OVERDUE);
  return { rows, rootOverdue, roots: roots.map((d) => departments[d]) };
}

/** completed / (assigned − exempt), one decimal; null when any is hidden or nothing is due. */
export function completedPercent(assigned: ReportCount, completed: ReportCount, exempt: ReportCount): number | null {
  if (assigned.count === null || completed.count === null || exempt.count === null) return null;
  const due = assigned.count - exempt.count;
  return due > 0 ? Math.round((completed.count / due) * 1000) / 10 : null;
}

