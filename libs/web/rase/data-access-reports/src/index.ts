export { REPORTS_PATH, ReportsApi, dashboardParams, withoutWindow } from './lib/reports-api';
export {
  DEFAULT_REPORT_FILTERS,
  reportFiltersFromParams,
  reportFiltersToParams,
  reportFiltersToQuery,
  type ReportFilters,
} from './lib/report-filters';
export { CohortReportStore, DashboardStore, DepartmentReportStore, IndicatorRecordStore, REPORT_PEOPLE_PAGE_SIZE } from './lib/report-stores';
