/**
 * A frozen copy of `ownCounts` and `buildHeatmap` (heatmap.ts) as they were before the
 * integer-indexed rewrite (commit c134f94), over the frozen suppression of
 * `@equip/shared/domain/testing`; kept only so that heatmap.equivalence.spec.ts and
 * bench/heatmap.bench.ts can check the current code against it. Not used by application code; do
 * not change it to follow heatmap.ts.
 */
import type { HeatmapCell, HeatmapRow, ReportCount, SubjectKey } from '@equip/shared/contracts';
import { ReferenceSuppressionTable } from '@equip/shared/domain/testing';
import type { CellCount, DepartmentRow, StateCount, SubjectRow } from '../dashboard.repository';

/** A department's own counts for one subject (not its subtree). */
interface Counts {
  assigned: number;
  completed: number;
  exempt: number;
  overdue: number;
}

const ZERO: Counts = { assigned: 0, completed: 0, exempt: 0, overdue: 0 };
const add = (a: Counts, b: Counts): Counts => ({
  assigned: a.assigned + b.assigned,
  completed: a.completed + b.completed,
  exempt: a.exempt + b.exempt,
  overdue: a.overdue + b.overdue,
});

const subjectKey = (s: SubjectRow): SubjectKey => `${s.kind}:${s.slug}`;

/** Own counts per department and subject from the rollups and this week's overdue. */
export function referenceOwnCounts(states: StateCount[], overdue: CellCount[]): Map<string, Counts> {
  const own = new Map<string, Counts>();
  const at = (d: string, s: string) => {
    const key = `${d}|${s}`;
    if (!own.has(key)) own.set(key, { ...ZERO });
    return own.get(key) as Counts;
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

/** Cell indexes of one department × subject in the suppression table. */
interface CellIdx {
  assigned: number;
  completed: number;
  exempt: number;
  overdue: number;
  rest: number;
}

const MEASURES = ['assigned', 'completed', 'exempt', 'overdue'] as const;

/**
 * The heatmap: every department in `departments` (parents before children) with its subtree's
 * counts per subject, registered in `table` with the relations a reader could use — a cell's
 * assigned = completed + exempt + overdue + the rest; a department = its own staff + its
 * sub-departments — so suppression covers both. Returns rows that read the table lazily, and the
 * index of each root row's overdue cells (for the city total's relation).
 */
export function referenceBuildHeatmap(table: ReferenceSuppressionTable, departments: DepartmentRow[], subjects: SubjectRow[], own: Map<string, Counts>) {
  const ids = new Set(departments.map((d) => d.id));
  const children = new Map<string, DepartmentRow[]>();
  for (const d of departments) if (d.parentId && ids.has(d.parentId)) children.set(d.parentId, [...(children.get(d.parentId) ?? []), d]);
  const roots = departments.filter((d) => !d.parentId || !ids.has(d.parentId));

  // Subtree totals, children first.
  const subtree = new Map<string, Counts>();
  for (const d of [...departments].reverse()) {
    for (const s of subjects) {
      let total = own.get(`${d.id}|${s.id}`) ?? ZERO;
      for (const child of children.get(d.id) ?? []) total = add(total, subtree.get(`${child.id}|${s.id}`) ?? ZERO);
      subtree.set(`${d.id}|${s.id}`, total);
    }
  }

  // A department's own staff (outside its sub-departments) and "the rest" of a cell are never displayed.
  const register = (c: Counts, internal = false): CellIdx => {
    const idx = {
      assigned: table.cell(c.assigned, internal),
      completed: table.cell(c.completed, internal),
      exempt: table.cell(c.exempt, internal),
      overdue: table.cell(c.overdue, internal),
      rest: table.cell(c.assigned - c.completed - c.exempt - c.overdue, true),
    };
    table.relate(idx.assigned, [idx.completed, idx.exempt, idx.overdue, idx.rest]);
    return idx;
  };

  const cells = new Map<string, CellIdx>();
  for (const d of departments) for (const s of subjects) cells.set(`${d.id}|${s.id}`, register(subtree.get(`${d.id}|${s.id}`) ?? ZERO));
  for (const d of departments) {
    const kids = children.get(d.id) ?? [];
    if (kids.length === 0) continue;
    for (const s of subjects) {
      const ownIdx = register(own.get(`${d.id}|${s.id}`) ?? ZERO, true);
      const total = cells.get(`${d.id}|${s.id}`) as CellIdx;
      const parts = kids.map((k) => cells.get(`${k.id}|${s.id}`) as CellIdx);
      for (const m of [...MEASURES, 'rest'] as const) table.relate(total[m], [ownIdx[m], ...parts.map((p) => p[m])]);
    }
  }

  const depth = new Map<string, number>();
  for (const d of departments) depth.set(d.id, d.parentId && depth.has(d.parentId) ? (depth.get(d.parentId) as number) + 1 : 0);

  const rows = (): HeatmapRow[] =>
    departments.map((d) => ({
      department: { id: d.id, code: d.code, name: d.name, parentId: d.parentId, depth: depth.get(d.id) ?? 0, hasChildren: (children.get(d.id)?.length ?? 0) > 0 },
      cells: subjects.map((s) => heatmapCell(table, subjectKey(s), cells.get(`${d.id}|${s.id}`) as CellIdx)),
    }));
  const rootOverdue = roots.flatMap((r) => subjects.map((s) => (cells.get(`${r.id}|${s.id}`) as CellIdx).overdue));
  const rootCells = (subjectId: string) => roots.map((r) => cells.get(`${r.id}|${subjectId}`) as CellIdx);
  return { rows, rootOverdue, rootCells, subtree, roots };
}

function heatmapCell(table: ReferenceSuppressionTable, subject: SubjectKey, idx: CellIdx): HeatmapCell {
  const assigned = table.count(idx.assigned);
  const completed = table.count(idx.completed);
  const exempt = table.count(idx.exempt);
  return { subject, assigned, completed, exempt, overdue: table.count(idx.overdue), percentCompleted: completedPercent(assigned, completed, exempt) };
}

/** completed / (assigned − exempt), one decimal; null when any is hidden or nothing is due. */
function completedPercent(assigned: ReportCount, completed: ReportCount, exempt: ReportCount): number | null {
  if (assigned.count === null || completed.count === null || exempt.count === null) return null;
  const due = assigned.count - exempt.count;
  return due > 0 ? Math.round((completed.count / due) * 1000) / 10 : null;
}

