import { pdfText } from '@equip/server/testing';
import type { Dashboard, HeatmapCell, HeatmapRow, ProgressionOverview, ReportCount, ReportSubject, SubjectKey } from '@equip/shared/contracts';
import { MAX_SUMMARY_SUBJECTS, renderSummaryPdf, summaryHeatmap, type SummaryContent } from './summary-pdf';

const shown = (count: number): ReportCount => ({ count, suppressed: null });
const FEWER: ReportCount = { count: null, suppressed: 'fewer_than_5' };
const HIDDEN: ReportCount = { count: null, suppressed: 'complementary' };

const subject = (slug: string, title: string, kind: 'course' | 'track' = 'course'): ReportSubject => ({ key: `${kind}:${slug}`, kind, slug, title });
const FOUNDATIONS = subject('all-staff-foundations', 'All-staff foundations', 'track');

function cell(key: SubjectKey, assigned: number, completed: number): HeatmapCell {
  return { subject: key, assigned: shown(assigned), completed: shown(completed), exempt: shown(0), overdue: shown(0), percentCompleted: assigned ? Math.round((completed / assigned) * 1000) / 10 : null };
}

function row(id: string, name: string, depth: number, cells: HeatmapCell[]): HeatmapRow {
  return { department: { id, code: id.toUpperCase(), name, parentId: depth ? 'tes' : null, depth, hasChildren: false }, cells };
}

function dashboard(overrides: Partial<Dashboard> = {}): Dashboard {
  const subjects = [FOUNDATIONS, subject('equity-basics', 'Equity basics')];
  return {
    query: {},
    disclosure: 'protected',
    publication: null,
    subjects,
    overview: {
      foundationsTrack: FOUNDATIONS,
      staffTrained: shown(1234),
      staff: shown(2716),
      shareTrainedPercent: 45.4,
      completionsThisQuarter: shown(387),
      quarterStart: '2026-10-01',
      overdueNow: FEWER,
      dueNext30Days: shown(58),
      asOf: '2026-12-02T15:00:00.000Z',
    },
    heatmap: [
      row('tes', 'Transportation and Environmental Services', 0, [cell(FOUNDATIONS.key, 40, 30), cell('course:equity-basics', 20, 5)]),
      row('tes-ops', 'Operations', 1, [cell(FOUNDATIONS.key, 25, 20), cell('course:equity-basics', 10, 5)]),
      row('apd', 'Police Department', 0, [{ ...cell(FOUNDATIONS.key, 0, 0), assigned: FEWER, completed: HIDDEN, percentCompleted: null }, cell('course:equity-basics', 30, 27)]),
    ],
    weekly: Array.from({ length: 26 }, (_, i) => ({
      weekStart: new Date(Date.UTC(2026, 5, 8 + 7 * i)).toISOString().slice(0, 10),
      completions: i === 3 ? FEWER : shown(10 + i),
      trainedCumulative: shown(100 + i),
      shareTrainedPercent: null,
    })),
    competencies: [],
    ...overrides,
  };
}

const progression: ProgressionOverview = {
  indicators: [],
  stages: [
    { stage: 'emerging', name: 'Emerging', description: '', requires: [] },
    { stage: 'developing', name: 'Developing', description: '', requires: [] },
    { stage: 'practicing', name: 'Practicing', description: '', requires: [] },
    { stage: 'embedded', name: 'Embedded', description: '', requires: [] },
  ],
  departments: [
    { department: { id: 'tes', code: 'TES', name: 'Transportation and Environmental Services' }, stage: 'developing', next: null, indicators: [] },
    { department: { id: 'apd', code: 'APD', name: 'Police Department' }, stage: null, next: null, indicators: [] },
    { department: { id: 'elsewhere', code: 'ELSE', name: 'Not on this page' }, stage: 'embedded', next: null, indicators: [] },
  ],
  asOf: '2026-12-02T15:00:00.000Z',
  disclosure: 'protected',
};

const content = (d: Dashboard = dashboard(), cityWide = true): SummaryContent => ({ dashboard: d, progression, cityName: 'City of Riverton', timeZone: 'America/New_York', cityWide });
const render = async (c: SummaryContent) => pdfText(await renderSummaryPdf(c, { compress: false }));

