import { csvLine } from '@equip/server/audit';
import {
  COMPETENCY_CSV_COLUMNS, DISAGGREGATION_CSV_COLUMNS, HEATMAP_CSV_COLUMNS, PEOPLE_CSV_COLUMNS, PROGRESSION_CSV_COLUMNS, WEEKLY_CSV_COLUMNS,
  type Dashboard, type Disaggregation, type IndicatorValue, type ProgressionOverview, type ReportPerson,
} from '@equip/shared/contracts';
import { csvCount } from '@equip/shared/domain';

/** CSV exports of exactly what each table shows, hidden counts as words (never the number). */
const pct = (p: number | null) => (p === null ? '' : p.toFixed(1));

export function heatmapCsv(d: Dashboard): string {
  const titles = new Map(d.subjects.map((s) => [s.key, s.title]));
  const rows = d.heatmap.flatMap((r) =>
    r.cells.map((c) => csvLine([r.department.code, r.department.name, r.department.depth, titles.get(c.subject) ?? c.subject, csvCount(c.assigned), csvCount(c.completed), csvCount(c.exempt), csvCount(c.overdue), pct(c.percentCompleted)])),
  );
  return csvLine([...HEATMAP_CSV_COLUMNS]) + rows.join('');
}

export function weeklyCsv(d: Dashboard): string {
  return csvLine([...WEEKLY_CSV_COLUMNS]) + d.weekly.map((w) => csvLine([w.weekStart, csvCount(w.completions), csvCount(w.trainedCumulative), pct(w.shareTrainedPercent)])).join('');
}

export function competenciesCsv(d: Dashboard): string {
  return csvLine([...COMPETENCY_CSV_COLUMNS]) + d.competencies.map((c) => csvLine([c.competency.name, c.level, csvCount(c.staff)])).join('');
}

export function disaggregationCsv(d: Disaggregation): string {
  return csvLine([...DISAGGREGATION_CSV_COLUMNS]) + [...d.rows, d.total].map((r) => csvLine([r.group, csvCount(r.assigned), csvCount(r.completed), pct(r.percentCompleted)])).join('');
}

export function peopleCsv(people: ReportPerson[]): string {
  const rows = people.flatMap((p) => {
    const base = [p.employeeId, p.lastName, p.firstName, p.department.name, p.jobClass, p.workLocation, p.active];
    if (p.assignments.length === 0) return [csvLine([...base, '', '', '', ''])];
    return p.assignments.map((a) => csvLine([...base, a.title, a.status, a.dueOn, a.completedAt]));
  });
  return csvLine([...PEOPLE_CSV_COLUMNS]) + rows.join('');
}

/** An indicator's value as the table shows it: a withheld share in words ("fewer than 5"), never the number. */
function indicatorCsv(i: IndicatorValue): string {
  if (i.suppressed) return csvCount({ count: null, suppressed: i.suppressed });
  return i.value === null ? '' : String(i.value);
}

export function progressionCsv(p: ProgressionOverview): string {
  const rows = p.departments.flatMap((d) =>
    d.indicators.map((i) =>
      csvLine([d.department.code, d.department.name, d.stage ?? 'not started', d.next?.stage ?? '', d.next?.missing.map((x) => x.indicator).join('; ') ?? '', i.indicator, indicatorCsv(i)]),
    ),
  );
  return csvLine([...PROGRESSION_CSV_COLUMNS]) + rows.join('');
}
