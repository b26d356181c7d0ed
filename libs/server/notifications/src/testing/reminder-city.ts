import { Logger } from '@nestjs/common';
import { AuditService } from '@equip/server/audit';
import { CatalogRepository, CatalogSyncService } from '@equip/server/catalog';
import { AppConfig } from '@equip/server/config';
import { createDataSource, syncCityTimeZone } from '@equip/server/database';
import { MailService } from '@equip/server/mail';
import { bullPrefix } from '@equip/server/queue';
import { LocalFileStorage } from '@equip/server/storage';
import { createTestDatabase, dropRedisPrefix, SmtpCatcher, TEST_REDIS_URL, testConfig, TestDatabase } from '@equip/server/testing';
import { QueueName } from '@equip/shared/contracts';
import { Queue, Worker } from 'bullmq';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { cityDay } from '../city-day';
import { DigestService } from '../digest.service';
import { EmailProcessor } from '../jobs/email.processor';
import { RemindersProcessor } from '../jobs/reminders.processor';
import { MailSenderService } from '../mail-sender.service';
import { NotificationRepository } from '../notification.repository';
import { NudgeService } from '../nudge.service';
import { ReminderSweepService } from '../reminder-sweep.service';

/**
 * A small city for the reminder tests, on a database and Redis prefix of its own, with the
 * catalog lib's valid fixture published. Departments CITY ⊃ TES, and APD; LEAD leads TES.
 * Dates are relative to today in the city, so statuses read by the real clock agree with the sweep.
 */
export interface ReminderCity {
  db: TestDatabase;
  dataSource: DataSource;
  config: AppConfig;
  today: string;
  people: Record<string, string>;
  dept: Record<string, string>;
  course: Record<string, string>;
  trackId: string;
  cohortId: string;
  cohortAssignmentId: string;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** A staff member who can sign in (has an account) unless `account` is false. */
  person(key: string, departmentCode: string, active?: boolean, options?: { account?: boolean }): Promise<string>;
  /** An assignment due `days` from today at 23:00 city time (negative: in the past). */
  assign(key: string, subject: { course?: string; track?: boolean }, days: number | null, source: 'cohort' | 'person' | 'self', fields?: { exempt?: boolean; completed?: boolean }): Promise<string>;
  close(): Promise<void>;
}

const FIXTURE = join(__dirname, '../../../catalog/src/content/__fixtures__/valid');

export async function reminderCity(overrides: Partial<AppConfig> = {}): Promise<ReminderCity> {
  // The services log each sweep and digest; a test reads the ledger and the SMTP server instead.
  Logger.overrideLogger(false);
  const db = await createTestDatabase();
  const dataSource = await createDataSource({ databaseUrl: db.url }).initialize();
  const config = testConfig({ appUrl: 'https://equip.city.example', cityName: 'City of Riverton', ...overrides });
  await syncCityTimeZone(dataSource, config.cityTimeZone);
  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => dataSource.query(sql, params);
  const outcome = await new CatalogSyncService(dataSource, new CatalogRepository(), new AuditService(dataSource)).syncFromDirectory(FIXTURE);
  if (outcome.problems.length) throw new Error(JSON.stringify(outcome.problems));
  const dept: Record<string, string> = {};
  const people: Record<string, string> = {};
  for (const [code, parent] of [['CITY', null], ['TES', 'CITY'], ['APD', 'CITY']] as const) {
    const [row] = await query<{ id: string }>(`INSERT INTO department (code, name, parent_id, path) VALUES ($1, $1, $2, '') RETURNING id`, [code, parent ? dept[parent] : null]);
    await query(`UPDATE department SET path = COALESCE((SELECT path FROM department WHERE id = $2), '/') || $1 || '/' WHERE id = $1`, [row.id, parent ? dept[parent] : null]);
    dept[code] = row.id;
  }
  const person = async (key: string, departmentCode: string, active = true, options: { account?: boolean } = {}) => {
    const [row] = await query<{ id: string }>(
      `INSERT INTO staff (employee_id, email, first_name, last_name, department_id, active) VALUES ($1, lower($1) || '@city.example', initcap($1), 'Test', $2, $3) RETURNING id`,
      [key, dept[departmentCode], active],
    );
    // The hash is never checked here: the account only says the person can sign in.
    if (options.account !== false) await query(`INSERT INTO account (staff_id, password_hash) VALUES ($1, 'not-a-real-hash')`, [row.id]);
    people[key] = row.id;
    return row.id;
  };
  await person('LEAD', 'TES');
  await query(`INSERT INTO role_grant (staff_id, role, department_id) VALUES ($1, 'equity_lead', $2)`, [people.LEAD, dept.TES]);
  const course = Object.fromEntries((await query<{ slug: string; id: string }>(`SELECT slug, id FROM course`)).map((r) => [r.slug, r.id]));
  const [{ id: trackId }] = await query<{ id: string }>(`SELECT id FROM track WHERE slug = 'all-staff-foundations'`);
  const [{ id: cohortId }] = await query<{ id: string }>(
    `INSERT INTO cohort (name, department_id, kind, owner_id) VALUES ('Field crews', $1, 'static', $2) RETURNING id`,
    [dept.TES, people.LEAD],
  );
  const [{ id: cohortAssignmentId }] = await query<{ id: string }>(
    `INSERT INTO cohort_assignment (cohort_id, course_id, starts_on, due_kind, due_days, created_by) VALUES ($1, $2, current_date, 'after_hire', 30, $3) RETURNING id`,
    [cohortId, course['equity-basics'], people.LEAD],
  );
  const today = cityDay(new Date(), config.cityTimeZone);
  const sources = (source: 'cohort' | 'person' | 'self') =>
    JSON.stringify(
      source === 'cohort' ? [{ kind: 'cohort', cohortId, cohortAssignmentId }] : source === 'person' ? [{ kind: 'person', assignedBy: people.LEAD }] : [{ kind: 'self' }],
    );
  const assign: ReminderCity['assign'] = async (key, subject, days, source, fields = {}) => {
    const [row] = await query<{ id: string }>(
      `INSERT INTO assignment (staff_id, course_id, track_id, due_on, sources, exempt_reason, exempted_at, completed_at)
       VALUES ($1, $2, $3, $5::date + $4::int, $6::jsonb,
               CASE WHEN $7 THEN 'on leave' END, CASE WHEN $7 THEN now() END, CASE WHEN $8 THEN now() END)
       RETURNING id`,
      [people[key], subject.course ? course[subject.course] : null, subject.track ? trackId : null, days, today, sources(source), !!fields.exempt, !!fields.completed],
    );
    return row.id;
  };
  return {
    db, dataSource, config, today, people, dept, course, trackId, cohortId, cohortAssignmentId, query, person, assign,
    async close() {
      await dataSource.destroy();
      await db.drop();
      await dropRedisPrefix(TEST_REDIS_URL, config.queuePrefix);
    },
  };
}

