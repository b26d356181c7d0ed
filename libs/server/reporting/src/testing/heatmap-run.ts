import type { HeatmapRow, ReportCount } from '@equip/shared/contracts';
import { SuppressionTable } from '@equip/shared/domain';
import { ReferenceSuppressionTable } from '@equip/shared/domain/testing';
import type { CellCount, DepartmentRow, StateCount, SubjectRow } from '../dashboard.repository';
import { buildHeatmap, ownCounts } from '../heatmap';
import { referenceBuildHeatmap, referenceOwnCounts } from './heatmap.reference';

/** The rollup rows the heatmap is built from, as the repository returns them. */
export interface HeatmapInput {
  departments: DepartmentRow[];
  subjects: SubjectRow[];
  states: StateCount[];
  overdue: CellCount[];
}

export interface HeatmapRun {
  table: { cell(value: number): number; count(index: number): ReportCount };
  rows: () => HeatmapRow[];
  rootOverdue: number[];
  /** The city's overdue total, related to the root rows' overdue cells. */
  overdueCell: number;
}

/**
 * What ReportingService.dashboard does in node with the heatmap — own counts, the heatmap, the
 * city's overdue total related to the root rows — by the current code or the frozen reference.
 */
export function runHeatmap(input: HeatmapInput, implementation: 'current' | 'reference'): HeatmapRun {
  const overdueTotal = input.overdue.reduce((s, r) => s + r.n, 0);
  if (implementation === 'current') {
    const table = new SuppressionTable();
    const heatmap = buildHeatmap(table, input.departments, input.subjects, ownCounts(input.states, input.overdue));
    const overdueCell = table.cell(overdueTotal);
    table.relate(overdueCell, heatmap.rootOverdue);
    return { table, rows: heatmap.rows, rootOverdue: heatmap.rootOverdue, overdueCell };
  }
  const table = new ReferenceSuppressionTable();
  const heatmap = referenceBuildHeatmap(table, input.departments, input.subjects, referenceOwnCounts(input.states, input.overdue));
  const overdueCell = table.cell(overdueTotal);
  table.relate(overdueCell, heatmap.rootOverdue);
  return { table, rows: heatmap.rows, rootOverdue: heatmap.rootOverdue, overdueCell };
}
