// Test and benchmark support only (`@equip/server/reporting/testing`); application code imports `@equip/server/reporting`.
export type { CellCount, DepartmentRow, StateCount, SubjectRow } from '../dashboard.repository';
export { referenceBuildHeatmap, referenceOwnCounts } from './heatmap.reference';
export { runHeatmap, type HeatmapInput, type HeatmapRun } from './heatmap-run';
export { renderSummaryPdf, type SummaryContent } from '../summary-pdf';
export { SUMMARY_PDF } from '../summary-pdf.renderer';
