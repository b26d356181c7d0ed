/**
 * The daily reminder sweep end to end (`npm run bench -- reminders [--staff 5000] [--database name]`),
 * on the synthetic city (support/synthetic-city.ts; a 5,000-staff city by default; `--staff 100000
 * --database equip_bench_city_100k` for the city `npm run bench:seed` kept). Needs the built worker
 * (`npm run build:server`): the real worker process runs the sweep, exactly as its job scheduler
 * would start it, against the city, this run's own Redis prefix and a local SMTP sink in this process.
 *
 * Measured: finding (the sweep's set-based ledger inserts), enqueueing (addBulk of SendDigests jobs,
 * DIGEST_CHUNK recipients each) and delivering every digest to the sink, as digests per second; beside it, in the same
 * run on the same Redis, BullMQ's own throughput for the same number of no-op jobs (addBulk, then a
 * Worker of the same concurrency doing nothing). Checked: every recipient got exactly one mail per
 * digest kind (a lead overdue on their own training gets a learner and an escalation digest), the
 * ledger has nothing pending, and a second sweep the same day sends nothing. Also the worker's peak
 * memory (VmHWM of its process). A named city is used through a throw-away copy (the sweep writes).
 *
 * The worker publishes a new city's figures when it starts (PublishFigures, minutes of CPU and
 * about a gigabyte on these cities); that is not the sweep's cost, so the bench holds it off: it
 * queues that job first, delayed a day, under its deduplication id, and the worker's own is then a
 * no-op. `--worker-main <file>` runs another build of the worker (e.g. a copy of the one before a
 * change), for figures side by side on the same machine.
 */
import { publishFiguresJob } from '@equip/server/reporting';
import { JOB_QUEUE, JobName, QueueName } from '@equip/shared/contracts';
import { dropRedisPrefix, TEST_REDIS_URL } from '@equip/server/testing';
import { Job, Queue, QueueEvents, Worker } from 'bullmq';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { cpuMsOf, flag, memoryOf, option, processPeakRssMb, Stage, table, textOption } from './support/measure';
import { openCity } from './support/synthetic-city';

const ROOT = join(__dirname, '..', '..', '..');
const BUILT_WORKER = join(ROOT, 'dist/apps/worker/apps/worker/src/main.js');
/** The reminders processor's concurrency (REMINDER_CONCURRENCY), used for the no-op baseline too. */
const CONCURRENCY = 8;

/** A message as the sink received it: its envelope and its bytes, for the nodemailer baseline to send again. */
interface Received {
  from: string;
  to: string[];
  raw: Buffer;
}

interface Sink {
  url: string;
  messages: number;
  perRecipient: Map<string, number>;
  /** While true, each message's envelope and bytes are kept in `received` (the worker's digests, for the baseline). */
  keep: boolean;
  received: Received[];
  /** Messages that arrived while `keep` was off (the baseline's). */
  others: number;
  close(): Promise<void>;
}

/**
 * An SMTP server that accepts and counts. The worker's mails are kept (envelope and bytes) so the
 * baseline can send the very same messages; the baseline's are read to the end and counted only, so
 * the sink does the same work for both.
 */
