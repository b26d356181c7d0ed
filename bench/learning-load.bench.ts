/**
 * `GET /api/learning/assignments` under load (`npm run bench -- learning-load [--seconds 15]
 * [--connections 10]`; needs `npm run build:server` and `wrk` from Debian). Issue 18's row: a
 * demo-city learner with nothing assigned, 10 connections, against the built api, beside bare
 * servers doing the same work for the same request:
 *
 * - **bare node** (the baseline): node's `http` + `pg` (a pool of 10, like the api's), verifying the
 *   access cookie's JWT (HS256, like passport-jwt), the api's session lookup and then its two
 *   assignment queries at once, the SQL copied from the api (found by logging its statements, see
 *   bench/README.md), answering the rows as JSON;
 * - **bare NestJS**: the same handler as one Nest controller (express platform, no guards, pipes,
 *   filters, logger, helmet or cookie parser), the issue's own wording of the baseline;
 * - `GET /api/health` of the same api, for scale.
 *
 * wrk runs pinned to CPU 1 (`taskset -c 1 wrk -t1 -c10`); the servers and PostgreSQL are not pinned.
 * Each server runs in a process of its own, writing its output to a file; `--rounds 3` (default)
 * measures each once per round in a rotating order, and the ratio is taken within each round (the
 * machine is shared: a neighbour's build changes every figure between minutes, not within a round). Fails if any response is not 2xx or the
 * bodies differ, or if the api's statements for one request (from PostgreSQL's log, `log_statement =
 * all` for its first start only) are not the three the bare servers run.
 */
import 'reflect-metadata';
import { AuditService } from '@equip/server/audit';
import { CatalogRepository, CatalogSyncService } from '@equip/server/catalog';
import { createDataSource } from '@equip/server/database';
import { DEMO_PASSWORD, seedDemoCity } from '@equip/server/demo';
import { SESSION_HOLDER, sessionUserSql } from '@equip/server/identity';
import { ASSIGNMENTS_SQL, COURSE_FACTS_SQL } from '@equip/server/learning';
import { createTestDatabase, dropRedisPrefix, TEST_REDIS_URL } from '@equip/server/testing';
import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { createSecretKey, KeyObject, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verify } from 'jsonwebtoken';
import { Client, Pool } from 'pg';
import { flag, option } from './support/measure';

const ROOT = join(__dirname, '..', '..', '..');
const API_MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
const ACCESS_COOKIE = 'equip_access';

// ── the api's statements for this request: its own texts, checked against its log below ──────
/** SessionRepository.findBySession (JwtStrategy.validate, every signed-in request): the api's own text. */
const SESSION_SQL = sessionUserSql(SESSION_HOLDER);
/** LearningRepository.assignments and courseFacts. */
const FACTS_SQL = COURSE_FACTS_SQL;

/** The work of one request, shared by both bare servers: 401 without a live session, else the rows. */
async function handle(pool: Pool, secret: KeyObject, cookieHeader: string | undefined): Promise<{ status: number; body: string }> {
  const token = /(?:^|;\s*)equip_access=([^;]+)/.exec(cookieHeader ?? '')?.[1];
  let claims: { sub?: string; sid?: string };
  try {
    claims = verify(token ?? '', secret, { algorithms: ['HS256'] }) as { sub?: string; sid?: string };
  } catch (error) {
    return { status: 401, body: JSON.stringify({ title: 'Sign in to continue.', detail: (error as Error).message }) };
  }
  const session = await pool.query(SESSION_SQL, [claims.sub, claims.sid]);
  if (session.rows.length === 0) return { status: 401, body: JSON.stringify({ title: 'Sign in to continue.', detail: 'no live session' }) };
  const [rows] = await Promise.all([pool.query(ASSIGNMENTS_SQL, [claims.sub]), pool.query(FACTS_SQL, [claims.sub])]);
  return { status: 200, body: JSON.stringify(rows.rows) };
}

