import type { AppConfig } from '@equip/server/config';
import { createDataSource, syncCityTimeZone } from '@equip/server/database';
import { rebuildRollups } from '@equip/server/reporting';

/**
 * `reporting-rebuild`: recomputes every reporting rollup from the base tables in one transaction
 * (the repair after a bulk load with the triggers off, or if a rollup is ever doubted). Readers see
 * the old figures until it commits.
 */
export async function reportingRebuild(config: AppConfig): Promise<number> {
  const dataSource = await createDataSource({ databaseUrl: config.databaseUrl, applicationName: 'equip-reporting-rebuild' }).initialize();
  // Its figures and days are the city's: the database holds CITY_TIME_ZONE before anything is written.
  await syncCityTimeZone(dataSource, config.cityTimeZone);
  try {
    const started = process.hrtime.bigint();
    await rebuildRollups(dataSource);
    const [{ n }]: { n: string }[] = await dataSource.query(
      `SELECT (SELECT count(*) FROM report_status) + (SELECT count(*) FROM report_tenure) + (SELECT count(*) FROM report_week)
              + (SELECT count(*) FROM report_staff) + (SELECT count(*) FROM report_competency) AS n`,
    );
    process.stdout.write(`Reporting rollups rebuilt: ${Number(n).toLocaleString('en-US')} rows in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s.\n`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}
