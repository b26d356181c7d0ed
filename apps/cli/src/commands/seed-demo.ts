import type { AppConfig } from '@equip/server/config';
import { createDataSource } from '@equip/server/database';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemoCity } from '@equip/server/demo';

export async function seedDemo(config: AppConfig): Promise<number> {
  const dataSource = await createDataSource({ databaseUrl: config.databaseUrl, applicationName: 'equip-seed' }).initialize();
  try {
    const result = await seedDemoCity(dataSource);
    if (!result.seeded) {
      process.stdout.write(`Demo city not seeded: ${result.reason}\n`);
      return 0;
    }
    process.stdout.write(`Seeded the demo city: ${result.departments} departments, ${result.staff} staff.\n`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

export function demoLoginsText(): string {
  const width = Math.max(...DEMO_LOGINS.map((l) => l.email.length));
  return DEMO_LOGINS.map((l) => `  ${l.email.padEnd(width)}  ${l.label}`).join('\n') + `\n  password for each: ${DEMO_PASSWORD}`;
}
