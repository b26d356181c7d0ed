import { DATABASE_REFUSED } from '@equip/server/http';
import type { TestDatabase } from '@equip/server/testing';
import { Client } from 'pg';
import { ExtraApi, startExtraApi } from '../support/api-process';
import { casesFor, leak, pick, readOperations, undescribedFields, type Case, type Fixtures, type Operation } from '../support/bad-input';
import { e2e } from '../support/environment';
import { Session } from '../support/http';
import { createE2eDatabase } from '../support/stack';
import { WriteLog, type Write } from '../support/write-log';

/**
 * The generated bad-input suite: every route of the running api, read from its OpenAPI document,
 * every path, query and body field, as each role, with the bad values of e2e/support/bad-input.ts.
 * A route added tomorrow is covered without a test of its own.
 *
 * It runs against an api and a database of its own: it trips lockouts and rate limits, and the
 * write log (triggers on every table) must see no writes but the api's.
 *
 * Every answer must come complete within ANSWER_MS, never be a 5xx the operation does not document
 * (readiness answers 503 here: no worker runs), show no stack trace or SQL, never come from the
 * ProblemFilter's PostgreSQL safety net (a validator must refuse first), and a request the
 * document does not allow must be refused (4xx) writing nothing: a 401 or 429 may record the
 * account's failed attempt and its audit event, nothing else.
 */

type Who = 'anonymous' | 'learner' | 'lead' | 'admin' | 'viewer';
const ROLES: Who[] = ['anonymous', 'learner', 'lead', 'admin', 'viewer'];
const LOGINS: Record<Exclude<Who, 'anonymous'>, string> = {
  learner: 'learner@equip.demo',
  lead: 'lead@equip.demo',
  admin: 'admin@equip.demo',
  viewer: 'viewer@equip.demo',
};

/** Override to repeat a run: EQUIP_BAD_INPUT_SEED=… npx jest -c e2e/jest.config.js e2e/api/bad-input.e2e-spec.ts */
const SEED = Number(process.env['EQUIP_BAD_INPUT_SEED'] ?? 13);
const BUDGET_REQUESTS = 7600;
const BUDGET_MS = 5 * 60_000;
const ANSWER_MS = 5000;
/** Cases after the probe for a role the route refuses (401/403): its guards are what is tested. */
const REFUSED_SAMPLE = 3;
const ACCESS_COOKIE = 'equip_access';

/** What a 401 or 429 may write: the account's failed attempt (or lockout) and the audit event. */
const ALLOWED_ON_REFUSAL = (w: Write) => (w.table === 'account' && w.op === 'UPDATE') || (w.table === 'audit_event' && w.op === 'INSERT');
/** What a refused roster import (422) may write: its record, with the problems that refused it. */
const RECORDED_REFUSAL = (w: Write, status: number) => status === 422 && w.table === 'roster_import' && w.op === 'INSERT';

/** The demo city's real ids and keys, by the names fields and path segments give them. */
async function loadFixtures(databaseUrl: string): Promise<Fixtures> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const first = async (sql: string) => ((await client.query(sql)).rows[0]?.value as string | undefined) ?? undefined;
    const pool: Record<string, string | undefined> = {};
    for (const table of ['staff', 'department', 'cohort', 'assignment', 'enrollment', 'certificate', 'role_grant']) {
      pool[table] = await first(`SELECT id::text AS value FROM ${table} ORDER BY id LIMIT 1`);
    }
    pool['course'] = await first(`SELECT slug AS value FROM course ORDER BY slug LIMIT 1`);
    pool['track'] = await first(`SELECT slug AS value FROM track ORDER BY slug LIMIT 1`);
    pool['lesson'] = await first(`SELECT lessons->0->>'slug' AS value FROM course_version ORDER BY id LIMIT 1`);
    const aliases: Record<string, string> = { manager: 'staff', grant: 'role_grant' };
    return (hint: string) => {
      const key = hint.replace(/(Ids?|Slug)$/, '').replace(/s$/, '');
      return pool[aliases[key] ?? key];
    };
  } finally {
    await client.end();
  }
}

