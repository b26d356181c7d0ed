/**
 * Many learners on one api (`npm run bench -- learner-load [--learners 100] [--seconds 60]`), issue
 * 18's "500 learners for 60 s on one api" (`--learners 500`). Needs the built api (`npm run
 * build:server`). On the synthetic city (5,000 staff by default; `--staff N --database name` for a
 * kept one, used through a throw-away copy, since learners write).
 *
 * The learners are signed in once by the test setup, not through the rate-limited sign-in: one
 * `session` row each, and an access token signed with the api's JWT secret (this run's own), exactly
 * what a sign-in would have handed them. Then each replays, for `--seconds`, what the learner area
 * asks of the api: the home (its assignments, the catalog and the unread count, at once as the web
 * app asks), the next lesson of the course they are taking (enrolling first when they have none
 * open), and doing it (mark done; a knowledge check attempt; a reflection; an attestation), then the
 * enrollment again. Between steps a learner reads: `--think-ms` (2,000 by default), 0.5–1.5× at random.
 *
 * The load generator is this process, pinned to CPU 1 with `taskset` once setup is done (on 2 cores
 * it would otherwise compete with the api for the same CPU); the api runs unpinned. Printed: errors
 * (any answer that is not 2xx, or no answer), median, p95 and p99 per request kind, the api's
 * resident memory before, at peak (VmHWM) and after, its CPU time per request, and beside it the
 * bare query: the home's session lookup and its two queries (the repositories' own SQL) on a plain
 * pg client, one after the other, for the same learners, before the load.
 */
import 'reflect-metadata';
import { JwtService } from '@nestjs/jwt';
import { dropRedisPrefix, TEST_REDIS_URL } from '@equip/server/testing';
import { CSRF_COOKIE_NAME, CSRF_HEADER_NAME, type MyEnrollment, type StoredLesson } from '@equip/shared/contracts';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Agent, request as httpRequest } from 'node:http';
import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { SessionRepository } from '@equip/server/identity/testing';
import { LearningRepository } from '@equip/server/learning/testing';
import { cpuMsOf, memoryOf, option, quantile, textOption } from './support/measure';
import { openCity } from './support/synthetic-city';

const ROOT = join(__dirname, '..', '..', '..');
const API_MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
const CSRF = randomBytes(32).toString('base64url');

/** One HTTP exchange on a keep-alive agent: status and body text. */
function exchange(agent: Agent, url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string; retried?: boolean }> {
  return once(agent, url, method, headers, body).catch((error: NodeJS.ErrnoException & { reusedSocket?: boolean }) => {
    // A kept-alive connection the server closed as the request went out (its keep-alive timeout):
    // like a browser, send a GET once more on a new connection. Counted and printed.
    if (method !== 'GET' || !error.reusedSocket || error.code !== 'ECONNRESET') throw error;
    return once(agent, url, method, headers, body).then((res) => ({ ...res, retried: true }));
  });
}

