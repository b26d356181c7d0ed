import type { DataSource } from 'typeorm';

export * from './reporting.module';
export { ProgressionService } from './progression.service';
export { PublicationStore } from './protection/publication.store';
export { computePublication, IntegerAuditor } from './protection';
export { PublishedReports } from './published-reports';
export { publishFiguresJob } from './protection/publish-figures.payload';
export { ReportingService, weeks, type Figures } from './reporting.service';
export { DashboardRepository } from './dashboard.repository';
export { clockAt, type Clock } from './report-filter';
export { foldRollups, ROLLUP_FOLD_EVERY_MS } from './jobs/rollup-fold';
export { loadIndicators, parseIndicators, type IndicatorsConfig } from './indicators/indicators-file';

/**
 * Recomputes every reporting rollup from the base tables in one transaction (the repair; bench
 * seeds; pending deltas are dropped with the rows they would have changed), then gathers their statistics: without them the planner misjudges the rebuilt tables
 * (it scanned report_week's whole grain instead of probing days) until autovacuum gets to them.
 */
export async function rebuildRollups(dataSource: DataSource): Promise<void> {
  await dataSource.transaction((m) => m.query(`SELECT report_rebuild()`));
  await dataSource.query(`ANALYZE report_status, report_tenure, report_week, report_staff, report_competency`);
}
export { PersonRecordService, recordFileName } from './person-record/person-record.service';
export { PersonRecordRepository } from './person-record/person-record.repository';
export { renderPersonRecordPdf, type PersonRecordContent } from './person-record/person-record-pdf';
