import type { Dashboard, HeatmapCell, HeatmapRow, ProgressionOverview, ReportCount, ReportSubject, SubjectKey } from '@equip/shared/contracts';
import { pdfLibraryText as extract } from '@equip/server/testing';
import { renderSummaryPdf } from './summary-pdf';

/*
 * The leadership PDF read back the way a reader's software reads it: its text extracted by a PDF
 * library (pdf-parse, on Mozilla's pdf.js), not by our own parser, so a name cut short, a cell
 * squeezed to "not…" or a page that runs out shows here.
 */

const shown = (count: number): ReportCount => ({ count, suppressed: null });
const subject = (slug: string, title: string, kind: 'course' | 'track' = 'course'): ReportSubject => ({ key: `${kind}:${slug}`, kind, slug, title });
const cell = (key: SubjectKey, assigned: number, completed: number): HeatmapCell => ({
  subject: key, assigned: shown(assigned), completed: shown(completed), exempt: shown(0), overdue: shown(0),
  percentCompleted: assigned ? Math.round((completed / assigned) * 1000) / 10 : null,
});
const row = (id: string, name: string, cells: HeatmapCell[]): HeatmapRow => ({
  department: { id, code: id.toUpperCase(), name, parentId: null, depth: 0, hasChildren: false }, cells,
});

const SUBJECTS = [
  subject('foundations', 'Racial equity foundations for every city employee', 'track'),
  subject('budget', 'Budgeting for equity: applying the racial equity toolkit to capital and operating budgets'),
  subject('engagement', 'Inclusive community engagement'),
  subject('hiring', 'Equitable hiring and promotion practices for supervisors and managers'),
];
const NAMES = [
  'Department of Transportation and Environmental Services',
  'Office of Housing, Community Development and Neighborhood Revitalization',
  'Police Department',
  'Department of Parks, Recreation and Cultural Activities',
  'Office of the City Manager',
  'Department of Emergency and Customer Communications',
  'Finance',
  'Department of Human Resources and Organizational Development',
  'Fire',
  'Office of Performance Analytics and Data-Driven Decision Making',
  'Library',
  'Department of Code Administration and Building Permits and Inspections',
];

function dashboard(names: readonly string[]): Dashboard {
  return {
    query: {},
    disclosure: 'protected',
    publication: null,
    subjects: SUBJECTS,
    overview: {
      foundationsTrack: SUBJECTS[0], staffTrained: shown(1234), staff: shown(2716), shareTrainedPercent: 45.4,
      completionsThisQuarter: shown(387), quarterStart: '2026-10-01', overdueNow: { count: null, suppressed: 'fewer_than_5' },
      dueNext30Days: shown(58), asOf: '2026-12-02T15:00:00.000Z',
    },
    heatmap: names.map((name, i) =>
      row(`d${i}`, name, [
        cell(SUBJECTS[0].key, 40, (i * 7) % 41),
        // Nothing assigned: a cell whose words ("not assigned") must not be cut to "not…".
        cell(SUBJECTS[1].key, 0, 0),
        { ...cell(SUBJECTS[2].key, 12, 3), completed: { count: null, suppressed: 'fewer_than_5' }, percentCompleted: null },
        cell(SUBJECTS[3].key, 9, 9),
      ]),
    ),
    weekly: Array.from({ length: 26 }, (_, i) => ({
      weekStart: new Date(Date.UTC(2026, 5, 8 + 7 * i)).toISOString().slice(0, 10),
      completions: i === 3 ? { count: null, suppressed: 'fewer_than_5' } : shown(10 + i), trainedCumulative: shown(100 + i), shareTrainedPercent: null,
    })),
    competencies: [],
  };
}

const progression: ProgressionOverview = {
  indicators: [],
  stages: [{ stage: 'emerging', name: 'Emerging', description: '', requires: [] }],
  departments: [],
  asOf: '2026-12-02T15:00:00.000Z',
  disclosure: 'protected',
};

const render = (names: readonly string[]) =>
  renderSummaryPdf({ dashboard: dashboard(names), progression, cityName: 'Demo City of Equipton', timeZone: 'America/New_York', cityWide: true });

describe('the leadership PDF, read back by a PDF library', () => {
  it('prints every department and course name whole, and no cell cut short', async () => {
    const { text, pages } = await extract(await render(NAMES));
    expect(pages).toBe(1);
    for (const name of NAMES) expect(text).toContain(name);
    for (const s of SUBJECTS) expect(text).toContain(s.title);
    expect(text).not.toContain('…');
    expect(text).toContain('not assigned');
    // A hidden completion count says so in words; it never reads "none due".
    expect(text).toContain('fewer than 5');
    expect(text).not.toContain('none due');
    expect(text).toContain('Completions per week');
    // Protected figures with no department seen exactly: stages are not published, and the page says so.
    expect(text).toContain('equity stages are not part of the published figures');
  });

  it("wraps a city's 32 long department names whole; what the page cannot hold continues on the next, under the header row", async () => {
    const names = Array.from({ length: 32 }, (_, i) => `${NAMES[i % NAMES.length]} ${i}`);
    const { text, pages } = await extract(await render(names));
    expect(pages).toBe(2);
    names.forEach((name, i) => expect(text).toContain(`${name} (D${i})`));
    expect(text).not.toContain('…');
    // The header row again at the top of the second page, then the rest of the table and the sections after it.
    const second = text.slice(text.indexOf('-- 1 of 2 --'));
    expect(second).toContain(`Department ${SUBJECTS[0].title}`);
    expect(second.indexOf('Completions per week')).toBeGreaterThan(second.indexOf(`${names[31]} (D31)`));
  });

  it('takes further pages for a state-sized list rather than leaving departments out', async () => {
    const names = Array.from({ length: 120 }, (_, i) => `${NAMES[i % NAMES.length]}, region ${i}`);
    const { text, pages } = await extract(await render(names));
    expect(pages).toBeGreaterThan(1);
    for (const name of names) expect(text).toContain(name);
    expect(text).not.toContain('…');
    expect(text).not.toContain('more departments');
  });
});
