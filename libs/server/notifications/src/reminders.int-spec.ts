import { SmtpCatcher, startSmtpCatcher } from '@equip/server/testing';
import { JobName } from '@equip/shared/contracts';
import { assignmentStatus } from '@equip/shared/domain';
import { addDays } from './city-day';
import { drained, perRecipient, ReminderCity, reminderCity, ReminderWorker, reminderWorker } from './testing/reminder-city';

/**
 * The daily sweep end to end on PostgreSQL, Redis (real BullMQ workers) and a real SMTP server:
 * who is reminded of what, what the digests say, and that nobody gets a mail twice.
 */
jest.setTimeout(60_000);

describe('daily reminder sweep', () => {
  let city: ReminderCity;
  let smtp: SmtpCatcher;
  let worker: ReminderWorker;
  const mailOf = (key: string) => smtp.messages.filter((m) => m.envelope.to.includes(`${key.toLowerCase()}@city.example`));
  const a: Record<string, string> = {};

  beforeAll(async () => {
    city = await reminderCity();
    smtp = await startSmtpCatcher();
    worker = await reminderWorker(city, smtp);
    for (const key of ['ANA', 'BEN', 'DEE', 'EVE', 'FAY', 'HAL']) await city.person(key, 'TES');
    await city.person('CAL', 'TES', false);
    await city.person('GUS', 'APD');
    a.anaSoon = await city.assign('ANA', { course: 'equity-basics' }, 6, 'cohort'); // within 7 days
    a.anaToday = await city.assign('ANA', { track: true }, 0, 'cohort');
    a.anaLate = await city.assign('ANA', { course: 'community-engagement' }, -20, 'cohort'); // overdue, escalates
    a.benTomorrow = await city.assign('BEN', { course: 'equity-basics' }, 1, 'cohort');
    a.benLate = await city.assign('BEN', { course: 'community-engagement' }, -15, 'person'); // escalates, assigned directly
    a.benFar = await city.assign('BEN', { track: true }, 30, 'cohort'); // beyond every threshold
    await city.assign('CAL', { course: 'equity-basics' }, -20, 'cohort'); // inactive
    await city.assign('DEE', { course: 'equity-basics' }, -20, 'cohort', { exempt: true });
    await city.assign('EVE', { course: 'equity-basics' }, -20, 'cohort', { completed: true });
    a.fayOptional = await city.assign('FAY', { course: 'equity-basics' }, 1, 'self'); // optional, email turned off
    await city.query(`INSERT INTO notification_preference (staff_id, optional_training_email) VALUES ($1, false)`, [city.people.FAY]);
    await city.assign('GUS', { course: 'equity-basics' }, -20, 'person'); // LEAD does not lead APD: no escalation
    await city.assign('HAL', { course: 'equity-basics' }, null, 'self'); // no due date
  });

  afterAll(async () => {
    await worker.close();
    await smtp.close();
    await city.close();
  });

  it('records each reminder once in the ledger, by kind and threshold, for the right people', async () => {
    const result = await worker.sweeps.sweep(city.today);
    expect(result.recorded).toEqual({ due_soon: 3, due_today: 1, overdue: 3, escalation: 2 });
    const rows = await city.query<{ dedup_key: string; kind: string; threshold: number | null; recipient_id: string; delivery: string; day: string }>(
      `SELECT dedup_key, kind, threshold, recipient_id, delivery, day::text AS day FROM notification ORDER BY dedup_key`,
    );
    const of = (assignmentId: string) => rows.filter((r) => r.dedup_key.includes(assignmentId));
    expect(of(a.anaSoon)).toEqual([expect.objectContaining({ kind: 'due_soon', threshold: 7, dedup_key: `due_soon:${a.anaSoon}:1:7`, day: city.today })]);
    expect(of(a.anaToday)).toEqual([expect.objectContaining({ kind: 'due_today', threshold: null })]);
    expect(of(a.anaLate).map((r) => [r.kind, r.threshold, r.recipient_id]).sort()).toEqual(
      [['escalation', null, city.people.LEAD], ['overdue', 2, city.people.ANA]].sort(), // 20 days late, repeating every 7: the third overdue reminder
    );
    expect(of(a.benTomorrow)).toEqual([expect.objectContaining({ kind: 'due_soon', threshold: 1 })]);
    expect(of(a.benFar)).toEqual([]);
    expect(of(a.fayOptional)).toEqual([expect.objectContaining({ kind: 'due_soon', delivery: 'not_sent' })]);
    const recipients = new Set(rows.map((r) => r.recipient_id));
    for (const key of ['CAL', 'DEE', 'EVE', 'HAL']) expect(recipients.has(city.people[key])).toBe(false);
    expect(rows.filter((r) => r.recipient_id === city.people.LEAD)).toHaveLength(2);
    expect(result.digests).toBe(4); // ANA, BEN, GUS learner digests; LEAD's escalation digest
  });

  it('agrees with the one status rule on what is overdue at the sweep instant', async () => {
    const rows = await city.query<{ kind: string; due_on: string }>(
      `SELECT n.kind, to_char(a.due_on, 'YYYY-MM-DD') AS due_on FROM notification n JOIN assignment a ON a.id = n.assignment_id WHERE n.kind IN ('due_soon', 'due_today', 'overdue')`,
    );
    const asOf = worker.sweeps.window(city.today).asOf;
    for (const row of rows) {
      const status = assignmentStatus({ dueOn: row.due_on, completedAt: null, exemptedAt: null, startedAt: null }, asOf, city.config.cityTimeZone);
      expect([row.kind, status === 'overdue']).toEqual([row.kind, row.kind === 'overdue']);
    }
  });

  it('mails one digest per recipient listing all their items, with both parts and direct links', async () => {
    worker.start();
    await drained(worker.reminders);
    expect(perRecipient(smtp)).toEqual({ 'ana@city.example': 1, 'ben@city.example': 1, 'gus@city.example': 1, 'lead@city.example': 1 });

    const [ana] = mailOf('ANA');
    expect(ana.subject).toBe('Your training reminders: 3 trainings need your attention');
    expect(ana.headers['from']).toBe('Equip <no-reply@equip.localhost>');
    for (const part of [ana.text!, ana.html!]) {
      expect(part).toContain('https://equip.city.example/learn/courses/equity-basics');
      expect(part).toContain('https://equip.city.example/learn/courses/community-engagement');
      expect(part).toContain('https://equip.city.example/learn/tracks/all-staff-foundations');
      expect(part).toContain('Equity foundations for all staff');
      expect(part).toMatch(/Due in 6 days, on/);
      expect(part).toMatch(/Overdue: it was due \w+day, \w+ \d+, \d{4} \(20 days ago\)/);
    }
    expect(ana.html).toMatch(/<html lang="en"/);
    expect(ana.html).toMatch(/<h2 [^>]*>Overdue<\/h2>[\s\S]*Community engagement[\s\S]*<h2 [^>]*>Due soon<\/h2>/);
    expect(ana.html).toMatch(/<a href="https:\/\/equip\.city\.example\/learn\/courses\/equity-basics"[^>]*>Equity basics \(open the course\)<\/a>/);
    expect(ana.text).toContain('See all your notifications: https://equip.city.example/learn/notifications');

    const [ben] = mailOf('BEN');
    expect(ben.text).toMatch(/Due in 1 day, on/);
    expect(ben.text).not.toContain('all-staff-foundations'); // due in 30 days: not yet

    const [lead] = mailOf('LEAD');
    expect(lead.subject).toBe('Overdue training in your team: 2 people');
    expect(lead.html).toMatch(/<h2 [^>]*>Cohort: Field crews<\/h2>[\s\S]*Ana Test: Community engagement[\s\S]*<h2 [^>]*>Assigned to people directly<\/h2>[\s\S]*Ben Test: Community engagement/);
    expect(lead.text).toContain(`https://equip.city.example/lead/cohorts/${city.cohortId}`);
    expect(lead.text).toContain(`https://equip.city.example/lead/people/${city.people.BEN}`);
    expect(lead.text).not.toContain('Gus');

    const delivered = await city.query<{ delivery: string; n: number }>(`SELECT delivery, count(*)::int AS n FROM notification GROUP BY delivery ORDER BY 1`);
    expect(delivered).toEqual([{ delivery: 'not_sent', n: 1 }, { delivery: 'sent', n: 8 }]);
    expect(await city.query(`SELECT key FROM mail_delivery ORDER BY key`)).toHaveLength(4);
  });

  it('sends nothing more when the sweep runs again the same day, or a digest job is retried', async () => {
    const again = await worker.sweeps.sweep(city.today);
    expect(again.recorded).toEqual({ due_soon: 0, due_today: 0, overdue: 0, escalation: 0 });
    await worker.reminders.add(JobName.SendDigest, { recipientId: city.people.ANA, day: city.today, kind: 'learner' }, { jobId: 'retry-by-hand' });
    await drained(worker.reminders);
    expect(smtp.messages).toHaveLength(4);
  });

  it('drops a reminder whose work was completed before its digest went out, and mails the rest', async () => {
    const tomorrow = addDays(city.today, 1);
    await worker.sweeps.record(tomorrow);
    // Tomorrow ANA's track is overdue (first overdue reminder) and her late course reaches its fourth.
    const pending = await city.query<{ assignment_id: string; kind: string; threshold: number }>(
      `SELECT assignment_id, kind, threshold FROM notification WHERE recipient_id = $1 AND day = $2 ORDER BY kind, threshold`,
      [city.people.ANA, tomorrow],
    );
    expect(pending).toEqual([
      { assignment_id: a.anaToday, kind: 'overdue', threshold: 0 },
      { assignment_id: a.anaLate, kind: 'overdue', threshold: 3 },
    ]);
    await city.query(`UPDATE assignment SET completed_at = now() WHERE id = $1`, [a.anaToday]);
    await worker.sweeps.enqueuePending(tomorrow);
    await drained(worker.reminders);
    const latest = mailOf('ANA').at(-1)!;
    expect(mailOf('ANA')).toHaveLength(2);
    expect(latest.subject).toBe('Reminder: Community engagement is overdue');
    expect(latest.text).not.toContain('Equity foundations for all staff');
    expect(await city.query(`SELECT delivery FROM notification WHERE assignment_id = $1 AND day = $2`, [a.anaToday, tomorrow])).toEqual([{ delivery: 'not_sent' }]);
  });

  it('refuses a malformed payload without retrying', async () => {
    const job = await worker.reminders.add(JobName.SendDigest, { recipientId: 'nobody', day: 'today', kind: 'learner' } as never);
    await drained(worker.reminders);
    const failed = await worker.reminders.getJob(job.id!);
    expect(await failed!.getState()).toBe('failed');
    expect(failed!.failedReason).toMatch(/recipientId must be a staff id/);
    expect(failed!.attemptsMade).toBe(1);
  });
});
