import { dropRedisPrefix, TEST_REDIS_URL } from '@equip/server/testing';
import { JobName, QueueName } from '@equip/shared/contracts';
import { Job, Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import type { PublicationStore } from '../protection/publication.store';
import { publishFiguresJob } from '../protection/publish-figures.payload';
import { PublishFiguresProcessor } from './publish-figures.processor';

/**
 * One publication job waits at a time (a double click is one job), and a request made while one is
 * computing queues the next: that one read its counts before the request's change (a roster feed
 * applied meanwhile). On a real BullMQ queue; the store only stands in for the computation's length.
 */
describe('PublishFiguresProcessor', () => {
  const prefix = `equip-test-${randomBytes(4).toString('hex')}`;
  const queue = new Queue(QueueName.Publication, { connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null }, prefix: `{${prefix}}` });

  afterAll(async () => {
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
    const again = await ask();
    expect(again.id).toBe(first.id);
    const lead = await ask(new Set(['6f0e3f64-52a4-4a43-9c2c-2b8d8b4ad1f0']));
    expect(lead.id).not.toBe(first.id);
    expect(await waiting()).toHaveLength(2);

    let release!: () => void;
    const computing = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const begun = new Promise<void>((resolve) => (started = resolve));
    const store = {
      publishAll: async () => {
        started();
        await computing;
        return { id: 'p1', stats: { figures: 10 } };
      },
    } as unknown as PublicationStore;
    const processor = new PublishFiguresProcessor(store, queue);
    const job = (await queue.getJob(first.id as string)) as Job;
    const done = processor.process(job);
    await begun;
    // While it computes, a request is for figures it may not hold: a new job, and only one.
    const next = await ask();
    expect(next.id).not.toBe(first.id);
    expect((await ask()).id).toBe(next.id);
    release();
    await expect(done).resolves.toEqual({ publicationId: 'p1', figures: 10 });
  });
});
