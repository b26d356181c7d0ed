export { DEMO_TIME_ZONE, seedDemoCity } from './seed-demo';
export type { ProgrammeCounts } from './seed-programme';
export type { SeedDemoOptions, SeedResult } from './seed-demo';
export { DEMO_CITY_NAME, DEMO_LOGINS, DEMO_PASSWORD, describeDemoLogins } from './demo-logins';
export type { DemoLogin } from './demo-logins';
export { DEMO_SEED, STAFF_EMAIL_DOMAIN, generateDemoCity } from './generate-city';
export type { DemoCityOptions, DemoCityPlan, PlannedDepartment, PlannedGrant, PlannedStaff } from './generate-city';
