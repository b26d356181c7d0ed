// Test and benchmark support only (`@equip/server/reporting/testing`); application code imports `@equip/server/reporting`.
export { buildHeatmap, ownCounts } from '../heatmap';
export { referenceBuildHeatmap, referenceOwnCounts } from './heatmap.reference';
