/**
 * Certificates per second per worker process (`npm run bench -- certificates [--certificates 300]
 * [--issue 100]`), each figure beside a bare baseline measured in the same run:
 *
 * baseline  pdfkit writing a one-line PDF (standard font, nothing embedded), on the main thread;
 * (a)       renderCertificatePdf on the main thread: what one certificate costs in CPU;
 * (b)       render + store as the worker does it: CertificateRenderer's threads (one per spare core)
 *           and a store, CERTIFICATE_CONCURRENCY certificates in flight — the worker's
 *           certificates per second; once with LocalFileStorage, once with PostgresFileStorage
 *           (FILE_STORAGE's default);
 * (c)       the whole job through the Certificates queue and the real processor: render, store,
 *           record in PostgreSQL and mail through an in-process SMTP server (`--issue 0` skips it).
 *
 * Beside each: the main thread's longest event-loop stall (what BullMQ's lock renewal would wait
 * for), and peak RSS (worker threads included: they share the process).
 */
import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import { Test } from '@nestjs/testing';
import { AuditModule } from '@equip/server/audit';
import { CertificateIssuingModule, CertificateRenderer, renderCertificatePdf, type CertificateContent } from '@equip/server/certificates';
import { ConfigModule } from '@equip/server/config';
import { createDataSource, DatabaseModule } from '@equip/server/database';
import { QueueModule } from '@equip/server/queue';
import { FileStorage, LocalFileStorage, PostgresFileStorage } from '@equip/server/storage';
import { createTestDatabase, dropRedisPrefix, startSmtpCatcher, testConfig } from '@equip/server/testing';
import { JobName, QueueName } from '@equip/shared/contracts';
import type { Queue } from 'bullmq';
import PDFDocument from 'pdfkit';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { measure, option, processPeakRssMb, Stage } from './support/measure';

const CONCURRENCY = 4;

const content = (i: number): CertificateContent => ({
  name: `Nguyễn Thị Minh-Khai ${i}`,
  kind: 'course',
  title: 'Racial equity foundations for local government',
  awards: [{ competency: 'Racial equity foundations', level: 'Practicing' }],
  completedOn: 'March 1, 2026',
  serial: `EQ-2026-${String(i).padStart(6, '0')}`,
  verifyUrl: `https://equip.city.example/verify/${Buffer.from(String(i).padStart(18, '0')).toString('base64url')}`,
  cityName: 'City of Alexandria',
  officeName: 'Office of Race and Social Equity',
});

function onePagePdf(): Promise<Buffer> {
  const doc = new PDFDocument();
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  doc.text('Certificate of completion');
  doc.end();
  return done;
}

/** Runs `count` tasks with at most `width` in flight. */
async function pool(count: number, width: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, count) }, async () => {
    while (next < count) await task(next++);
  }));
}

interface Row extends Stage {
  /** The main thread's longest gap between two 5 ms timer ticks, less the 5 ms. */
  stallMs: number;
  /** CPU time of the whole process (every thread), so a busy machine shows in wall time, not here. */
  cpuSeconds: number;
}

/**
 * A stage, with the main thread's longest event-loop stall while it ran (a timer that should fire
 * every 5 ms: a stall is what BullMQ's lock renewal would wait through) and the CPU it used.
 */
async function stage(name: string, rows: number, work: () => Promise<unknown>): Promise<Row> {
  let last = performance.now();
  let stall = 0;
  const tick = () => {
    const now = performance.now();
    stall = Math.max(stall, now - last - 5);
    last = now;
  };
  const timer = setInterval(tick, 5);
  const cpu = process.cpuUsage();
  try {
    const { stage: measured } = await measure(name, rows, work);
    tick();
    const used = process.cpuUsage(cpu);
    return { ...measured, stallMs: Math.max(0, stall), cpuSeconds: (used.user + used.system) / 1e6 };
  } finally {
    clearInterval(timer);
  }
}