describe('generated bad input', () => {
  let db: TestDatabase;
  let api: ExtraApi;
  let log: WriteLog;
  let operations: Operation[];
  let fixtures: Fixtures;
  let documented5xx: Map<string, Set<number>>;
  const sessions = new Map<Who, Session>();

  beforeAll(async () => {
    db = await createE2eDatabase();
    fixtures = await loadFixtures(db.url);
    log = await WriteLog.install(db.url);
    api = await startExtraApi({ DATABASE_URL: db.url, LOG_LEVEL: 'fatal' });
    const doc = await (await fetch(`${api.baseUrl}/api/docs/openapi.json`)).json();
    operations = readOperations(doc);
    documented5xx = new Map(
      Object.entries(doc.paths as Record<string, Record<string, { responses?: Record<string, unknown> }>>).flatMap(([path, ops]) =>
        Object.entries(ops).map(([method, op]) => [`${method.toUpperCase()} ${path}`, new Set(Object.keys(op.responses ?? {}).map(Number).filter((s) => s >= 500))]),
      ),
    );
    sessions.set('anonymous', new Session(api.baseUrl));
    for (const who of ROLES) if (who !== 'anonymous') await signIn(who);
    await log.since();
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await log?.close();
    await db?.drop();
  });

  async function signIn(who: Exclude<Who, 'anonymous'>): Promise<void> {
    const session = new Session(api.baseUrl);
    const res = await session.signIn(LOGINS[who], e2e().demoPassword);
    if (res.status !== 200) throw new Error(`could not sign ${who} in again: ${res.status} ${await res.text()}`);
    sessions.set(who, session);
  }

  it('finds a type for every path, query and body field of every route in the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(50);
    const undescribed = operations.flatMap((op) => undescribedFields(op).map((field) => `${op.method} ${op.template}: ${field}`));
    expect(undescribed).toEqual([]);
    const bodiesWithoutFields = operations.filter((op) => op.body?.kind === 'json' && !op.body.schema.properties && !op.body.schema.additionalProperties);
    expect(bodiesWithoutFields.map((op) => `${op.method} ${op.template}`)).toEqual([]);
  });

  it(
    'answers every generated bad request in time, without a 5xx, a leak or a write',
    async () => {
      const started = Date.now();
      const failures: string[] = [];
      const statuses = new Map<number, number>();
      let sent = 0;
      let slowest = 0;

      async function send(op: Operation, who: Who, c: Case): Promise<number> {
        if (Date.now() - started > BUDGET_MS) throw new Error(`the suite ran out of its ${BUDGET_MS / 60_000}-minute budget after ${sent} requests`);
        const session = sessions.get(who)!;
        const what = `${op.method} ${c.path.length > 140 ? `${c.path.slice(0, 140)}…` : c.path} as ${who}: ${c.family}${c.field ? ` in ${c.field}` : ''}`;
        const t0 = Date.now();
        let status = 0;
        let text = '';
        try {
          const res = await session.send(op.method, c.path, {
            body: c.body,
            headers: c.contentType !== undefined ? { 'content-type': c.contentType } : {},
            signal: AbortSignal.timeout(ANSWER_MS),
          });
          status = res.status;
          text = await res.text();
        } catch (error) {
          failures.push(`${what} → no complete answer within ${ANSWER_MS} ms (${(error as Error).name}: ${(error as Error).message})`);
        }
        sent += 1;
        slowest = Math.max(slowest, Date.now() - t0);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        const writes = await log.since();
        if (status >= 500 && !documented5xx.get(`${op.method} ${op.template}`)?.has(status)) failures.push(`${what} → ${status}`);
        // The ProblemFilter's safety net answers what PostgreSQL refused; a validator should have refused it first.
        if (text.includes(DATABASE_REFUSED)) failures.push(`${what} → ${status}: reached PostgreSQL, which refused it (a validator is missing)`);
        const leaked = leak(text);
        if (leaked) failures.push(`${what} → ${status} showing ${leaked}: ${text.slice(0, 300)}`);
        if (c.mustReject && status > 0 && status < 400) failures.push(`${what} → ${status}: accepted what the document does not allow`);
        if (c.mustName && status === 400) {
          // The field itself, or the item or property in it that holds the bad value (staffIds.0).
          const named = (JSON.parse(text) as { errors?: { field: string }[] }).errors?.some((e) => e.field === c.field || e.field.startsWith(`${c.field}.`));
          if (!named) failures.push(`${what} → 400 without naming ${c.field}: ${text.slice(0, 300)}`);
        }
        const refused = status === 401 || status === 429;
        const wrongWrites = status >= 400 ? writes.filter((w) => !(refused && ALLOWED_ON_REFUSAL(w)) && !RECORDED_REFUSAL(w, status)) : [];
        if (wrongWrites.length > 0) failures.push(`${what} → ${status} but wrote ${[...new Set(wrongWrites.map((w) => `${w.op} ${w.table}`))].join(', ')}`);
        if (who === 'anonymous') return status;
        // Did the route end the session (sign-out)? Its cookie is gone, or a 401 that the session itself now gets too.
        let ended = !session.cookie(ACCESS_COOKIE);
        if (!ended && status === 401) {
          ended = (await session.get('/api/auth/session')).status === 401;
          sent += 1;
        }
        if (ended) {
          // Sign in again, and keep its writes out of the next request's.
          await signIn(who);
          sent += 1;
          await log.since();
        }
        return status;
      }

      const plans = operations.map((op, i) => ({ op, cases: casesFor(op, fixtures, SEED + i * 1000) }));
      const pairs = plans.flatMap((plan) => ROLES.map((who, r) => ({ ...plan, who, seed: SEED + r, refused: false })));

      // Probe each route as each role with its first priority case: 401/403 means its guards refuse the role.
      for (const pair of pairs) {
        const status = await send(pair.op, pair.who, pair.cases.find((c) => c.priority) ?? pair.cases[0]);
        pair.refused = status === 401 || status === 403;
      }

      // Share what is left of the budget among the roles each route lets in, smallest first.
      const admitted = pairs.filter((p) => !p.refused).sort((a, b) => a.cases.length - b.cases.length);
      let left = BUDGET_REQUESTS - sent - (pairs.length - admitted.length) * REFUSED_SAMPLE;
      const share = new Map(
        admitted.map((pair, i) => {
          const take = Math.min(pair.cases.length - 1, Math.floor(left / (admitted.length - i)));
          left -= take;
          return [pair, take];
        }),
      );
      for (const pair of pairs) {
        const count = pair.refused ? REFUSED_SAMPLE : share.get(pair) ?? 0;
        for (const c of pick(pair.cases, count + 1, pair.seed).slice(1)) await send(pair.op, pair.who, c);
      }

      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s || 'none'}×${n}`).join(' ');
      const generated = plans.reduce((sum, plan) => sum + plan.cases.length, 0);
      process.stdout.write(
        `\nbad-input suite: ${sent} requests to ${operations.length} routes as ${ROLES.length} roles (from ${generated} cases a role could get) in ${seconds} s (seed ${SEED}); ` +
          `slowest answer ${slowest} ms; statuses ${byStatus}; ${failures.length} failures\n`,
      );
      expect(failures.slice(0, 60)).toEqual([]);
      // Every route and role gets its first case whatever the budget, so 110 routes can pass it a little; a tenth over is the bound.
      expect(sent).toBeLessThanOrEqual(Math.round(BUDGET_REQUESTS * 1.1));
    },
    BUDGET_MS + 60_000,
  );
});