function once(agent: Agent, url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent, method, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: 120_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer in 120 s')));
    req.on('error', (error) => reject(Object.assign(error, { reusedSocket: req.reusedSocket })));
    req.end(body);
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Learner {
  staffId: string;
  sessionId: string;
  cookie: string;
  /** Courses to take, in turn (no prerequisites, so each can be enrolled in at once). */
  courses: string[];
  enrollment: MyEnrollment | null;
}

/** One request's outcome, by kind. */
const latencies = new Map<string, number[]>();
const errors = new Map<string, number>();
/** Response body bytes, by kind (what the api writes for each). */
const bytes = new Map<string, number>();
let requests = 0;
/** Every request's latency and when it was answered: the steady state is told apart from the arrival. */
const answered: { ms: number; at: number }[] = [];
/** When each learner's first home was answered: after the last, every learner has arrived. */
const arrived: number[] = [];
let retries = 0;

async function main(): Promise<void> {
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run \`npm run build:server\` first`);
  const learnerCount = option('learners', 100);
  const seconds = option('seconds', 60);
  const thinkMs = option('think-ms', 2000);
  const staff = option('staff', 5_000);
  const bareRuns = option('bare-runs', 200);
  const city = await openCity({ staff, database: textOption('database'), copy: true, log: (line) => process.stdout.write(`${line}\n`) });
  const prefix = `equip-bench-${randomBytes(4).toString('hex')}`;
  const secret = randomBytes(32).toString('hex');
  let api: ChildProcess | undefined;
  const sql = new Client({ connectionString: city.url });
  await sql.connect();
  try {
    // ── the learners: active people, a session each, signed as the api would ──────────────────
    const stored: { slug: string; lessons: StoredLesson[] }[] = (
      await sql.query(`SELECT c.slug, v.lessons FROM course c JOIN course_version v ON v.id = c.current_version_id WHERE c.archived_at IS NULL`)
    ).rows;
    // Each learner takes courses they have never started and may start now (prerequisites
    // completed), so they enrol through the api. Not the synthetic city's own enrollments: their
    // md5-made ids are not RFC 4122 UUIDs, which the api's id parameters rightly refuse (404).
    const people: { id: string; fresh: string[] }[] = (
      await sql.query(
        `SELECT s.id, array_agg(c.slug ORDER BY md5(s.id::text || c.slug)) AS fresh
           FROM staff s CROSS JOIN course c JOIN course_version v ON v.id = c.current_version_id
          WHERE s.active AND c.archived_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM enrollment e JOIN course_version ev ON ev.id = e.course_version_id WHERE e.staff_id = s.id AND ev.course_id = c.id)
            AND NOT EXISTS (SELECT 1 FROM unnest(v.prerequisites) AS p (slug)
                             WHERE NOT EXISTS (SELECT 1 FROM enrollment e JOIN course_version pv ON pv.id = e.course_version_id JOIN course pc ON pc.id = pv.course_id
                                                WHERE e.staff_id = s.id AND e.completed_at IS NOT NULL AND pc.slug = p.slug))
          GROUP BY s.id
          ORDER BY md5(s.id::text) LIMIT $1`,
        [learnerCount],
      )
    ).rows;
    if (people.length < learnerCount) throw new Error(`the city has only ${people.length} active staff with a course they may start`);
    const freshOf = new Map(people.map((p) => [p.id, p.fresh]));
    const sessions: { id: string; staff_id: string }[] = (
      await sql.query(`INSERT INTO session (staff_id) SELECT unnest($1::uuid[]) RETURNING id, staff_id`, [people.map((p) => p.id)])
    ).rows;
    const jwt = new JwtService({ secret, signOptions: { algorithm: 'HS256' } });
    const lessonsOf = new Map(stored.map((c) => [c.slug, new Map(c.lessons.map((l) => [l.slug, l]))]));
    const learners: Learner[] = sessions.map((s) => ({
      staffId: s.staff_id,
      sessionId: s.id,
      cookie: `equip_access=${jwt.sign({ sub: s.staff_id, sid: s.id }, { expiresIn: 4 * 3600 })}; ${CSRF_COOKIE_NAME}=${CSRF}`,
      courses: [...freshOf.get(s.staff_id)!],
      enrollment: null,
    }));

    // ── the bare query: the home's session lookup and its two queries on a plain pg client ────
    const shim = { query: async (text: string, params?: unknown[]) => (await sql.query(text, params)).rows };
    const sessionRepo = new SessionRepository(shim as unknown as DataSource);
    const learningRepo = new LearningRepository({ cityTimeZone: 'America/New_York' });
    const bare: number[] = [];
    for (let i = 0; i < bareRuns + 20; i++) {
      const l = learners[i % learners.length];
      const started = process.hrtime.bigint();
      if (!(await sessionRepo.findBySession(l.staffId, l.sessionId))) throw new Error('a minted session was not found by the session check');
      await learningRepo.assignments(shim as unknown as EntityManager, l.staffId);
      await learningRepo.courseFacts(shim as unknown as EntityManager, l.staffId);
      if (i >= 20) bare.push(Number(process.hrtime.bigint() - started) / 1e6);
    }

    // ── the api, built, on the city ────────────────────────────────────────────────────────────
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    let output = '';
    // `--api-cpu-prof <folder>`: the api writes a V8 CPU profile there when it stops (where its time goes).
    const profileDir = textOption('api-cpu-prof');
    // `--api-node-flags="<flags>"`: Node/V8 flags for the api (garbage collector settings, `--trace-gc`); `--api-log <file>` keeps its output.
    const nodeFlags = textOption('api-node-flags')?.split(/\s+/).filter(Boolean) ?? [];
    api = spawn(process.execPath, [...nodeFlags, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), API_MAIN], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(port),
        APP_URL: baseUrl,
        DATABASE_URL: city.url,
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: prefix,
        JWT_SECRET: secret,
        COOKIE_SECURE: 'false',
        LOG_LEVEL: 'warn',
        WEB_DIST: join(ROOT, 'dist/apps/web/browser'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const apiLog = textOption('api-log');
    if (apiLog) api.stdout!.pipe(createWriteStream(apiLog));
    api.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    api.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (api.exitCode !== null) throw new Error(`the api exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`the api did not answer in 60 s:\n${output}`);
      if (await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false)) break;
      await sleep(100);
    }
    const pid = api.pid!;
    // One learner's home, so the first measured requests do not pay for module loading and plan caches.
    await fetch(`${baseUrl}/api/learning/assignments`, { headers: { cookie: learners[0].cookie } }).then(async (r) => {
      if (!r.ok) throw new Error(`a minted session was refused by the api: ${r.status} ${await r.text()}`);
    });
    const before = memoryOf(pid);

    // ── the load: this process on CPU 1 from here on ────────────────────────────────────────
    execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });
    // A browser keeps a few connections open; one kept-alive connection per request in flight here.
    const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

    async function call<T>(kind: string, learner: Learner, method: string, path: string, body?: unknown): Promise<T | undefined> {
      const started = process.hrtime.bigint();
      requests++;
      try {
        const res = await exchange(
          agent,
          `${baseUrl}${path}`,
          method,
          {
            cookie: learner.cookie,
            ...(method === 'GET' ? {} : { [CSRF_HEADER_NAME]: CSRF }),
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body === undefined ? undefined : JSON.stringify(body),
        );
        const text = res.text;
        if (res.retried) retries++;
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        (latencies.get(kind) ?? latencies.set(kind, []).get(kind)!).push(ms);
        bytes.set(kind, (bytes.get(kind) ?? 0) + Buffer.byteLength(text));
        answered.push({ ms, at: Date.now() });
        if (res.status < 200 || res.status > 299) {
          const key = `${kind}: ${res.status} ${text.slice(0, 160)}`;
          errors.set(key, (errors.get(key) ?? 0) + 1);
          return undefined;
        }
        return JSON.parse(text) as T;
      } catch (error) {
        const key = `${kind}: ${(error as Error).message}`;
        errors.set(key, (errors.get(key) ?? 0) + 1);
        return undefined;
      }
    }

    const think = () => sleep(thinkMs * (0.5 + Math.random()));
    const end = Date.now() + seconds * 1000;

    async function learn(l: Learner): Promise<void> {
      // Learners arrive over the first think time, not all in the same millisecond.
      await sleep(Math.random() * thinkMs);
      let first = true;
      while (Date.now() < end) {
        await Promise.all([
          call('home: assignments', l, 'GET', '/api/learning/assignments'),
          call('home: catalog', l, 'GET', '/api/catalog/courses'),
          call('home: unread count', l, 'GET', '/api/notifications?page=1&pageSize=1'),
        ]);
        if (first) arrived.push(Date.now());
        first = false;
        await think();
        if (!l.enrollment || !l.enrollment.resumeLesson) {
          const slug = l.courses.shift();
          if (!slug) {
            // Every fresh course done: from now on the learner only looks at the home.
            await think();
            continue;
          }
          l.enrollment = (await call<MyEnrollment>('enrol', l, 'POST', `/api/learning/courses/${encodeURIComponent(slug)}/enrol`)) ?? null;
          if (!l.enrollment?.resumeLesson) continue;
          await think();
        }
        const enrollment = l.enrollment!;
        const lessonSlug = enrollment.resumeLesson!;
        const at = `/api/learning/enrollments/${enrollment.id}/lessons/${encodeURIComponent(lessonSlug)}`;
        await call('open a lesson', l, 'GET', at);
        await think();
        const lesson = lessonsOf.get(enrollment.courseSlug)?.get(lessonSlug);
        if (!lesson) throw new Error(`no stored lesson ${enrollment.courseSlug}/${lessonSlug}`);
        if (lesson.type === 'knowledge-check') {
          const answers = Object.fromEntries(lesson.questions.map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.id)]));
          await call('knowledge check attempt', l, 'POST', `${at}/attempts`, { answers });
          l.enrollment = (await call<MyEnrollment>('enrollment', l, 'GET', `/api/learning/enrollments/${enrollment.id}`)) ?? null;
        } else if (lesson.type === 'reflection') {
          l.enrollment = (await call<{ enrollment: MyEnrollment }>('reflection', l, 'PUT', `${at}/reflection`, { text: 'What I will change in my own work.' }))?.enrollment ?? null;
        } else if (lesson.type === 'attestation') {
          l.enrollment = (await call<{ enrollment: MyEnrollment }>('attestation', l, 'POST', `${at}/attestation`, { affirm: true }))?.enrollment ?? null;
        } else {
          l.enrollment = (await call<MyEnrollment>('mark done', l, 'POST', `${at}/complete`)) ?? null;
        }
        await think();
      }
    }

    const cpuBefore = cpuMsOf(pid);
    const rssSamples: number[] = [];
    const sampling = setInterval(() => rssSamples.push(memoryOf(pid).rssMb), 1000);
    const started = Date.now();
    await Promise.all(learners.map(learn));
    const wall = (Date.now() - started) / 1000;
    clearInterval(sampling);
    const cpuMs = cpuMsOf(pid) - cpuBefore;
    const peak = memoryOf(pid);
    await sleep(3000);
    const after = memoryOf(pid);

    // ── the table ────────────────────────────────────────────────────────────────────────────
    const ms = (v: number) => `${v.toFixed(1)} ms`;
    const kb = (v: number) => `${(v / 1024).toFixed(1)} KB`;
    const bareP95 = quantile(bare, 0.95);
    const all = [...latencies.values()].flat();
    const rows = [...latencies.entries()].map(([kind, samples]) => [kind, samples.length.toLocaleString('en-US'), ms(quantile(samples, 0.5)), ms(quantile(samples, 0.95)), ms(quantile(samples, 0.99)), `${(quantile(samples, 0.95) / bareP95).toFixed(1)}×`, kb((bytes.get(kind) ?? 0) / samples.length)]);
    const allBytes = [...bytes.values()].reduce((a, b) => a + b, 0);
    rows.push(['every request', all.length.toLocaleString('en-US'), ms(quantile(all, 0.5)), ms(quantile(all, 0.95)), ms(quantile(all, 0.99)), `${(quantile(all, 0.95) / bareP95).toFixed(1)}×`, kb(allBytes / all.length)]);
    // Once every learner has had their first home: the arrival (all of them within one think time,
    // on an api that has answered one request) is over.
    const allArrived = Math.max(...arrived);
    const steady = answered.filter((a) => a.at > allArrived).map((a) => a.ms);
    const arrivalSeconds = (allArrived - started) / 1000;
    rows.push([`every request once all had arrived (after ${arrivalSeconds.toFixed(1)} s)`, steady.length.toLocaleString('en-US'), ms(quantile(steady, 0.5)), ms(quantile(steady, 0.95)), ms(quantile(steady, 0.99)), `${(quantile(steady, 0.95) / bareP95).toFixed(1)}×`, '']);
    rows.unshift(['bare query (session lookup + the home\'s two queries, plain pg, idle) (baseline)', String(bare.length), ms(quantile(bare, 0.5)), ms(bareP95), ms(quantile(bare, 0.99)), '1.0×', '']);
    const head = ['request', 'count', 'p50', 'p95', 'p99', 'p95 vs bare', 'body'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
    const homeP95 = quantile(latencies.get('home: assignments') ?? [0], 0.95);
    const everyP95 = quantile(all, 0.95);
    process.stdout.write(
      `\n${learnerCount.toLocaleString('en-US')} learners for ${seconds} s on one api (${staff.toLocaleString('en-US')}-staff city), ` +
        `thinking ${thinkMs} ms (0.5–1.5×) between steps; the load generator is this process, pinned to CPU 1 with taskset; the api unpinned.\n` +
        `${all.length.toLocaleString('en-US')} requests in ${wall.toFixed(1)} s (${(all.length / wall).toFixed(0)}/s).\n\n` +
        `${[line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')}\n\n` +
        `Errors: ${errorCount} (goal 0: ${errorCount === 0 ? 'met' : 'missed'}); ${retries} GETs sent again after the server closed a kept-alive connection as they went out${errorCount ? `\n  ${[...errors.entries()].map(([k, n]) => `${n} × ${k}`).join('\n  ')}` : ''}\n` +
        `p95 of every request ${ms(everyP95)}, of the home's assignments ${ms(homeP95)}, vs the bare query's ${ms(bareP95)}: ` +
        `${(everyP95 / bareP95).toFixed(1)}× (goal ≤ 10×: ${everyP95 <= 10 * bareP95 ? 'met' : 'missed'}); once all had arrived ${ms(quantile(steady, 0.95))}, ${(quantile(steady, 0.95) / bareP95).toFixed(1)}×.\n` +
        `api RSS: ${Math.round(before.rssMb)} MB before, ${Math.round(peak.peakMb)} MB peak (VmHWM), ${Math.round(after.rssMb)} MB after (goal ≤ 250 MB: ${peak.peakMb <= 250 ? 'met' : 'missed'}); ` +
        `through the run (MB, every ~${Math.max(1, Math.ceil(rssSamples.length / 10))} s): ${rssSamples.filter((_, i) => i % Math.max(1, Math.ceil(rssSamples.length / 10)) === 0).map(Math.round).join(' ')}.\n` +
        `api CPU: ${(cpuMs / 1000).toFixed(1)} s for ${requests.toLocaleString('en-US')} requests, ${(cpuMs / requests).toFixed(2)} CPU-ms a request.\n`,
    );
    if (errorCount > 0) process.exitCode = 1;
  } finally {
    api?.kill('SIGTERM');
    if (api && api.exitCode === null) await new Promise((resolve) => api!.once('exit', resolve));
    await sql.end();
    await dropRedisPrefix(TEST_REDIS_URL, prefix);
    await city.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`learner-load bench failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
