import { publishFiguresJob } from '@equip/server/reporting';
import { JobName, QueueName } from '@equip/shared/contracts';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Session } from '../support/http';
import { completeCourse, createLearner } from '../support/learning';
import { until } from '../support/processes';
import { RedisServer, Stack, startRedis, startStack } from '../support/stack';

/**
 * Faults the worker must survive, on real processes: an api and a worker of their own, on a
 * database of their own and a redis-server of their own (so it can be killed without touching the
 * machine's Redis that the other journeys use).
 */
describe('worker faults', () => {
  const COURSE = 'racial-equity-foundations';
  const PASSWORD = 'completing courses while redis is away';
  let redis: RedisServer;
  let stack: Stack;
  let sql: Client;
  const queues: Queue[] = [];

  const queue = (name: QueueName) => {
    const q = new Queue(name, { connection: { url: redis.url, maxRetriesPerRequest: 1, enableOfflineQueue: false }, prefix: `{${stack.queuePrefix}}` });
    q.on('error', () => undefined);
    queues.push(q);
    return q;
  };
  const completionRows = async (): Promise<{ id: string; jobId: string; relayed_at: Date | null; done_at: Date | null }[]> =>
    (
      await sql.query(
        `SELECT id::text AS id, 'outbox-' || uid || '-' || relay_count AS "jobId", relayed_at, done_at
           FROM outbox WHERE event IN ('course.completed', 'track.completed') ORDER BY id`,
      )
    ).rows;
  /** True once each of these jobs (a row's latest hand-over) is in the Certificates queue of the Redis now running. */
  const jobsInCertificatesQueue = async (jobIds: string[]) => {
    const certificates = queue(QueueName.Certificates);
    try {
      const jobs = await Promise.all(jobIds.map((id) => certificates.getJob(id)));
      return jobs.every((job) => job?.name === JobName.IssueCertificate) ? true : undefined;
    } finally {
      await certificates.close();
    }
  };

  beforeAll(async () => {
    redis = await startRedis();
    stack = await startStack({ REDIS_URL: redis.url, OUTBOX_POLL_SECONDS: '1', OUTBOX_RESEND_SECONDS: '4' });
    sql = new Client({ connectionString: stack.db.url });
    await sql.connect();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(queues.map((q) => q.close().catch(() => undefined)));
    await sql?.end();
    await redis?.restart(); // the stack's processes drop their keys on the way out
    await stack?.close();
    await redis?.kill();
  }, 60_000);

  it('lets learners complete courses while Redis is down, and relays every completion once Redis is back empty', async () => {
    const suffix = randomBytes(3).toString('hex');
    const learners: Session[] = [];
    for (const n of [1, 2, 3]) {
      const email = `redis.fault.${n}.${suffix}@equip.test`;
      await createLearner(stack.db.url, email, PASSWORD);
      const session = new Session(stack.api.baseUrl);
      expect((await session.signIn(email, PASSWORD)).status).toBe(200); // sign-in rate limits live in Redis
      learners.push(session);
    }

    // One completion while Redis is up: relayed, its job waiting in Redis …
    await completeCourse(learners[0], stack.db.url, COURSE);
    const [before] = await until('the first completion to be relayed', async () => {
      const rows = await completionRows();
      return rows.length > 0 && rows.every((r) => r.relayed_at !== null) ? rows : undefined;
    });
    expect(await jobsInCertificatesQueue([before.jobId])).toBe(true);

    // … then Redis dies, and two more learners finish the course meanwhile.
    await redis.kill();
    for (const learner of learners.slice(1)) {
      const enrollment = await completeCourse(learner, stack.db.url, COURSE);
      expect(enrollment.completedAt).not.toBeNull();
    }
    const during = await completionRows();
    expect(during.length).toBeGreaterThanOrEqual(3);
    expect(during.filter((r) => r.relayed_at === null).length).toBeGreaterThanOrEqual(2); // nothing could be handed over
    expect(stack.worker.running.child.exitCode).toBeNull(); // the worker waits for Redis, it does not die

    // Redis comes back with nothing in it: the queued job of the first completion is gone too.
    await redis.restart();
    const ids = during.map((r) => r.id);
    // Every completion's effect after Redis returned: its certificate issued (once), its row done.
    const delivered = async () => {
      const { rows } = await sql.query(
        `SELECT o.id::text AS id, o.done_at,
                (SELECT count(*)::int FROM certificate c
                  WHERE c.enrollment_id = (o.payload->>'enrollmentId')::uuid OR c.track_completion_id = (o.payload->>'trackCompletionId')::uuid) AS certificates
           FROM outbox o WHERE o.id = ANY($1::bigint[])`,
        [ids],
      );
      return rows.length === ids.length && rows.every((r) => r.done_at !== null && r.certificates === 1) ? rows : undefined;
    };
    const issued = await until('every completion’s certificate to be issued after Redis returned', delivered, 90_000);
    expect(issued.map((r) => r.certificates)).toEqual(ids.map(() => 1));
    expect((await completionRows()).every((r) => r.relayed_at !== null)).toBe(true);
    const { rows: [certificates] } = await sql.query(`SELECT count(*)::int AS n, count(DISTINCT enrollment_id)::int AS enrollments FROM certificate`);
    expect(certificates.n).toBe(certificates.enrollments); // one per completion, however often its job was sent
  }, 180_000);

  it('finishes the job in flight on SIGTERM, takes no new one, starts no publication, and exits 0 within its grace period', async () => {
    // A purge job that blocks on a row this test holds locked: it is in flight until we let go.
    const { rows } = await sql.query(
      `WITH s AS (INSERT INTO session (staff_id) SELECT id FROM staff WHERE email = 'learner@equip.demo' RETURNING id, staff_id)
       INSERT INTO refresh_token (staff_id, session_id, token_hash, expires_at)
       SELECT staff_id, id, 'sigterm-' || gen_random_uuid(), now() - interval '90 days' FROM s
       RETURNING id`,
    );
    const locker = new Client({ connectionString: stack.db.url });
    await locker.connect();
    const maintenance = queue(QueueName.Maintenance);
    try {
      await locker.query('BEGIN');
      await locker.query(`SELECT 1 FROM refresh_token WHERE id = $1 FOR UPDATE`, [rows[0].id]);
      const inFlight = await maintenance.add(JobName.PurgeExpiredSessions, { olderThanDays: 30 });
      await until('the purge job to be in flight', async () => ((await inFlight.getState()) === 'active' ? true : undefined));
      // A publication in flight too, held before its computation (this test holds its lock). Let go
      // after SIGTERM, it must not start a computation (a minute on this city) the stop would wait for.
      await locker.query(`SELECT pg_advisory_lock(hashtext('report_publication'), hashtext(''))`);
      const job = publishFiguresJob();
      const publishing = await queue(QueueName.Publication).add(job.name, job.data, job.opts);
      await until('the publication job to be in flight', async () => ((await publishing.getState()) === 'active' ? true : undefined));
      const publications = async () => (await sql.query(`SELECT count(*)::int AS n FROM report_publication`)).rows[0].n;
      const stored = await publications();

      const worker = stack.worker.running;
      const signalled = Date.now();
      worker.child.kill('SIGTERM');
      await until('the worker to start stopping', async () => (worker.output().includes('stopping (SIGTERM)') ? true : undefined));
      const later = await maintenance.add(JobName.PurgeExpiredSessions, { olderThanDays: 30 });
      await new Promise((r) => setTimeout(r, 1500));
      expect(worker.child.exitCode).toBeNull(); // still waiting for the job in flight

      await locker.query('COMMIT');
      await locker.query(`SELECT pg_advisory_unlock(hashtext('report_publication'), hashtext(''))`);
      const code = await worker.exited;
      if (code !== 0) process.stderr.write(`the worker's output:\n${worker.output()}\n`);
      expect(code).toBe(0);
      expect(Date.now() - signalled).toBeLessThan(25_000); // runtime's STOP_TIMEOUT_MS
      expect(await publishing.getState()).not.toBe('completed'); // it runs again with the next worker (its retries)
      expect(await publications()).toBe(stored);
      const finished = await maintenance.getJob(inFlight.id!);
      expect(await finished?.getState()).toBe('completed');
      expect(finished?.returnvalue).toMatchObject({ deleted: 1 });
      expect(await later.getState()).toBe('waiting'); // taken by no one: the next worker will
    } finally {
      await locker.end();
    }
  }, 60_000);
});