async function smtpSink(): Promise<Sink> {
  const sink = { messages: 0, perRecipient: new Map<string, number>(), keep: true, received: [] as Received[], others: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (sink.keep) {
          sink.messages++;
          for (const r of session.envelope.rcptTo) sink.perRecipient.set(r.address, (sink.perRecipient.get(r.address) ?? 0) + 1);
          const from = session.envelope.mailFrom;
          sink.received.push({ from: from ? from.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        } else {
          sink.others++;
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return Object.assign(sink, { url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}

/** About ten evenly spaced samples, as "rss@sent", and the highest one. */
function timeline(samples: { rssMb: number; sent: number }[]): string {
  const step = Math.max(1, Math.ceil(samples.length / 10));
  const highest = samples.reduce((a, b) => (b.rssMb > a.rssMb ? b : a), samples[0]);
  const shown = samples.filter((_, i) => i % step === 0 || i === samples.length - 1).map((s) => `${Math.round(s.rssMb)}@${s.sent}`).join(' ');
  return highest ? `${shown} (highest sample ${Math.round(highest.rssMb)}@${highest.sent})` : shown;
}

function check(what: string, actual: unknown, wanted: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(wanted)) throw new Error(`${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(wanted)}`);
}

async function until(what: string, done: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function main(): Promise<void> {
  const workerMain = resolve(ROOT, textOption('worker-main') ?? BUILT_WORKER);
  if (!existsSync(workerMain)) throw new Error(`${workerMain} is missing: run \`npm run build:server\` first`);
  const staff = option('staff', 5_000);
  const timeoutMs = option('timeout', 1800) * 1000;
  const city = await openCity({ staff, database: textOption('database'), copy: true, keep: flag('keep'), log: (line) => process.stdout.write(`${line}\n`) });
  const prefix = `equip-bench-${randomBytes(4).toString('hex')}`;
  const bull = `{${prefix}}`;
  const connection = { url: TEST_REDIS_URL, maxRetriesPerRequest: null };
  const sink = await smtpSink();
  let worker: ChildProcess | undefined;
  const queue = new Queue(QueueName.Reminders, { connection, prefix: bull });
  const events = new QueueEvents(QueueName.Reminders, { connection, prefix: bull });
  try {
    await events.waitUntilReady();
    const [{ day }] = await city.dataSource.query(`SELECT (now() AT TIME ZONE 'America/New_York')::date::text AS day`);
    // Hold off the start-up publication (see above): the worker's own add is deduplicated against this one.
    const publications = new Queue(JOB_QUEUE[JobName.PublishFigures], { connection, prefix: bull });
    const publication = publishFiguresJob();
    await publications.add(publication.name, publication.data, { ...publication.opts, delay: 24 * 3600 * 1000 });
    await publications.close();
    const [{ open }] = await city.dataSource.query(`SELECT count(*)::int AS open FROM assignment WHERE completed_at IS NULL AND exempted_at IS NULL AND due_on IS NOT NULL`);

    // The real worker process, on the city, this run's Redis prefix and the sink.
    let output = '';
    // `--worker-cpu-prof <folder>`: the worker writes a V8 CPU profile there when it stops (where its time goes).
    const profileDir = textOption('worker-cpu-prof');
    // `--worker-node-flags="<flags>"`: Node/V8 flags for the worker (`--trace-gc`, heap settings); `--worker-log <file>` keeps its output.
    const nodeFlags = textOption('worker-node-flags')?.split(/\s+/).filter(Boolean) ?? [];
    worker = spawn(process.execPath, [...nodeFlags, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), workerMain], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: city.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, SMTP_URL: sink.url, LOG_LEVEL: 'warn', APP_URL: 'https://equip.bench.example' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const workerLog = textOption('worker-log');
    if (workerLog) worker.stdout!.pipe(createWriteStream(workerLog));
    worker.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await until('the worker to start', () => {
      if (worker!.exitCode !== null) throw new Error(`the worker exited:\n${output}`);
      return output.includes('Equip worker started');
    }, 60_000);
    const idle = memoryOf(worker.pid!);
    // The worker's resident memory through the run, to tell the sweep's share from delivery's.
    const samples: { at: number; rssMb: number; sent: number }[] = [];
    const sampling = setInterval(() => {
      if (worker?.exitCode === null) samples.push({ at: Date.now(), rssMb: memoryOf(worker.pid!).rssMb, sent: sink.messages });
    }, 250);

    // ── the sweep, end to end ─────────────────────────────────────────────────────────────────
    const started = process.hrtime.bigint();
    const cpuBefore = cpuMsOf(worker.pid!);
    const benchCpuBefore = process.cpuUsage();
    const sweepJob = await queue.add(JobName.ReminderSweep, { day });
    const result = (await sweepJob.waitUntilFinished(events, timeoutMs)) as { recorded: Record<string, number>; digests: number; jobs?: number };
    const swept = Number(process.hrtime.bigint() - started) / 1e9;
    const afterSweep = memoryOf(worker.pid!);
    await until('every digest to reach the SMTP sink', () => sink.messages >= result.digests, timeoutMs);
    await until('the queue to drain', async () => {
      // Not 'delayed': the daily scheduler's next occurrence waits there.
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized');
      return Object.values(counts).every((n) => n === 0);
    }, timeoutMs);
    const whole = Number(process.hrtime.bigint() - started) / 1e9;
    const workerCpuMs = cpuMsOf(worker.pid!) - cpuBefore;
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const memory = memoryOf(worker.pid!);
    clearInterval(sampling);

    const recorded = Object.values(result.recorded).reduce((a, b) => a + b, 0);
    check('mails received vs digests queued', sink.messages, result.digests);
    // One mail per recipient and digest kind: a lead who is overdue on their own training gets their learner digest and their escalation digest.
    const wanted: { email: string; kinds: number }[] = await city.dataSource.query(
      `SELECT lower(s.email) AS email, count(DISTINCT n.digest)::int AS kinds FROM notification n JOIN staff s ON s.id = n.recipient_id WHERE n.delivery = 'sent' GROUP BY 1`,
    );
    check('recipients whose mail count is not one per digest kind', wanted.filter((w) => sink.perRecipient.get(w.email) !== w.kinds).length, 0);
    check('recipients mailed', sink.perRecipient.size, wanted.length);
    const [{ pending }] = await city.dataSource.query(`SELECT count(*)::int AS pending FROM notification WHERE delivery = 'pending'`);
    check('ledger rows still pending', pending, 0);
    const [{ deliveries }] = await city.dataSource.query(`SELECT count(*)::int AS deliveries FROM mail_delivery`);
    check('delivery records vs digests', deliveries, result.digests);
    // A second sweep the same day: nothing recorded, nothing sent.
    const again = (await (await queue.add(JobName.ReminderSweep, { day })).waitUntilFinished(events, timeoutMs)) as { digests: number };
    check('digests queued by a second sweep the same day', again.digests, 0);
    check('mails after a second sweep', sink.messages, result.digests);

    // ── baseline: BullMQ no-op jobs, as many, on the same Redis ───────────────────────────────
    const noopQueue = new Queue('bench-noop', { connection, prefix: bull });
    const n = Math.max(result.digests, 1);
    let done = 0;
    const noopStarted = process.hrtime.bigint();
    for (let i = 0; i < n; i += 1000) {
      await noopQueue.addBulk(Array.from({ length: Math.min(1000, n - i) }, (_, k) => ({ name: 'noop', data: { i: i + k }, opts: { removeOnComplete: true } })));
    }
    const noopWorker = new Worker('bench-noop', async (_job: Job) => undefined, { connection, prefix: bull, concurrency: CONCURRENCY });
    noopWorker.on('completed', () => done++);
    await until('the no-op jobs', () => done >= n, timeoutMs);
    const noopSeconds = Number(process.hrtime.bigint() - noopStarted) / 1e9;
    await noopWorker.close();
    await noopQueue.obliterate({ force: true });
    await noopQueue.close();

    // ── baseline: the same mails sent straight to the same sink by nodemailer ─────────────────
    // The worker's own transport settings (MailService with MAIL_TRANSPORT_POOL: a pool of 5
    // connections) and the worker's concurrency (8 messages in flight); each message is the exact
    // envelope and bytes the worker's digest had, so nothing is rendered, queued or recorded.
    sink.keep = false;
    const mails = sink.received;
    const transport = createTransport({ url: sink.url, pool: true, maxConnections: 5 });
    let next = 0;
    const straightCpuBefore = process.cpuUsage();
    const straightStarted = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < mails.length) {
          const mail = mails[next++];
          await transport.sendMail({ envelope: { from: mail.from, to: mail.to }, raw: mail.raw });
        }
      }),
    );
    const straightSeconds = Number(process.hrtime.bigint() - straightStarted) / 1e9;
    const straightCpu = process.cpuUsage(straightCpuBefore);
    transport.close();
    check('mails the baseline delivered', sink.others, mails.length);
    // The worker has been idle through both baselines: what it holds now is what it kept, not what it had not yet collected.
    const idleAfter = memoryOf(worker.pid!);
    const idleSeconds = Number(process.hrtime.bigint() - started) / 1e9 - whole;
    const straightRate = mails.length / straightSeconds;
    const workerRate = result.digests / whole;

    const stages: Stage[] = [
      { name: `nodemailer, the same ${mails.length.toLocaleString('en-US')} mails straight to the sink, ${CONCURRENCY} in flight, pool of 5 (baseline)`, seconds: straightSeconds, rows: mails.length, peakRssMb: processPeakRssMb() },
      { name: `BullMQ no-op jobs (addBulk + Worker, concurrency ${CONCURRENCY})`, seconds: noopSeconds, rows: n, peakRssMb: processPeakRssMb() },
      { name: 'sweep: find + record + enqueue (ReminderSweep job)', seconds: swept, rows: result.digests, peakRssMb: memory.peakMb },
      { name: 'sweep end to end: … + deliver every digest over SMTP', seconds: whole, rows: result.digests, peakRssMb: memory.peakMb },
    ];
    process.stdout.write(
      `\nReminder sweep for ${day} on a ${staff.toLocaleString('en-US')}-staff city (${open.toLocaleString('en-US')} open dated assignments): ` +
        `${recorded.toLocaleString('en-US')} ledger rows ${JSON.stringify(result.recorded)}, ${result.digests.toLocaleString('en-US')} digests in ${(result.jobs ?? result.digests).toLocaleString('en-US')} jobs ` +
        `(worker ${workerMain === BUILT_WORKER ? 'as built' : workerMain}).\n` +
        `"rows/s" = digests per second (mails or jobs per second for the baselines); "peak RSS" = the worker process's (VmHWM), the bench process's for the baselines.\n\n` +
        `${table(stages, stages[0])}\n\n` +
        `Digests delivered: ${workerRate.toFixed(1)}/s end to end vs ${straightRate.toFixed(1)}/s for the same mails sent straight by nodemailer: ` +
        `${(workerRate / straightRate).toFixed(2)}× (goal ≥ 0.5: ${workerRate / straightRate >= 0.5 ? 'met' : 'missed'}); ${(n / noopSeconds).toFixed(0)} BullMQ no-op jobs/s.\n` +
        `CPU per digest: the worker ${(workerCpuMs / result.digests).toFixed(2)} ms (sweep and delivery); this process (the SMTP sink) ${((benchCpu.user + benchCpu.system) / 1000 / result.digests).toFixed(2)} ms; ` +
        `the baseline's sender and sink together ${((straightCpu.user + straightCpu.system) / 1000 / mails.length).toFixed(2)} ms a mail. ` +
        `The worker's ${(workerCpuMs / 1000).toFixed(1)} CPU-s over ${whole.toFixed(1)} s of wall time: ${((workerCpuMs / 1000 / whole) * 100).toFixed(0)} % of one core.\n` +
        `Worker peak RSS (VmHWM) ${Math.round(memory.peakMb)} MB vs the goal of 300 MB: ${memory.peakMb <= 300 ? 'met' : 'missed'}. ` +
        `Worker memory: ${Math.round(idle.rssMb)} MB idle, ${Math.round(afterSweep.peakMb)} MB peak by the end of the sweep job, peak ${Math.round(memory.peakMb)} MB, ` +
        `${Math.round(memory.rssMb)} MB when every digest was delivered, ${Math.round(idleAfter.rssMb)} MB after ${idleSeconds.toFixed(0)} s idle (the baselines). Every recipient got exactly one mail per digest kind; a second sweep sent none.\n` +
        `Resident memory while delivering (MB at digests delivered): ${timeline(samples)}\n`,
    );
  } finally {
    worker?.kill('SIGTERM');
    if (worker && worker.exitCode === null) await new Promise((resolve) => worker!.once('exit', resolve));
    await events.close();
    await queue.close();
    await sink.close();
    await dropRedisPrefix(TEST_REDIS_URL, prefix);
    await city.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`reminders bench failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
