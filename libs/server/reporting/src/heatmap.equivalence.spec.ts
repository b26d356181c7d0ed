import { mulberry32 } from '@equip/shared/domain/testing';
import { treeOrder, type CellCount, type DepartmentRow, type StateCount, type SubjectRow } from './dashboard.repository';
import { runHeatmap, type HeatmapInput } from './testing';

/**
 * The current `ownCounts` + `buildHeatmap` + suppression against the frozen reference
 * (testing/heatmap.reference.ts over the reference suppression) on many seeded pseudo-random
 * department trees: the same rows (as JSON), the same root overdue cells and the same mark on every
 * cell of the table, with the dashboard's city-total relation added as ReportingService does.
 */

/** 1–300 departments up to depth 4 (in tree order, as the repository returns them), 1–10 subjects, counts mixing 0, 1–4 and larger. */
function randomCity(seed: number, maxDepartments = 300): HeatmapInput {
  const random = mulberry32(seed);
  const int = (n: number) => Math.floor(random() * n);
  const count = () => {
    const r = random();
    return r < 0.2 ? 0 : r < 0.55 ? 1 + int(4) : r < 0.7 ? 5 + int(6) : int(300);
  };
  const departments: DepartmentRow[] = [];
  const depth: number[] = [];
  const total = 1 + int(maxDepartments);
  for (let i = 0; i < total; i++) {
    const candidates = departments.map((_, j) => j).filter((j) => depth[j] < 3);
    const parent = i === 0 || random() < 0.1 || candidates.length === 0 ? -1 : candidates[int(candidates.length)];
    const id = `d${seed}-${i}`;
    departments.push({ id, code: `C${i}`, name: `Department ${i}`, parentId: parent < 0 ? (random() < 0.05 ? 'outside-scope' : null) : departments[parent].id, kind: 'division', path: id });
    depth.push(parent < 0 ? 0 : depth[parent] + 1);
  }
  const subjects: SubjectRow[] = Array.from({ length: 1 + int(10) }, (_, i) => ({ id: `s${i}`, kind: i % 4 === 0 ? 'track' : 'course', slug: `subject-${i}`, title: `Subject ${i}` }));
  const states: StateCount[] = [];
  const overdue: CellCount[] = [];
  for (const d of departments) {
    if (random() < 0.3) continue; // no staff of its own
    for (const s of subjects) {
      if (random() < 0.25) continue;
      const open = count();
      states.push({ departmentId: d.id, subjectId: s.id, state: 'open', n: open });
      if (random() < 0.8) states.push({ departmentId: d.id, subjectId: s.id, state: 'completed', n: count() });
      if (random() < 0.4) states.push({ departmentId: d.id, subjectId: s.id, state: 'exempt', n: count() });
      if (random() < 0.6) overdue.push({ departmentId: d.id, subjectId: s.id, n: int(open + 1) });
    }
  }
  // Rows of a department outside the list are ignored by the heatmap.
  if (random() < 0.2) states.push({ departmentId: 'not-listed', subjectId: subjects[0].id, state: 'completed', n: 3 });
  return { departments: treeOrder(departments), subjects, states, overdue };
}

/** Everything published from one heatmap: its rows, the root overdue cells, every cell's count. */
function publish(city: HeatmapInput, implementation: 'current' | 'reference') {
  const run = runHeatmap(city, implementation);
  const size = run.table.cell(0);
  return {
    rows: JSON.stringify(run.rows()),
    rootOverdue: run.rootOverdue,
    counts: Array.from({ length: size + 1 }, (_, i) => run.table.count(i)),
  };
}

function compare(seed: number, city: HeatmapInput): void {
  const expected = publish(city, 'reference');
  const actual = publish(city, 'current');
  // Compared as text first: a deep comparison of ~20,000 counts per tree is slow; the detail only on a difference.
  if (JSON.stringify(actual) !== JSON.stringify(expected)) expect({ seed, ...actual }).toEqual({ seed, ...expected });
  expect(actual.counts.length).toBe(expected.counts.length);
}

describe('buildHeatmap: the same output as the reference implementation', () => {
  it('on 200 seeded random department trees', () => {
    for (let seed = 1; seed <= 200; seed++) compare(seed, randomCity(seed));
  });

  it('on 400 small ones (1–12 departments), where suppression spreads furthest', () => {
    for (let seed = 10_001; seed <= 10_400; seed++) compare(seed, randomCity(seed, 12));
  });

  it('with departments out of tree order (a child listed before its parent)', () => {
    for (let seed = 20_001; seed <= 20_100; seed++) {
      const city = randomCity(seed, 40);
      const random = mulberry32(seed);
      const shuffled = city.departments.map((d) => ({ d, key: random() })).sort((a, b) => a.key - b.key).map((x) => x.d);
      compare(seed, { ...city, departments: shuffled });
    }
  });
});
