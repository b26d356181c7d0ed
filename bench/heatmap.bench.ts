/**
 * The node-side part of a whole-city RASE dashboard (`npm run bench -- heatmap [--runs 200]`), with
 * no database: own counts from the rollup rows (`ownCounts`), the department × subject heatmap with
 * its subtree totals (`buildHeatmap`), small-cell suppression over every relation and the rows of
 * the response — on a deterministic synthetic input shaped like the 100,000-staff city (240
 * departments in a tree three deep, 8 subjects, ~1,650 non-empty department × subject cells).
 *
 * Baseline: the frozen reference implementation (`@equip/server/reporting/testing`, the code before
 * the integer-indexed rewrite). The run fails unless both give the same rows, root overdue cells and
 * marks on every cell.
 */
import { runHeatmap, type CellCount, type DepartmentRow, type HeatmapInput, type StateCount, type SubjectRow } from '@equip/server/reporting/testing';
import { mulberry32 } from '@equip/shared/domain/testing';
import { latencyTable, option, repeat } from './support/measure';

/** 40 departments, 100 divisions, 100 sections (tree order); 100,000 staff spread unevenly; 8 subjects (6 courses, 2 tracks). */
function cityInput(): HeatmapInput {
  const random = mulberry32(20261203);
  const int = (n: number) => Math.floor(random() * n);
  const departments: DepartmentRow[] = [];
  const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const add = (parentId: string | null, kind: string) => {
    const id = uuid(departments.length);
    departments.push({ id, code: `D${departments.length}`, name: `Department ${departments.length}`, parentId, kind, path: id });
    return id;
  };
  const tree: DepartmentRow[] = [];
  let division = 0;
  for (let d = 0; d < 40; d++) {
    const root = add(null, 'department');
    tree.push(departments[departments.length - 1]);
    // 100 divisions over the 40 departments (3 or 2 each), 99 sections over the divisions (0, 1 or 2 each).
    for (let v = 0; v < (d < 20 ? 3 : 2); v++, division++) {
      const parent = add(root, 'division');
      tree.push(departments[departments.length - 1]);
      for (let s = 0; s < division % 3; s++) {
        add(parent, 'section');
        tree.push(departments[departments.length - 1]);
      }
    }
  }
  while (tree.length < 240) {
    const parent = tree[int(tree.length)];
    add(parent.id, 'section');
    tree.splice(tree.indexOf(parent) + 1, 0, departments[departments.length - 1]);
  }
  const subjects: SubjectRow[] = Array.from({ length: 8 }, (_, i) => ({ id: uuid(1000 + i), kind: i < 2 ? 'track' : 'course', slug: `subject-${i}`, title: `Subject ${i}` }));
  const weights = tree.map(() => random() ** 3);
  const sum = weights.reduce((s, w) => s + w, 0);
  const states: StateCount[] = [];
  const overdue: CellCount[] = [];
  tree.forEach((d, i) => {
    const staff = Math.round((100_000 * weights[i]) / sum);
    for (const s of subjects) {
      if (random() < 0.1375) continue; // ~1,650 of 1,920 cells have rows
      const assigned = Math.max(1, Math.round(staff * (0.2 + random())));
      const completed = Math.round(assigned * random() * 0.8);
      const exempt = Math.round((assigned - completed) * random() * 0.1);
      const open = assigned - completed - exempt;
      states.push({ departmentId: d.id, subjectId: s.id, state: 'open', n: open });
      if (completed > 0) states.push({ departmentId: d.id, subjectId: s.id, state: 'completed', n: completed });
      if (exempt > 0) states.push({ departmentId: d.id, subjectId: s.id, state: 'exempt', n: exempt });
      const late = Math.round(open * random() * 0.3);
      if (late > 0) overdue.push({ departmentId: d.id, subjectId: s.id, n: late });
    }
  });
  // Fresh strings in every row, as the pg driver gives them (not the department's own id string).
  return { departments: tree, subjects, states: JSON.parse(JSON.stringify(states)), overdue: JSON.parse(JSON.stringify(overdue)) };
}

/** Everything the dashboard publishes from the heatmap: its rows, the root overdue cells and the city's overdue total (suppression runs on the first count). */
function publish(input: HeatmapInput, implementation: 'current' | 'reference') {
  const run = runHeatmap(input, implementation);
  return { rows: run.rows(), rootOverdue: run.rootOverdue, overdue: run.table.count(run.overdueCell), table: run.table };
}

async function main(): Promise<void> {
  const runs = option('runs', 200);
  const warmup = option('warmup', 20);
  const input = cityInput();

  // The check first: the same rows, root cells and mark on every cell of the table.
  const a = publish(input, 'reference');
  const b = publish(input, 'current');
  const size = a.table.cell(0);
  b.table.cell(0);
  const marks = (t: { count: (i: number) => { suppressed: string | null } }) => Array.from({ length: size }, (_, i) => t.count(i).suppressed);
  const referenceMarks = marks(a.table);
  const same =
    JSON.stringify(a.rows) === JSON.stringify(b.rows) &&
    JSON.stringify(a.rootOverdue) === JSON.stringify(b.rootOverdue) &&
    JSON.stringify(referenceMarks) === JSON.stringify(marks(b.table));
  const nonEmpty = new Set(input.states.map((r) => `${r.departmentId}|${r.subjectId}`)).size;
  const hidden = (mark: string) => referenceMarks.filter((m) => m === mark).length;

  const collect = () => (globalThis as { gc?: () => void }).gc?.();
  collect();
  const baseline = await repeat('reference (before): ownCounts + buildHeatmap + suppress + rows', runs, warmup, async () => publish(input, 'reference'));
  collect();
  const now = await repeat('current: ownCounts + buildHeatmap + suppress + rows', runs, warmup, async () => publish(input, 'current'));
  process.stdout.write(
    `\nHeatmap and suppression in node, no database (${input.departments.length} departments, ${input.subjects.length} subjects, ` +
      `${nonEmpty.toLocaleString('en-US')} non-empty department × subject cells; ${size.toLocaleString('en-US')} table cells, ` +
      `${hidden('fewer_than_5').toLocaleString('en-US')} fewer than 5, ${hidden('complementary').toLocaleString('en-US')} complementary; node ${process.version})\n` +
      `${runs} runs after ${warmup} warm-up runs each; baseline = the frozen reference implementation\n\n` +
      `${latencyTable([baseline, now], baseline)}\n\n` +
      (same ? 'Same rows, root overdue cells and marks on every cell as the reference.\n' : 'DIFFERENT OUTPUT FROM THE REFERENCE.\n'),
  );
  if (!same) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`heatmap benchmark failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