/** Child mode: a bare server on PORT, `node` (http) or `nest` (one controller). */
async function serve(kind: string): Promise<void> {
  const port = Number(process.env['PORT']);
  // A key object made once, as the api's JwtStrategy does (a string would be re-parsed per request).
  const secret = createSecretKey(Buffer.from(process.env['JWT_SECRET'] ?? ''));
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 10, application_name: `equip-bench-bare-${kind}` });
  if (kind === 'node') {
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      handle(pool, secret, req.headers.cookie).then(
        ({ status, body }) => res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(body),
        (error: Error) => res.writeHead(500).end(error.message),
      );
    });
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  } else {
    const { Controller, Get, Module, Req, Res } = await import('@nestjs/common');
    const { NestFactory } = await import('@nestjs/core');
    @Controller('learning')
    class BareController {
      @Get('assignments')
      async assignments(@Req() req: IncomingMessage, @Res() res: ServerResponse & { status(n: number): { type(t: string): { send(b: string): void } } }): Promise<void> {
        const { status, body } = await handle(pool, secret, req.headers.cookie);
        res.status(status).type('application/json').send(body);
      }
    }
    @Module({ controllers: [BareController] })
    class BareModule {}
    const app = await NestFactory.create(BareModule, { logger: false });
    app.setGlobalPrefix('api');
    await app.listen(port, '127.0.0.1');
  }
  process.stdout.write('ready\n');
}

// ── the parent: database, api, sign-in, wrk ──────────────────────────────────────────────────────

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

interface Child {
  process: ChildProcess;
  output: () => string;
}

/**
 * Starts a node process writing its output to a file, as a deployment's log collector would read
 * it: through a pipe, the api (a line per request at LOG_LEVEL info) would wait on this process.
 */
function start(args: string[], env: Record<string, string>): Child {
  const file = join(mkdtempSync(join(tmpdir(), 'equip-bench-load-out-')), 'output.log');
  const fd = openSync(file, 'w');
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  return { process: child, output: () => readFileSync(file, 'utf8').slice(-20_000) };
}

async function stopChild(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise((resolve) => child.process.once('exit', resolve));
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

async function until(what: string, child: Child, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) throw new Error(`${what}: the process exited:\n${child.output()}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}:\n${child.output()}`);
}

interface WrkResult {
  target: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
}

const toMs = (text: string): number => {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text.trim());
  if (!m) throw new Error(`wrk latency "${text}"`);
  return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
};

