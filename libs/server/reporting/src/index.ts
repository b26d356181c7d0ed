import type { DataSource } from 'typeorm';

export * from './reporting.module';
export { ProgressionService } from './progression.service';
export { ReportingService, weeks, type Figures } from './reporting.service';
export { DashboardRepository } from './dashboard.repository';
export { clockAt, type Clock } from './report-filter';
export { loadIndicators, parseIndicators, type IndicatorsConfig } from './indicators/indicators-file';

/** Recomputes every reporting rollup from the base tables in one transaction (the repair; bench seeds). */
export async function rebuildRollups(dataSource: DataSource): Promise<void> {
  await dataSource.transaction((m) => m.query(`SELECT report_rebuild()`));
}
