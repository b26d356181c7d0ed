import type { AppConfig } from '@equip/server/config';
import { createDataSource, markOutboxDone } from '@equip/server/database';
import { bullPrefix } from '@equip/server/queue';
import { createTestDatabase, dropRedisPrefix, TestDatabase, testConfig, until } from '@equip/server/testing';
import { JobName, QueueName } from '@equip/shared/contracts';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { OUTBOX_BATCH, OutboxRelay } from './outbox-relay';

/** The relay against real PostgreSQL (the migration's trigger and index) and real Redis. */
jest.setTimeout(30_000);

describe('OutboxRelay', () => {
  let db: TestDatabase;
  let config: AppConfig;
  let dataSource: DataSource;
  let sql: Client;
  const queues = new Map<QueueName, Queue>();
  const relays: OutboxRelay[] = [];

  const relay = (overrides: Partial<AppConfig> = {}) => {
    const r = new OutboxRelay(dataSource, { ...config, ...overrides });
    relays.push(r);
    return r;
  };
  const queue = (name: QueueName) => {
    if (!queues.has(name)) queues.set(name, new Queue(name, { connection: { url: config.redisUrl }, prefix: bullPrefix(config.queuePrefix) }));
    return queues.get(name)!;
  };
  const insert = async (event: string, payload: object, count = 1): Promise<string[]> => {
    const { rows } = await sql.query(
      `INSERT INTO outbox (event, payload) SELECT $1, $2::jsonb FROM generate_series(1, $3) RETURNING id::text AS id`,
      [event, JSON.stringify(payload), count],
    );
    return rows.map((r) => r.id as string);
  };
  const row = async (id: string) => (await sql.query(`SELECT uid::text AS uid, relayed_at, done_at FROM outbox WHERE id = $1`, [id])).rows[0];
  /** The row's random uid, what its jobs and their payloads name it by. */
  const uid = async (id: string): Promise<string> => (await row(id)).uid;
  /** The job id of a row's `handover`th hand-over. */
  const jobId = async (id: string, handover = 1) => `outbox-${await uid(id)}-${handover}`;
  const age = (ids: string[], seconds: number) =>
    sql.query(`UPDATE outbox SET relayed_at = relayed_at - make_interval(secs => $2) WHERE id = ANY($1::bigint[])`, [ids, seconds]);
  beforeAll(async () => {
    db = await createTestDatabase();
    // The timer is slow on purpose: a row that moves quickly was moved by NOTIFY.
    config = testConfig({ databaseUrl: db.url, databaseReadUrl: db.url, outboxPollSeconds: 3600, outboxResendSeconds: 60 });
    dataSource = await createDataSource({ databaseUrl: db.url, applicationName: 'equip-outbox-test' }).initialize();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await sql.query(`UPDATE outbox SET done_at = now() WHERE done_at IS NULL`);
  });

  afterAll(async () => {
    await Promise.all([...queues.values()].map((q) => q.close()));
    await sql.end();
    await dataSource.destroy();
    await db.drop();
    await dropRedisPrefix(config.redisUrl, config.queuePrefix);
  });

  it('hands each row to its queue with job id outbox-<uid>-<hand-over> and the row uid in the payload, and stamps it', async () => {
    const staffId = randomUUID();
    const [course] = await insert('course.completed', { enrollmentId: 'e1', staffId, courseVersionId: 'v1' });
    const [track] = await insert('track.completed', { trackCompletionId: 't1', staffId, trackId: 'tr1' });
    const [nudge] = await insert('assignment.nudged', { nudgeId: 'n1', assignmentId: 'a1', staffId });
    const [invite] = await insert('staff.invited', { staffId });
    const [unknown] = await insert('something.new', { x: 1 });

    const result = await relay().relayBatch();
    expect(result).toMatchObject({ claimed: 5, relayed: 4, unknown: 1 });

    const job = async (name: QueueName, id: string) => queue(name).getJob(await jobId(id));
    expect(await job(QueueName.Certificates, course)).toMatchObject({
      name: JobName.IssueCertificate,
      data: { outboxId: await uid(course), kind: 'course', enrollmentId: 'e1', staffId, courseVersionId: 'v1' },
    });
    expect(await job(QueueName.Certificates, track)).toMatchObject({
      name: JobName.IssueCertificate,
      data: { outboxId: await uid(track), kind: 'track', trackCompletionId: 't1', staffId, trackId: 'tr1' },
    });
    expect(await job(QueueName.Reminders, nudge)).toMatchObject({
      name: JobName.SendNudge,
      data: { outboxId: await uid(nudge), nudgeId: 'n1', assignmentId: 'a1', staffId },
    });
    expect(await job(QueueName.Invitations, invite)).toMatchObject({ name: JobName.SendInvitation, data: { outboxId: await uid(invite), staffId } });
    // Finished jobs are trimmed, failed ones retried with back-off (BullMQ's production advice).
    expect((await job(QueueName.Invitations, invite))?.opts).toMatchObject({ attempts: 5, backoff: { type: 'exponential' } });

    for (const id of [course, track, nudge, invite, unknown]) expect(await row(id)).toMatchObject({ relayed_at: expect.any(Date), done_at: null });
    // Nothing is due again until the resend interval has passed.
    expect((await relay().relayBatch()).claimed).toBe(0);
  });

  it('never lets two relays claim the same row', async () => {
    const ids = await insert('staff.invited', { staffId: randomUUID() }, OUTBOX_BATCH * 2 + 50);

    // A relay in the middle of its batch holds the first rows; another relay takes the next ones.
    const other = new Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      const held = await other.query(
        `SELECT id::text AS id FROM outbox WHERE done_at IS NULL AND relayed_at IS NULL ORDER BY outbox.id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [OUTBOX_BATCH],
      );
      const second = await relay().relayBatch();
      expect(second.claimed).toBe(OUTBOX_BATCH);
      expect(second.ids.filter((id) => held.rows.some((r) => r.id === id))).toEqual([]);
      expect(second.ids).toEqual(ids.slice(OUTBOX_BATCH, OUTBOX_BATCH * 2));
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }

    // And two relays draining at the same time share the rest without overlap.
    const seen: string[][] = [[], []];
    const drain = async (r: OutboxRelay, into: string[]) => {
      for (;;) {
        const { ids: claimed } = await r.relayBatch();
        if (claimed.length === 0) return;
        into.push(...claimed);
      }
    };
    await Promise.all([drain(relay(), seen[0]), drain(relay(), seen[1])]);
    expect(seen[0].filter((id) => seen[1].includes(id))).toEqual([]);
    expect([...seen[0], ...seen[1]].sort()).toEqual([...ids.slice(0, OUTBOX_BATCH), ...ids.slice(OUTBOX_BATCH * 2)].sort());
    expect(await queue(QueueName.Invitations).getJobCountByTypes('waiting', 'prioritized', 'delayed')).toBeGreaterThanOrEqual(ids.length);
  });

  it('sends a row again when it is not done within the resend interval, and never once it is done', async () => {
    const r = relay();
    const [pending, done] = await insert('staff.invited', { staffId: randomUUID() }, 2);
    expect((await r.relayBatch()).ids).toEqual([pending, done]);
    const doneUid = await uid(done);
    await dataSource.transaction((manager) => markOutboxDone(manager, doneUid));

    await age([pending, done], 30);
    expect((await r.relayBatch()).claimed).toBe(0);
    await age([pending, done], 31);
    const before = (await row(pending)).relayed_at as Date;
    expect((await r.relayBatch()).ids).toEqual([pending]);
    expect(((await row(pending)).relayed_at as Date).getTime()).toBeGreaterThan(before.getTime());
    // Each hand-over is a job of its own (a restored database may hand over a row whose first job
    // Redis still keeps as done); the processor records the effect once, whichever job runs first.
    const pendingUid = await uid(pending);
    const ids = (await queue(QueueName.Invitations).getJobs(['waiting'])).map((j) => j.id ?? '');
    expect(ids.filter((id) => id.startsWith(`outbox-${pendingUid}-`)).sort()).toEqual([`outbox-${pendingUid}-1`, `outbox-${pendingUid}-2`]);
    expect(ids.filter((id) => id.startsWith(`outbox-${doneUid}-`))).toEqual([`outbox-${doneUid}-1`]);
  });

  it('sends again a row whose job was lost with Redis', async () => {
    const r = relay();
    const [id] = await insert('course.completed', { enrollmentId: 'e9', staffId: randomUUID(), courseVersionId: 'v9' });
    await r.relayBatch();
    expect(await queue(QueueName.Certificates).getJob(await jobId(id))).toBeDefined();

    await dropRedisPrefix(config.redisUrl, config.queuePrefix); // as if Redis restarted empty
    expect(await queue(QueueName.Certificates).getJob(await jobId(id))).toBeUndefined();
    await age([id], 61);
    expect((await r.relayBatch()).ids).toEqual([id]);
    expect(await queue(QueueName.Certificates).getJob(await jobId(id, 2))).toMatchObject({ data: { outboxId: await uid(id), enrollmentId: 'e9' } });
  });

  it('rolls back when Redis refuses, so the rows wait for the next wake', async () => {
    const [id] = await insert('staff.invited', { staffId: randomUUID() });
    const offline = relay({ redisUrl: 'redis://127.0.0.1:1' });
    const started = Date.now();
    await expect(offline.relayBatch()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await row(id)).toMatchObject({ relayed_at: null, done_at: null });

    expect((await relay().relayBatch()).ids).toEqual([id]);
    expect(await queue(QueueName.Invitations).getJob(await jobId(id))).toBeDefined();
  });

  it('is woken by NOTIFY well before its next poll', async () => {
    const r = relay();
    r.start();
    await until('the relay to listen', async () => (r.listening ? true : undefined), 5000);
    await r.idle();
    const started = Date.now();
    const [id] = await insert('staff.invited', { staffId: randomUUID() });
    const expected = await jobId(id);
    await until('the invitation job', async () => (await queue(QueueName.Invitations).getJob(expected)) ?? undefined, 2000);
    expect(Date.now() - started).toBeLessThan(2000); // the poll interval is an hour
  });

  it('listens again after PostgreSQL drops its LISTEN connection', async () => {
    const r = relay();
    r.start();
    await until('the relay to listen', async () => (r.listening ? true : undefined), 5000);
    await sql.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'equip-outbox-listener' AND datname = current_database()`);
    await until('the relay to stop listening', async () => (r.listening ? undefined : true), 5000);
    await until('the relay to listen again', async () => (r.listening ? true : undefined), 10_000);
    await r.idle();
    const [id] = await insert('staff.invited', { staffId: randomUUID() });
    const expected = await jobId(id);
    await until('the invitation job', async () => (await queue(QueueName.Invitations).getJob(expected)) ?? undefined, 2000);
  });
});
