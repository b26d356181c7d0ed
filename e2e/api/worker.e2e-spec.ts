import { JobName, QueueName } from '@equip/shared/contracts';
import { Queue, QueueEvents } from 'bullmq';
import { Client } from 'pg';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2e } from '../support/environment';
import { until } from '../support/processes';

/** The real worker process picks jobs off its queues and records their effect. */
describe('worker', () => {
  const { redisUrl, queuePrefix, databaseUrl } = e2e();
  const connection = { url: redisUrl, maxRetriesPerRequest: null };
  let queue: Queue;
  let events: QueueEvents;

  beforeAll(async () => {
    queue = new Queue(QueueName.Maintenance, { connection, prefix: `{${queuePrefix}}` });
    events = new QueueEvents(QueueName.Maintenance, { connection, prefix: `{${queuePrefix}}` });
    await events.waitUntilReady();
  });

  afterAll(async () => {
    await events.close();
    await queue.close();
  });

  it('declares the daily maintenance schedule in the city time zone', async () => {
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: JobName.PurgeExpiredSessions, pattern: '0 3 * * *', tz: 'America/New_York' }),
        expect.objectContaining({ key: JobName.RefreshDateRuleCohorts, pattern: '0 2 * * *', tz: 'America/New_York' }),
        expect.objectContaining({ key: JobName.SnapshotProgression, pattern: '30 3 * * *', tz: 'America/New_York' }),
      ]),
    );
    // The nightly publication has a queue of its own (minutes on a big city: nothing here waits behind it).
    expect(schedulers.map((s) => s.key)).not.toContain(JobName.PublishFigures);
    const publication = new Queue(QueueName.Publication, { connection, prefix: `{${queuePrefix}}` });
    try {
      expect(await publication.getJobSchedulers()).toEqual([expect.objectContaining({ key: JobName.PublishFigures, pattern: '15 4 * * *', tz: 'America/New_York' })]);
    } finally {
      await publication.close();
    }
  });

  it('takes this month’s progression snapshot of every department, and replaces it when run again', async () => {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const first = await (await queue.add(JobName.SnapshotProgression, {})).waitUntilFinished(events, 30_000);
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM department WHERE kind = 'department'`);
      expect(first.departments).toBe(rows[0].n);
      await (await queue.add(JobName.SnapshotProgression, {})).waitUntilFinished(events, 30_000);
      const snapshots = await client.query(`SELECT count(*)::int AS n FROM progression_snapshot WHERE month = date_trunc('month', now())::date`);
      expect(snapshots.rows[0].n).toBe(rows[0].n);
    } finally {
      await client.end();
    }
  });

  it('refreshes the rule cohorts that depend on the date', async () => {
    const job = await queue.add(JobName.RefreshDateRuleCohorts, {});
    expect(await job.waitUntilFinished(events, 20_000)).toEqual({ cohorts: expect.any(Number), joined: expect.any(Number), left: expect.any(Number) });
  });

  it('relays an invitation from the outbox and mails it from the worker, once', async () => {
    const { mailDir } = e2e();
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const email = `worker.invite.${Date.now()}@equip.test`;
      const { rows } = await client.query(
        `WITH person AS (
           INSERT INTO staff (employee_id, email, first_name, last_name, department_id)
           VALUES ('E2E-W' || substr(md5($1), 1, 8), $1, 'Wren', 'Okafor', (SELECT id FROM department WHERE code = 'HR')) RETURNING id)
         INSERT INTO outbox (event, payload) SELECT 'staff.invited', jsonb_build_object('staffId', id) FROM person RETURNING id::text AS id`,
        [email],
      );
      const outboxId = rows[0].id as string;
      const done = await until('the invitation to be done', async () => {
        const row = (await client.query(`SELECT relayed_at, done_at FROM outbox WHERE id = $1::bigint`, [outboxId])).rows[0];
        return row.done_at ? row : undefined;
      });
      expect(done.relayed_at).not.toBeNull();
      const mails = readdirSync(mailDir).filter((f) => readFileSync(join(mailDir, f), 'utf8').includes(email));
      expect(mails).toHaveLength(1);
      expect(readFileSync(join(mailDir, mails[0]), 'utf8')).toMatch(/Subject: Set your password for Equip/);
    } finally {
      await client.end();
    }
  });

  it('purges refresh tokens that expired long ago and keeps current ones', async () => {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT id FROM staff WHERE email = 'learner@equip.demo'`);
      await client.query(
        `WITH s AS (INSERT INTO session (staff_id) VALUES ($1) RETURNING id)
         INSERT INTO refresh_token (staff_id, session_id, token_hash, expires_at)
         SELECT $1, s.id, 'old-' || gen_random_uuid(), now() - interval '90 days' FROM s
         UNION ALL
         SELECT $1, s.id, 'new-' || gen_random_uuid(), now() + interval '10 days' FROM s`,
        [rows[0].id],
      );
      const job = await queue.add(JobName.PurgeExpiredSessions, { olderThanDays: 30 });
      const result = await job.waitUntilFinished(events, 20_000);
      expect(result.deleted).toBeGreaterThanOrEqual(1);
      const left = await client.query(`SELECT count(*)::int AS n FROM refresh_token WHERE token_hash LIKE 'old-%'`);
      expect(left.rows[0].n).toBe(0);
      const kept = await client.query(`SELECT count(*)::int AS n FROM refresh_token WHERE token_hash LIKE 'new-%'`);
      expect(kept.rows[0].n).toBe(1);
    } finally {
      await client.end();
    }
  });

  it('fails a job whose payload is invalid, and keeps it visible', async () => {
    const job = await queue.add(JobName.PurgeExpiredSessions, { olderThanDays: -1 } as never, { attempts: 1 });
    await expect(job.waitUntilFinished(events, 20_000)).rejects.toThrow(/olderThanDays/);
    expect(await (await queue.getJob(job.id!))?.getState()).toBe('failed');
  });
});
