import { createDataSource } from '@equip/server/database';
import { createTestDatabase, dropRedisPrefix, TEST_REDIS_URL, until, type TestDatabase } from '@equip/server/testing';
import { JobName, QueueName } from '@equip/shared/contracts';
import { Job, Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { PublicationStore } from '../protection/publication.store';
import { publishFiguresJob } from '../protection/publish-figures.payload';
import { PublishFiguresProcessor } from './publish-figures.processor';

/**
 * One publication job waits at a time (a double click is one job), and a request made while one is
 * computing queues the next: that one read its counts before the request's change (a roster feed
 * applied meanwhile). On a real BullMQ queue and a real (migrated, empty) database; the computation
 * is kept "under way" by holding the advisory lock every process takes before computing one.
 */
describe('PublishFiguresProcessor', () => {
  const prefix = `equip-test-${randomBytes(4).toString('hex')}`;
  const queue = new Queue(QueueName.Publication, { connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null }, prefix: `{${prefix}}` });
  let db: TestDatabase;
  let ds: DataSource;
  let store: PublicationStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource({ databaseUrl: db.url }).initialize();
    store = new PublicationStore(ds);
  });

  afterAll(async () => {
    await store?.stop();
    await ds?.destroy();
    await db?.drop();
    await queue.close();
    await dropRedisPrefix(TEST_REDIS_URL, prefix);
  });

  const ask = async (exact?: Set<string>) => {
    const job = publishFiguresJob(exact);
    return queue.add(job.name, job.data, job.opts);
  };
  const waiting = async () => (await queue.getJobs(['waiting'])).filter((j) => j.name === JobName.PublishFigures);

  it('keeps one waiting job per publication, and queues the next once one has started', async () => {
    const first = await ask();
    expect((await ask()).id).toBe(first.id);
    const lead = await ask(new Set(['6f0e3f64-52a4-4a43-9c2c-2b8d8b4ad1f0']));
    expect(lead.id).not.toBe(first.id);
    expect(await waiting()).toHaveLength(2);

    // Another process is computing the base publication: this job starts, then waits for it.
    const other = new Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query(`SELECT pg_advisory_lock(hashtext('report_publication'), hashtext(''))`);
      const processor = new PublishFiguresProcessor(store, queue);
      const done = processor.process((await queue.getJob(first.id as string)) as Job);
      await until('the job to wait for the lock', async () => ((await other.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)).rowCount === 1 ? true : undefined));
      // Started: a request now is for figures it may not hold, so it is a new job, and only one.
      const next = await ask();
      expect(next.id).not.toBe(first.id);
      expect((await ask()).id).toBe(next.id);
      await other.query(`SELECT pg_advisory_unlock(hashtext('report_publication'), hashtext(''))`);
      await expect(done).resolves.toEqual({ publicationId: expect.any(String), figures: 0 });
    } finally {
      await other.end();
    }
  });
});
