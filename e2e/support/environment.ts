import { readFileSync } from 'node:fs';

/** What global setup started, shared with the test files through a JSON file in the OS temp dir. */
export interface E2eEnvironment {
  baseUrl: string;
  databaseUrl: string;
  databaseName: string;
  redisUrl: string;
  queuePrefix: string;
  jwtSecret: string;
  apiPid: number;
  workerPid: number;
  demoPassword: string;
  /** Where the api writes mail as .eml files (no SMTP in the e2e run). */
  mailDir: string;
}

export function e2e(): E2eEnvironment {
  const file = process.env['EQUIP_E2E_STATE'];
  if (!file) throw new Error('EQUIP_E2E_STATE is not set: run the e2e tests through e2e/jest.config.js');
  return JSON.parse(readFileSync(file, 'utf8')) as E2eEnvironment;
}
