import type { Dashboard, HeatmapCell, HeatmapRow, ProgressionOverview, ReportCount, ReportFilterOptions, SubjectKey } from '@equip/shared/contracts';

/** Test data shaped as the api answers; only for specs. */
export const shown = (count: number): ReportCount => ({ count, suppressed: null });
export const fewer: ReportCount = { count: null, suppressed: 'fewer_than_5' };

export function cell(subject: SubjectKey, assigned: number, completed: number, percent: number | null): HeatmapCell {
  return { subject, assigned: shown(assigned), completed: shown(completed), exempt: shown(0), overdue: shown(0), percentCompleted: percent };
}

export function row(id: string, name: string, depth: number, parentId: string | null, hasChildren: boolean, cells: HeatmapCell[]): HeatmapRow {
  return { department: { id, code: id.toUpperCase(), name, parentId, depth, hasChildren }, cells };
}

export const FOUNDATIONS = { key: 'track:all-staff-foundations' as const, kind: 'track' as const, slug: 'all-staff-foundations', title: 'All Staff Foundations' };
export const INTRO = { key: 'course:intro' as const, kind: 'course' as const, slug: 'intro', title: 'Intro' };

export const OPTIONS: ReportFilterOptions = {
  departments: [
    { id: 'tes', code: 'TES', name: 'Transportation', parentId: null, depth: 0 },
    { id: 'tp', code: 'TP', name: 'Transportation Planning', parentId: 'tes', depth: 1 },
  ],
  subjects: [FOUNDATIONS, INTRO],
  jobClasses: ['Trades', 'Professional'],
  workLocations: ['City Hall'],
};

export function dashboard(): Dashboard {
  return {
    query: {},
    disclosure: 'protected',
    publication: null,
    subjects: [FOUNDATIONS, INTRO],
    overview: {
      foundationsTrack: FOUNDATIONS,
      staffTrained: shown(120),
      staff: shown(400),
      shareTrainedPercent: 30,
      completionsThisQuarter: shown(88),
      quarterStart: '2026-10-01',
      overdueNow: fewer,
      dueNext30Days: shown(12),
      asOf: '2026-11-25T12:00:00Z',
    },
    heatmap: [
      row('tes', 'Transportation', 0, null, true, [cell(FOUNDATIONS.key, 40, 18, 45), cell(INTRO.key, 10, 9, 90)]),
      row('tp', 'Transportation Planning', 1, 'tes', false, [
        { ...cell(FOUNDATIONS.key, 0, 0, null), assigned: fewer, completed: { count: null, suppressed: 'complementary' } },
        cell(INTRO.key, 0, 0, null),
      ]),
      row('lib', 'Library', 0, null, false, [cell(FOUNDATIONS.key, 20, 2, 10), cell(INTRO.key, 0, 0, null)]),
    ],
    weekly: [
      { weekStart: '2026-11-09', completions: shown(7), trainedCumulative: shown(100), shareTrainedPercent: 25 },
      { weekStart: '2026-11-16', completions: fewer, trainedCumulative: shown(120), shareTrainedPercent: 30 },
    ],
    competencies: [{ competency: { slug: 'equity', name: 'Equity practice' }, level: 'Foundational', rank: 0, staff: shown(120) }],
  };
}

export const PROGRESSION: ProgressionOverview = {
  indicators: [
    { key: 'foundations_share', name: 'Staff trained', description: '', source: 'measured', kind: 'percent' },
    { key: 'equity_plan', name: 'Equity plan adopted', description: '', source: 'recorded', kind: 'boolean' },
  ],
  stages: [
    { stage: 'emerging', name: 'Emerging', description: 'Starting out', requires: [] },
    { stage: 'developing', name: 'Developing', description: 'Building', requires: [{ indicator: 'foundations_share', min: 50 }] },
  ],
  departments: [
    {
      department: { id: 'tes', code: 'TES', name: 'Transportation' },
      stage: 'emerging',
      next: { stage: 'developing', missing: [{ indicator: 'foundations_share', needed: 50, current: 45 }] },
      indicators: [],
    },
  ],
  asOf: '2026-11-25T12:00:00Z',
  disclosure: 'protected',
};