function print(rows: Row[], baseline: Row): string {
  const head = ['stage', 'certificates', 'time', 'per second', 'ms each', 'CPU ms each', 'vs baseline', 'longest stall', 'peak RSS'];
  const body = rows.map((r) => [
    r.name,
    r.rows.toLocaleString('en-US'),
    `${r.seconds.toFixed(2)} s`,
    (r.rows / r.seconds).toFixed(1),
    ((1000 * r.seconds) / r.rows).toFixed(1),
    ((1000 * r.cpuSeconds) / r.rows).toFixed(1),
    `${(r.seconds / r.rows / (baseline.seconds / baseline.rows)).toFixed(1)}×`,
    `${r.stallMs.toFixed(0)} ms`,
    `${Math.round(r.peakRssMb)} MB`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function issueThroughQueue(count: number): Promise<Row> {
  const db = await createTestDatabase(undefined, 'equip_bench');
  const smtp = await startSmtpCatcher();
  const config = testConfig({ databaseUrl: db.url, databaseReadUrl: db.url, smtpUrl: smtp.url, appUrl: 'https://equip.city.example' });
  const sql = new Client({ connectionString: db.url });
  await sql.connect();
  try {
    // `count` people, each with a completed enrollment and its outbox row, in three statements.
    await sql.query(`INSERT INTO department (code, name, path) VALUES ('HR', 'Human resources', '/')`);
    await sql.query(`INSERT INTO competency (slug, name, description, levels) VALUES ('foundations', 'Racial equity foundations', 'd', '[{"name":"Practicing"}]')`);
    await sql.query(`WITH c AS (INSERT INTO course (slug) VALUES ('foundations') RETURNING id)
      INSERT INTO course_version (course_id, version, content_hash, title, summary, audience, estimated_minutes, competencies, lessons)
      SELECT id, 1, repeat('a', 64), 'Racial equity foundations for local government', 's', 'all-staff', 30, '[{"competency":"foundations","level":"Practicing"}]', '[]' FROM c`);
    const { rows: payloads } = await sql.query(
      `WITH s AS (
         INSERT INTO staff (employee_id, email, first_name, last_name, department_id)
         SELECT 'B' || n, 'b' || n || '@city.example', 'Minh-Khai', 'Nguyễn ' || n, (SELECT id FROM department) FROM generate_series(1, $1) n RETURNING id),
       e AS (
         INSERT INTO enrollment (staff_id, course_version_id, completed_at) SELECT s.id, (SELECT id FROM course_version), now() FROM s
         RETURNING id, staff_id, course_version_id),
       o AS (
         INSERT INTO outbox (event, payload)
         SELECT 'course.completed', jsonb_build_object('enrollmentId', e.id, 'staffId', e.staff_id, 'courseVersionId', e.course_version_id) FROM e
         RETURNING uid, payload)
       SELECT uid::text AS "outboxId", payload FROM o`,
      [count],
    );
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot('equip-bench-certificates'), QueueModule.forRoot(), AuditModule, CertificateIssuingModule],
    }).compile();
    const context = await moduleRef.init();
    try {
      const queue = context.get<Queue>(getQueueToken(QueueName.Certificates));
      const row = await stage(`(c) issue through the queue: render, store, record, mail`, count, async () => {
        await queue.addBulk(payloads.map((p) => ({ name: JobName.IssueCertificate, data: { outboxId: p.outboxId, kind: 'course', ...p.payload }, opts: { jobId: `outbox-${p.outboxId}-1` } })));
        await smtp.waitFor(() => smtp.messages.length >= count, 600_000);
        const deadline = Date.now() + 60_000;
        while (Number((await sql.query(`SELECT count(*) FROM outbox WHERE done_at IS NULL`)).rows[0].count) > 0) {
          if (Date.now() > deadline) throw new Error('outbox rows still not done');
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      });
      const { rows: [check] } = await sql.query(`SELECT count(*)::int AS certificates, count(mailed_at)::int AS mailed FROM certificate`);
      if (check.certificates !== count || check.mailed !== count || smtp.messages.length !== count) {
        throw new Error(`issued ${check.certificates}, mailed ${check.mailed}, SMTP received ${smtp.messages.length}; expected ${count} of each`);
      }
      return row;
    } finally {
      await context.close();
      await dropRedisPrefix(config.redisUrl, config.queuePrefix);
    }
  } finally {
    await sql.end();
    await smtp.close();
    await db.drop();
  }
}

async function main(): Promise<void> {
  const count = option('certificates', 300);
  const issue = process.argv.includes('--issue') ? Number(process.argv[process.argv.indexOf('--issue') + 1]) : 100;
  const threads = Math.max(1, availableParallelism() - 1);
  process.stdout.write(`${availableParallelism()} cores; the worker renders on ${threads} thread(s) with ${CONCURRENCY} jobs in flight.\n\n`);

  // Warm up: fonts read and parsed, code compiled, before anything is timed.
  await onePagePdf();
  await renderCertificatePdf(content(0));

  const baseline = await stage('baseline: pdfkit one-line PDF, main thread', count, async () => {
    for (let i = 0; i < count; i++) await onePagePdf();
  });
  let bytes = 0;
  const mainThread = await stage('(a) certificate render, main thread', count, async () => {
    for (let i = 0; i < count; i++) bytes += (await renderCertificatePdf(content(i))).length;
  });

  const renderer = new CertificateRenderer({ threads });
  const storageDir = mkdtempSync(join(tmpdir(), 'equip-bench-certificates-'));
  const storeDb = await createTestDatabase(undefined, 'equip_bench');
  const storeDataSource = await createDataSource({ databaseUrl: storeDb.url, applicationName: 'equip-bench-storage' }).initialize();
  const stores: [string, FileStorage][] = [
    ['local folder', new LocalFileStorage(storageDir)],
    ['PostgreSQL, the default', new PostgresFileStorage(storeDataSource)],
  ];
  const stored: Row[] = [];
  try {
    await renderer.render(content(0));
    for (const [name, storage] of stores) {
      stored.push(
        await stage(`(b) render on ${threads} thread(s) + store: ${name}`, count, () =>
          pool(count, CONCURRENCY, async (i) => storage.put(`certificates/2026/${content(i).serial}.pdf`, await renderer.render(content(i)), 'application/pdf')),
        ),
      );
    }
  } finally {
    await renderer.close();
    rmSync(storageDir, { recursive: true, force: true });
    await storeDataSource.destroy();
    await storeDb.drop();
  }

  const rows = [baseline, mainThread, ...stored];
  if (issue > 0) rows.push(await issueThroughQueue(issue));
  process.stdout.write(`${print(rows, baseline)}\n\n`);
  process.stdout.write(`Average certificate PDF: ${Math.round(bytes / count / 1024)} KB. Peak RSS of the process: ${Math.round(processPeakRssMb())} MB.\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
