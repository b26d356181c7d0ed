import { DEMO_CITY_NAME } from '@equip/server/demo';
import { createTestDatabase, dropRedisPrefix, TestDatabase } from '@equip/server/testing';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { e2e } from '../support/environment';
import { Session } from '../support/http';
import { freePort, ROOT, run, Running, stop, until } from '../support/processes';

const CLI_MAIN = join(ROOT, 'dist/apps/cli/apps/cli/src/main.js');

/**
 * `npm start` on an empty database: the first look at the demo city is a living programme — the
 * dashboard, the lead's cohorts and the learner's home have content — and the worker renders the
 * seeded certificates' PDFs after start.
 */
describe('npm start on an empty database: the demo city is alive', () => {
  let db: TestDatabase;
  let dir: string;
  let cli: Running;
  let baseUrl: string;
  const prefix = `equip-e2e-demo-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    db = await createTestDatabase(undefined, 'equip_e2e_demo');
    dir = mkdtempSync(join(tmpdir(), 'equip-e2e-demo-'));
    const port = await freePort();
    baseUrl = `http://localhost:${port}`;
    cli = run(
      CLI_MAIN,
      {
        PORT: String(port),
        APP_URL: baseUrl,
        DATABASE_URL: db.url,
        REDIS_URL: e2e().redisUrl,
        QUEUE_PREFIX: prefix,
        JWT_SECRET: randomBytes(32).toString('hex'),
        LOG_LEVEL: 'warn',
        MAIL_DIR: join(dir, 'mail'),
        STORAGE_DIR: join(dir, 'storage'),
      },
      ['start'],
    );
    await until('npm start to be running', async () => (cli.output().includes('Equip is running') ? true : undefined), 60_000);
  }, 90_000);

  afterAll(async () => {
    if (cli) {
      const code = await stop(cli, 40_000);
      if (code !== 0) process.stdout.write(`npm start output:\n${cli.output().slice(-6000)}\n`);
      expect(code).toBe(0);
    }
    await db?.drop();
    await dropRedisPrefix(e2e().redisUrl, prefix);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const signedIn = async (email: string) => {
    const session = new Session(baseUrl);
    expect((await session.signIn(email)).status).toBe(200);
    return session;
  };

  it('says what it seeded', () => {
    expect(cli.output()).toMatch(/Seeded the demo city: \d+ departments, \d+ staff\. \d+ cohorts, \d+ assignments, \d+ certificates/);
  });

  it('shows the RASE administrator a dashboard with people trained, completions and overdue work', async () => {
    const admin = await signedIn('admin@equip.demo');
    const res = await admin.get('/api/reports/dashboard');
    expect(res.status).toBe(200);
    const dashboard = await res.json();
    expect(dashboard.overview.staff.count).toBeGreaterThan(300);
    expect(dashboard.overview.staffTrained.count).toBeGreaterThan(0);
    expect(dashboard.overview.overdueNow.count).toBeGreaterThan(0);
    expect(dashboard.heatmap.length).toBeGreaterThan(0);
    expect(dashboard.weekly.some((w: { completions: { count: number | null } }) => (w.completions.count ?? 0) > 0)).toBe(true);
  });

  it("lists the lead's cohorts, with members and assignments", async () => {
    const lead = await signedIn('lead@equip.demo');
    const res = await lead.get('/api/cohorts');
    expect(res.status).toBe(200);
    const page = await res.json();
    expect(page.items.length).toBeGreaterThanOrEqual(2);
    expect(new Set(page.items.map((c: { kind: string }) => c.kind))).toEqual(new Set(['rule', 'static']));
    for (const cohort of page.items) {
      expect(cohort.memberCount).toBeGreaterThan(0);
      expect(cohort.assignmentCount).toBeGreaterThan(0);
    }
  });

  it("fills the learner's home: assigned work, a course in progress and a certificate", async () => {
    const learner = await signedIn('learner@equip.demo');
    const assignments = await (await learner.get('/api/learning/assignments')).json();
    expect(assignments.filter((a: { status: string }) => a.status !== 'completed' && a.status !== 'exempt').length).toBeGreaterThanOrEqual(2);
    expect(assignments.some((a: { status: string }) => a.status === 'in_progress')).toBe(true);
    const certificates = await (await learner.get('/api/learning/certificates')).json();
    expect(certificates.length).toBeGreaterThanOrEqual(1);
  });

  it('runs the api and the worker under the demo city name, since CITY_NAME is unset', () => {
    const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(cli.child.pid)], { encoding: 'utf8' }).split('\n').filter((l) => l.trim());
    expect(children).toHaveLength(2);
    for (const pid of children) {
      const env = readFileSync(`/proc/${pid.trim()}/environ`, 'utf8').split('\0');
      expect(env).toContain(`CITY_NAME=${DEMO_CITY_NAME}`);
    }
  });

  it('has the worker render the seeded certificates and mark their outbox rows done', async () => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const rendered = await until(
        'the worker to render seeded certificates',
        async () => {
          const { rows } = await client.query(`SELECT count(*)::int AS n FROM certificate WHERE pdf_key IS NOT NULL`);
          return rows[0].n >= 5 ? rows[0].n : undefined;
        },
        45_000,
      );
      expect(rendered).toBeGreaterThanOrEqual(5);
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM outbox WHERE done_at IS NOT NULL AND event = 'course.completed'`);
      expect(rows[0].n).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
  }, 60_000);
});