describe('renderSummaryPdf', () => {
  it('prints the city, the as-of date and the headline figures on exactly one page', async () => {
    const pdf = await render(content());
    expect(pdf.pages).toBe(1);
    expect(pdf.text).toContain('Training and equity progress: summary for leadership');
    expect(pdf.runs).toContain('City of Riverton');
    expect(pdf.text).toContain('As of December 2, 2026.');
    expect(pdf.text).toContain('Filters: none');
    expect(pdf.text).toContain('Staff trained in All-staff foundations 45.4% 1,234 of 2,716 staff');
    expect(pdf.text).toContain('Completions this quarter 387 Since Oct 1, 2026');
    expect(pdf.text).toContain('Due in the next 30 days 58');
  });

  it('prints hidden figures as words, never the number', async () => {
    const pdf = await render(content());
    expect(pdf.text).toContain('Overdue now fewer than 5');
    // The Police Department's foundations cell: too few assigned to show.
    expect(pdf.text).toMatch(/Police Department \(APD\) fewer than 5 90%/);
    expect(pdf.text).toContain('A dotted outline marks a week whose count is hidden');
    expect(pdf.runs).not.toContain('null');
  });

  it('says whether its figures are protected, and that an exact copy is not for sharing', async () => {
    expect((await render(content())).text).toContain('Protected figures: “fewer than 5” stands for 1 to 4');
    const exact = await render(content(dashboard({ disclosure: 'exact' })));
    expect(exact.text).toContain('Exact figures, small groups included: for your own use, not for sharing');
    expect(exact.text).not.toContain('Protected figures');
  });

  it('lists the top-level departments against the courses and tracks, and counts departments at each stage', async () => {
    const pdf = await render(content());
    expect(pdf.text).toContain('Transportation and Environmental Services (TES) 75% 25%');
    // A division is not a top-level row when no department is chosen.
    expect(pdf.text).not.toContain('Operations (TES-OPS)');
    // Stages of the departments on the page only: TES developing, APD not started.
    expect(pdf.text).toContain('Departments at each stage (2 in all)');
    expect(pdf.text).toContain('Not started Emerging Developing Practicing Embedded 1 0 1 0 0');
  });

  it('names the chosen department and the filters, and shows it with its sub-departments', async () => {
    const d = dashboard({ query: { departmentId: 'tes', jobClass: 'Trades', activeOnly: true } });
    d.heatmap = d.heatmap.filter((r) => r.department.id !== 'apd');
    const pdf = await render(content(d));
    expect(pdf.runs).toContain('Transportation and Environmental Services (TES), City of Riverton');
    expect(pdf.text).toContain('Filters: department Transportation and Environmental Services (TES) and the units under it; job class Trades; active staff only.');
    expect(pdf.text).toContain('Operations (TES-OPS) 80% 50%');
  });

  it('names a chosen course and the weeks of the series', async () => {
    const d = dashboard({ query: { subject: 'course:equity-basics', from: '2026-06-10', to: '2026-11-30' }, subjects: [subject('equity-basics', 'Equity basics')] });
    d.heatmap = d.heatmap.map((r) => ({ ...r, cells: r.cells.slice(1) }));
    const pdf = await render(content(d));
    expect(pdf.text).toContain('Filters: course or track Equity basics; completions per week from Jun 8, 2026 to the week of Nov 30, 2026.');
    expect(pdf.text).toContain('Transportation and Environmental Services (TES) 25%');
  });

  it("names a lead's departments when they see no city", async () => {
    const pdf = await render(content(dashboard(), false));
    expect(pdf.runs).toContain('Transportation and Environmental Services; Police Department, City of Riverton');
  });

  it('prints every one of many long-named departments, continuing under the header row on the next pages, and names the courses it left out', async () => {
    const subjects = Array.from({ length: 14 }, (_, i) => subject(`course-${i}`, `A course with a rather long title number ${i}`));
    const heatmap = Array.from({ length: 80 }, (_, i) =>
      row(`d${i}`, `Department of Extremely Long Names and Bureaucratic Sub-Committees for Ongoing Review, number ${i}`, 0, subjects.map((s, j) => cell(s.key, j === 13 ? 500 : 10 + j, 5))),
    );
    const pdf = await render(content(dashboard({ subjects, heatmap })));
    expect(pdf.pages).toBeGreaterThan(1);
    expect(pdf.text).toContain(`Only the ${MAX_SUMMARY_SUBJECTS} most-assigned of 14 courses and tracks fit here`);
    expect(pdf.text).toContain('not shown: A course with a rather long title number 0;');
    expect(pdf.text).not.toContain('more departments');
    expect(pdf.text).not.toContain('…');
    // The most-assigned course is among the columns, its header repeated on every page of the table.
    expect(pdf.text.split('A course with a rather long title number 13').length - 1).toBeGreaterThanOrEqual(pdf.pages);
    expect(pdf.text).toContain('Completions per week');
    expect(pdf.text).toContain('Departments at each stage');
  });

  it("fits a city's 32 departments without leaving one out", async () => {
    const heatmap = Array.from({ length: 32 }, (_, i) => row(`d${i}`, `Department number ${i}`, 0, [cell(FOUNDATIONS.key, 40, i), cell('course:equity-basics', 40, 20)]));
    const pdf = await render(content(dashboard({ heatmap })));
    expect(pdf.pages).toBe(1);
    expect(pdf.text).toContain('Department number 0 (D0) 0% 50%');
    expect(pdf.text).toContain('Department number 31 (D31) 77.5% 50%');
    expect(pdf.text).not.toContain('more departments');
  });

  it('prints names in any script the roster holds', async () => {
    const d = dashboard();
    d.heatmap[0] = { ...d.heatmap[0], department: { ...d.heatmap[0].department, name: 'Služby Nguyễn Thị Minh Ωμέγα' } };
    const pdf = await render(content(d));
    expect(pdf.text).toContain('Služby Nguyễn Thị Minh Ωμέγα (TES)');
  });
});

describe('summaryHeatmap', () => {
  it('keeps every course and track that fits, in the dashboard order', () => {
    expect(summaryHeatmap(dashboard()).subjects.map((s) => s.key)).toEqual([FOUNDATIONS.key, 'course:equity-basics']);
  });
});