/** One worker process's worth of reminder services and BullMQ workers, on its own connections. */
export interface ReminderWorker {
  sweeps: ReminderSweepService;
  digests: DigestService;
  nudges: NudgeService;
  mailer: MailSenderService;
  reminders: Queue;
  email: Queue;
  /** Starts the BullMQ workers (not started until asked, so a test can fill the queue first). */
  start(): void;
  close(): Promise<void>;
}

export const connection = { url: TEST_REDIS_URL, maxRetriesPerRequest: null };

export async function reminderWorker(city: ReminderCity, smtp: SmtpCatcher, options: { nudgeDelayMs?: number; storageDir?: string } = {}): Promise<ReminderWorker> {
  const config = { ...city.config, smtpUrl: smtp.url };
  const dataSource = await createDataSource({ databaseUrl: city.db.url }).initialize();
  const prefix = bullPrefix(config.queuePrefix);
  const reminders = new Queue(QueueName.Reminders, { connection, prefix });
  const email = new Queue(QueueName.Email, { connection, prefix });
  const repository = new NotificationRepository();
  const mail = new MailService(config, true);
  const sweeps = new ReminderSweepService(dataSource, config, reminders, repository);
  const digests = new DigestService(dataSource, config, mail, repository);
  const nudges = new NudgeService(dataSource, config, reminders, repository, options.nudgeDelayMs ?? 0);
  const mailer = new MailSenderService(dataSource, config, mail, new LocalFileStorage(options.storageDir ?? mkdtempSync(join(tmpdir(), 'equip-storage-'))));
  const processor = new RemindersProcessor(sweeps, digests, nudges);
  const emailProcessor = new EmailProcessor(mailer);
  const workers: Worker[] = [];
  return {
    sweeps, digests, nudges, mailer, reminders, email,
    start() {
      workers.push(
        new Worker(QueueName.Reminders, (job) => processor.process(job), { connection, prefix, concurrency: 8 }),
        new Worker(QueueName.Email, (job) => emailProcessor.process(job), { connection, prefix, concurrency: 4 }),
      );
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await reminders.close();
      await email.close();
      mail.onApplicationShutdown();
      await dataSource.destroy();
    },
  };
}

/** Waits until a queue has nothing waiting, delayed or running. */
export async function drained(queue: Queue, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    if (Object.values(counts).every((n) => n === 0)) return;
    if (Date.now() > deadline) throw new Error(`${queue.name} not drained in time: ${JSON.stringify(counts)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** How many messages each address received. */
export function perRecipient(smtp: SmtpCatcher): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of smtp.messages) for (const to of m.envelope.to) counts[to] = (counts[to] ?? 0) + 1;
  return counts;
}
