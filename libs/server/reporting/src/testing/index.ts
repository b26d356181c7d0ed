// Test and benchmark support only (`@equip/server/reporting/testing`); application code imports `@equip/server/reporting`.
export type { CellCount, DepartmentRow, StateCount, SubjectRow } from '../dashboard.repository';
export { buildHeatmap, ownCounts } from '../heatmap';
export { referenceBuildHeatmap, referenceOwnCounts } from './heatmap.reference';