async function wrk(target: string, url: string, cookie: string | undefined, seconds: number, connections: number): Promise<WrkResult> {
  const args = ['-c', '1', 'wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '--latency', ...(cookie ? ['-H', `Cookie: ${cookie}`] : []), url];
  const { stdout: out } = await promisify(execFile)('taskset', args, { encoding: 'utf8' });
  const bad = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  if (bad) throw new Error(`${target}: ${bad[1]} responses were not 2xx:\n${out}`);
  if (/Socket errors/.test(out)) throw new Error(`${target}: socket errors:\n${out}`);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const p50 = /\s50%\s+(\S+)/.exec(out);
  const p99 = /\s99%\s+(\S+)/.exec(out);
  const total = /(\d+) requests in/.exec(out);
  if (!rps || !p50 || !p99 || !total) throw new Error(`${target}: could not read wrk's output:\n${out}`);
  return { target, requestsPerSecond: Number(rps[1]), p50Ms: toMs(p50[1]), p99Ms: toMs(p99[1]), requests: Number(total[1]) };
}

const POSTGRES_LOG = '/var/log/postgresql/postgresql-15-main.log';
const squash = (sql: string) => sql.replace(/\s+/g, ' ').trim();

/** The statements PostgreSQL logged for `database` after byte `from` of its log (log_statement = all). */
function loggedStatements(database: string, from: number): string[] {
  const text = readFileSync(POSTGRES_LOG, 'utf8').slice(from);
  const entries = text.split(/^(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \S+ \[\d+\] )/m);
  const marker = new RegExp(`@${database} LOG:  (?:execute [^:]*|statement): `);
  return entries.flatMap((entry) => {
    const m = marker.exec(entry);
    return m ? [squash(entry.slice(m.index + m[0].length))] : [];
  });
}

/**
 * `--profile`: where the api's CPU went from start to stop (node --cpu-prof; it slows the api), self time
 * by package (or by our own file), the top 15.
 */
function profileSummary(dir: string): string {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return 'no CPU profile was written\n';
  const prof: { nodes: { id: number; callFrame: { functionName: string; url: string } }[]; samples: number[]; timeDeltas: number[] } = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, number>();
  let total = 0;
  prof.samples.forEach((id, i) => {
    const { url, functionName } = byId.get(id)!.callFrame;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
    const key = pkg ?? (url.includes('/dist/') ? `equip ${url.slice(url.indexOf('/dist/') + 6)}` : url ? `node ${url.replace(/^node:/, '')}` : `(${functionName || 'native'})`);
    const dt = prof.timeDeltas[i] ?? 0;
    total += dt;
    selfUs.set(key, (selfUs.get(key) ?? 0) + dt);
  });
  const top = [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, 15);
  return `\nthe api's CPU profile, start to stop (${(total / 1e6).toFixed(1)} s sampled), self time:\n${top
    .map(([k, us]) => `  ${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`)
    .join('\n')}\n`;
}

async function main(): Promise<void> {
  const serveIndex = process.argv.indexOf('--serve');
  if (serveIndex > 0) return serve(process.argv[serveIndex + 1]);

  const seconds = option('seconds', 15);
  const connections = option('connections', 10);
  const rounds = option('rounds', 3);
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run \`npm run build:server\` first`);
  try {
    execFileSync('sh', ['-c', 'command -v wrk && command -v taskset'], { stdio: 'pipe' });
  } catch {
    throw new Error('wrk and taskset are needed: apt-get install -y wrk');
  }

  const db = await createTestDatabase(undefined, 'equip_bench_load');
  const queuePrefix = `equip-bench-load-${randomBytes(4).toString('hex')}`;
  const children: Child[] = [];
  const closers: (() => Promise<void>)[] = [];
  try {
    const ds = await createDataSource({ databaseUrl: db.url, applicationName: 'equip-bench-setup' }).initialize();
    let learner: { id: string; email: string };
    try {
      await seedDemoCity(ds);
      const synced = await new CatalogSyncService(ds, new CatalogRepository(), new AuditService(ds)).syncFromDirectory(join(ROOT, 'content'));
      if (synced.result === null) throw new Error(`content/ has problems: ${JSON.stringify(synced.problems.slice(0, 3))}`);
      // A demo-city learner with nothing assigned, given an account with the demo password.
      const argon2 = await import('argon2');
      [learner] = await ds.query(
        `SELECT s.id, s.email FROM staff s
          WHERE s.active AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.staff_id = s.id) AND NOT EXISTS (SELECT 1 FROM enrollment e WHERE e.staff_id = s.id)
            AND NOT EXISTS (SELECT 1 FROM role_grant g WHERE g.staff_id = s.id)
          ORDER BY s.employee_id LIMIT 1`,
      );
      if (!learner) throw new Error('the demo city has no active learner with nothing assigned');
      await ds.query(
        `INSERT INTO account (staff_id, password_hash) VALUES ($1, $2) ON CONFLICT (staff_id) DO UPDATE SET password_hash = EXCLUDED.password_hash`,
        [learner.id, await argon2.hash(DEMO_PASSWORD, { type: argon2.argon2id })],
      );
    } finally {
      await ds.destroy();
    }

    const jwtSecret = randomBytes(32).toString('hex');
    const apiPort = await freePort();
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const profileDir = flag('profile') ? mkdtempSync(join(tmpdir(), 'equip-bench-load-prof-')) : undefined;
    const startApi = async (profile = false) => {
      const api = start([...(profile && profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), API_MAIN], {
        NODE_ENV: 'production',
        PORT: String(apiPort),
        APP_URL: apiUrl,
        DATABASE_URL: db.url,
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: queuePrefix,
        JWT_SECRET: jwtSecret,
        COOKIE_SECURE: 'false',
        WEB_DIST: join(ROOT, 'dist/apps/web/browser'),
        // LOG_LEVEL left at its default, info (a line per request), as served.
        MAIL_DIR: mkdtempSync(join(tmpdir(), 'equip-bench-load-mail-')),
      });
      children.push(api);
      await until('the api to answer', api, async () => (await fetch(`${apiUrl}/api/health`)).ok);
      return api;
    };
    // The first api runs with every statement logged, to check the bare servers' SQL is the api's (below).
    const admin = new Client({ connectionString: db.url });
    admin.on('error', () => undefined);
    await admin.connect();
    closers.push(() => admin.end());
    await admin.query(`ALTER DATABASE "${db.name}" SET log_statement = 'all'`);
    let api = await startApi();

    // Sign in once, as the web app does: a CSRF token first, then the form.
    const csrfRes = await fetch(`${apiUrl}/api/auth/csrf`);
    const jar = new Map<string, string>();
    const keep = (res: Response) => {
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair.indexOf('=');
        jar.set(pair.slice(0, at).trim(), pair.slice(at + 1));
      }
    };
    keep(csrfRes);
    const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const signIn = await fetch(`${apiUrl}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookieHeader(), 'x-xsrf-token': jar.get('XSRF-TOKEN') ?? '' },
      body: JSON.stringify({ email: learner.email, password: DEMO_PASSWORD }),
    });
    if (!signIn.ok) throw new Error(`sign-in answered ${signIn.status}: ${await signIn.text()}`);
    keep(signIn);
    const access = jar.get(ACCESS_COOKIE);
    if (!access) throw new Error(`sign-in set no ${ACCESS_COOKIE} cookie`);
    const cookie = `${ACCESS_COOKIE}=${access}`;
    const route = '/api/learning/assignments';
    const fromApi = await fetch(`${apiUrl}${route}`, { headers: { cookie } });
    const apiBody = await fromApi.text();
    if (fromApi.status !== 200 || apiBody !== '[]') throw new Error(`the learner's assignments: ${fromApi.status} ${apiBody}`);
    if ((await fetch(`${apiUrl}${route}`)).status !== 401) throw new Error('the route answered without a session');

    // What the api runs for one request, from PostgreSQL's log; the bare servers must run the same.
    let sqlCheck: string;
    try {
      const from = statSync(POSTGRES_LOG).size;
      await (await fetch(`${apiUrl}${route}`, { headers: { cookie } })).text();
      await new Promise((r) => setTimeout(r, 500));
      const logged = loggedStatements(db.name, from);
      const ours = [SESSION_SQL, ASSIGNMENTS_SQL, FACTS_SQL].map(squash);
      const missing = ours.filter((sql) => !logged.includes(sql));
      const extra = logged.filter((sql) => !ours.includes(sql));
      if (missing.length > 0) throw new Error(`the bare servers' SQL is not what the api ran; the api ran:\n${logged.join('\n')}`);
      sqlCheck = `the api's statements for one request, from PostgreSQL's log: the bare servers' three${extra.length ? ` and ${extra.length} more: ${extra.map((x) => x.slice(0, 80)).join(' | ')}` : ', nothing else'}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EACCES' && (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      sqlCheck = `the api's statements were not checked: ${POSTGRES_LOG} is not readable here`;
    }
    await admin.query(`ALTER DATABASE "${db.name}" RESET log_statement`);
    await stopChild(api);
    api = await startApi(true);

    // The bare servers, up beside the api (idle while another is measured).
    const urls: Record<string, string> = { api: `${apiUrl}${route}` };
    for (const kind of ['node', 'nest'] as const) {
      const port = await freePort();
      const bare = start([__filename, '--serve', kind], { DATABASE_URL: db.url, JWT_SECRET: jwtSecret, PORT: String(port), NODE_PATH: process.env['NODE_PATH'] ?? '' });
      children.push(bare);
      const url = `http://127.0.0.1:${port}${route}`;
      await until(`the bare ${kind} server`, bare, async () => bare.output().includes('ready'));
      const res = await fetch(url, { headers: { cookie } });
      const body = await res.text();
      if (res.status !== 200 || body !== apiBody) throw new Error(`bare ${kind} answered ${res.status} ${body}, the api ${apiBody}`);
      if ((await fetch(url)).status !== 401) throw new Error(`bare ${kind} answered without a session`);
      urls[kind] = url;
    }

    // Rounds, each server once per round in a rotating order: on a machine others load, what
    // changes between minutes hits all three alike, and the ratio is taken within each round.
    const names: Record<string, string> = { api: 'Equip api', node: 'bare node http + pg (baseline)', nest: 'bare NestJS + pg, one controller' };
    const runs: Record<string, WrkResult[]> = { api: [], node: [], nest: [] };
    const order = ['api', 'node', 'nest'];
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < order.length; i++) {
        const key = order[(i + round) % order.length];
        runs[key].push(await wrk(names[key], urls[key], cookie, seconds, connections));
      }
    }
    const health = await wrk('Equip api: GET /api/health (for scale)', `${apiUrl}/api/health`, undefined, seconds, connections);
    await stopChild(api);
    const profile = profileDir ? profileSummary(profileDir) : '';

    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const ratios = (key: string) => runs[key].map((r, i) => r.requestsPerSecond / runs.node[i].requestsPerSecond);
    const rows = [
      ...order.map((key) => [
        key === 'api' ? `Equip api: GET ${route}` : names[key],
        runs[key].map((r) => r.requestsPerSecond.toFixed(0)).join(' / '),
        `${median(runs[key].map((r) => r.p50Ms)).toFixed(1)} ms`,
        `${median(runs[key].map((r) => r.p99Ms)).toFixed(1)} ms`,
        `${median(ratios(key)).toFixed(2)}× (${ratios(key).map((x) => x.toFixed(2)).join(' / ')})`,
      ]),
      [health.target, health.requestsPerSecond.toFixed(0), `${health.p50Ms.toFixed(1)} ms`, `${health.p99Ms.toFixed(1)} ms`, ''],
    ];
    const head = ['target', 'req/s per round', 'p50 (median)', 'p99 (median)', 'vs bare node, per round'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    const apiRatio = median(ratios('api'));
    process.stdout.write(
      `\nGET ${route}, a demo-city learner with nothing assigned; wrk -t1 -c${connections} -d${seconds}s pinned with taskset -c 1 (servers and PostgreSQL unpinned), ` +
        `${rounds} rounds, one server at a time; the api at its default LOG_LEVEL (info: a line per request, to a file)\n\n` +
        `${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n\n` +
        `${sqlCheck}\n` +
        profile +
        `ratio, api / bare node (median of rounds): ${apiRatio.toFixed(2)} (goal ≥ 0.5: ${apiRatio >= 0.5 ? 'met' : 'missed'}); api / bare NestJS: ${median(runs.api.map((r, i) => r.requestsPerSecond / runs.nest[i].requestsPerSecond)).toFixed(2)}\n`,
    );
  } finally {
    for (const close of closers) await close().catch(() => undefined);
    for (const child of children) await stopChild(child);
    await dropRedisPrefix(TEST_REDIS_URL, queuePrefix).catch(() => undefined);
    await db.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`learning-load benchmark failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
