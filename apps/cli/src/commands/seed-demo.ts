import type { AppConfig } from '@equip/server/config';
import { createDataSource, syncCityTimeZone } from '@equip/server/database';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemoCity } from '@equip/server/demo';

/**
 * `seed-demo`: seeds the demo city into an empty database (its programme too when the catalog is
 * published first). `holdsDemo` says whether the database holds the demo city, seeded now or on an
 * earlier start, so `npm start` can name the city as a demo every time.
 */
export async function seedDemo(config: AppConfig): Promise<number> {
  await seedDemoAndTell(config);
  return 0;
}

export async function seedDemoAndTell(config: AppConfig): Promise<{ holdsDemo: boolean }> {
  const dataSource = await createDataSource({ databaseUrl: config.databaseUrl, applicationName: 'equip-seed' }).initialize();
  // Its figures and days are the city's: the database holds CITY_TIME_ZONE before anything is written.
  await syncCityTimeZone(dataSource, config.cityTimeZone);
  try {
    const result = await seedDemoCity(dataSource, { timeZone: config.cityTimeZone });
    if (!result.seeded) {
      process.stdout.write(`Demo city not seeded: ${result.reason}\n`);
      const [row] = await dataSource.query(`SELECT EXISTS (SELECT 1 FROM audit_event WHERE action = 'demo.seeded') AS demo`);
      return { holdsDemo: row.demo === true };
    }
    const p = result.programme;
    const programme = p
      ? ` ${p.cohorts} cohorts, ${p.assignments} assignments, ${p.certificates} certificates (their PDFs are made by the worker), ${p.progressionSnapshots} progression snapshots`
      : ' No program: the catalog is not published (run content-sync first)';
    process.stdout.write(`Seeded the demo city: ${result.departments} departments, ${result.staff} staff.${programme}.\n`);
    return { holdsDemo: true };
  } finally {
    await dataSource.destroy();
  }
}

export function demoLoginsText(): string {
  const width = Math.max(...DEMO_LOGINS.map((l) => l.email.length));
  return DEMO_LOGINS.map((l) => `  ${l.email.padEnd(width)}  ${l.label}`).join('\n') + `\n  password for each: ${DEMO_PASSWORD}`;
}
