import { declarationOf } from '@equip/server/queue';
import { JobName, QueueName } from '@equip/shared/contracts';
import { dailyPattern } from '../reminder-schedule';
import { EmailProcessor } from './email.processor';
import { digestsJobId } from './job-ids';
import { digestPayload, digestsPayload, mailPayload, nudgePayload, sweepPayload } from './payloads';
import { RemindersProcessor, scheduledAt } from './reminders.processor';

describe('reminder and email processors', () => {
  it('declare their jobs on the queues JOB_QUEUE names, for the worker start-up check', () => {
    expect(declarationOf(RemindersProcessor)).toEqual({
      name: 'RemindersProcessor',
      queue: QueueName.Reminders,
      jobs: [JobName.ReminderSweep, JobName.SendDigests, JobName.SendDigest, JobName.SendNudge],
    });
    expect(declarationOf(EmailProcessor)).toEqual({ name: 'EmailProcessor', queue: QueueName.Email, jobs: [JobName.SendMail] });
  });

  it('check payloads, naming what is wrong', () => {
    expect(sweepPayload({})).toEqual({});
    expect(() => sweepPayload({ day: '2026-13-01' })).toThrow(/day must be a date/);
    expect(() => digestPayload({ recipientId: '8f14e45f-ceea-467f-a8d5-a1b2c3d4e5f6', day: '2026-11-30', kind: 'weekly' })).toThrow(/kind must be learner, escalation or nudge/);
    // The outbox row is named by its uid; a nudge id (bigint) may arrive as a number.
    const outboxId = '8f14e45f-ceea-467f-a8d5-a1b2c3d4e5f8';
    expect(nudgePayload({ outboxId, nudgeId: 7, assignmentId: '8f14e45f-ceea-467f-a8d5-a1b2c3d4e5f6', staffId: '8f14e45f-ceea-467f-a8d5-a1b2c3d4e5f7' })).toMatchObject({ outboxId, nudgeId: '7' });
    // An old sequence id (a job from before the uids, or from another database) is refused.
    expect(() => nudgePayload({ outboxId: '12', nudgeId: '7', assignmentId: '8f14e45f-ceea-467f-a8d5-a1b2c3d4e5f6', staffId: '8f14e45f-ceea-467f-a8d5-a1b2c3d4e5f7' })).toThrow(/outboxId must be a uuid/);
    expect(() => mailPayload({ key: 'k', to: 'not an address', subject: 's', html: 'h', text: 't' })).toThrow(/to must be an email address/);
    expect(() => mailPayload({ key: 'k', to: 'a@b.org', subject: 's', html: 'h', text: 't', attachments: [{ filename: 'x.pdf' }] })).toThrow(/attachments\[0\]\.contentType/);
    expect(() => mailPayload({ key: 'k', to: 'a@b.org', subject: 's', html: 'h', text: 't', outboxId: '12' })).toThrow(/outboxId must be a uuid/);
    expect(mailPayload({ key: 'k', to: 'a@b.org', subject: 's', html: 'h', text: 't', outboxId: '8f14e45f-ceea-467f-a8d5-a1b2c3d4e5f6' }).outboxId).toBe('8f14e45f-ceea-467f-a8d5-a1b2c3d4e5f6');
  });

  it('check a chunk of digests: staff ids, each once, at most DIGEST_CHUNK_MAX, a daily kind', () => {
    const a = '8f14e45f-ceea-467f-a8d5-a1b2c3d4e5f6';
    const b = '8f14e45f-ceea-467f-a8d5-a1b2c3d4e5f7';
    expect(digestsPayload({ day: '2026-11-30', kind: 'learner', recipientIds: [a, b] })).toEqual({ day: '2026-11-30', kind: 'learner', recipientIds: [a, b] });
    expect(() => digestsPayload({ day: '2026-11-30', kind: 'learner', recipientIds: [] })).toThrow(/recipientIds must be a list of 1 to 200 staff ids/);
    expect(() => digestsPayload({ day: '2026-11-30', kind: 'learner', recipientIds: [a, 'nobody'] })).toThrow(/recipientIds must be a list/);
    expect(() => digestsPayload({ day: '2026-11-30', kind: 'learner', recipientIds: Array.from({ length: 201 }, (_, i) => a.slice(0, -3) + String(i).padStart(3, '0')) })).toThrow(/1 to 200/);
    expect(() => digestsPayload({ day: '2026-11-30', kind: 'learner', recipientIds: [a, a] })).toThrow(/each person once/);
    expect(() => digestsPayload({ day: '2026-11-30', kind: 'nudge', recipientIds: [a] })).toThrow(/kind must be learner or escalation/);
    expect(() => digestsPayload({ day: 'today', kind: 'learner', recipientIds: [a] })).toThrow(/day must be a date/);
  });

  it('give a chunk an id of its own recipients: the same chunk the same id, any other set another', () => {
    const a = '8f14e45f-ceea-467f-a8d5-a1b2c3d4e5f6';
    const b = '8f14e45f-ceea-467f-a8d5-a1b2c3d4e5f7';
    const id = digestsJobId('learner', '2026-11-30', 'db1', [a, b]);
    expect(id).toMatch(/^digests-learner-2026-11-30-db1-[A-Za-z0-9_-]{22}$/);
    expect(digestsJobId('learner', '2026-11-30', 'db1', [a, b])).toBe(id);
    expect(new Set([id, digestsJobId('learner', '2026-11-30', 'db1', [a]), digestsJobId('learner', '2026-11-30', 'db2', [a, b]), digestsJobId('escalation', '2026-11-30', 'db1', [a, b]), digestsJobId('learner', '2026-12-01', 'db1', [a, b])]).size).toBe(5);
  });

  it('read the day of a scheduled occurrence, and turn REMINDER_TIME into a daily pattern', () => {
    expect(scheduledAt({ opts: { prevMillis: Date.UTC(2026, 10, 30, 12) } as never, timestamp: 0 }).toISOString()).toBe('2026-11-30T12:00:00.000Z');
    expect(scheduledAt({ opts: { delay: 1000 }, timestamp: Date.UTC(2026, 10, 30) }).toISOString()).toBe('2026-11-30T00:00:01.000Z');
    expect(dailyPattern('07:00')).toBe('0 7 * * *');
    expect(dailyPattern('18:45')).toBe('45 18 * * *');
  });
});
