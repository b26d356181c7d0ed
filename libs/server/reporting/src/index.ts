import type { DataSource } from 'typeorm';

export * from './reporting.module';
export { ProgressionService } from './progression.service';
export { ReportingService } from './reporting.service';
export { loadIndicators, parseIndicators, type IndicatorsConfig } from './indicators/indicators-file';

/** Recomputes every reporting rollup from the base tables in one transaction (the repair; bench seeds). */
export async function rebuildRollups(dataSource: DataSource): Promise<void> {
  await dataSource.transaction((m) => m.query(`SELECT report_rebuild()`));
}
