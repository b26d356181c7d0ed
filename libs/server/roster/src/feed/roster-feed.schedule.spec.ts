import { testConfig } from '@equip/server/testing';
import { JobName } from '@equip/shared/contracts';
import type { Queue } from 'bullmq';
import { feedPattern, RosterFeedSchedule } from './roster-feed.schedule';

/** What the schedule asks of its queue (BullMQ's own Queue is exercised by the e2e journey). */
function recordingQueue() {
  const calls: { method: string; args: unknown[] }[] = [];
  const queue = {
    upsertJobScheduler: async (...args: unknown[]) => void calls.push({ method: 'upsert', args }),
    removeJobScheduler: async (...args: unknown[]) => void calls.push({ method: 'remove', args }),
  } as unknown as Queue;
  return { queue, calls };
}

describe('the roster feed schedule', () => {
  it('turns ROSTER_FEED_TIME into a daily pattern', () => {
    expect(feedPattern('02:30')).toBe('30 2 * * *');
    expect(feedPattern('23:05')).toBe('5 23 * * *');
  });

  it('is declared at ROSTER_FEED_TIME in the city time zone only when ROSTER_FEED_DIR is set, and removed otherwise', async () => {
    const config = testConfig();
    const off = recordingQueue();
    await new RosterFeedSchedule(off.queue, { ...config, roster: { ...config.roster, feedDir: null } }).onApplicationBootstrap();
    expect(off.calls).toEqual([{ method: 'remove', args: [JobName.RosterFeed] }]);

    const on = recordingQueue();
    await new RosterFeedSchedule(on.queue, { ...config, cityTimeZone: 'America/New_York', roster: { ...config.roster, feedDir: '/srv/hr', feedTime: '01:15' } }).onApplicationBootstrap();
    expect(on.calls).toEqual([
      {
        method: 'upsert',
        args: [JobName.RosterFeed, { pattern: '15 1 * * *', tz: 'America/New_York' }, expect.objectContaining({ name: JobName.RosterFeed, data: {} })],
      },
    ]);
  });
});
