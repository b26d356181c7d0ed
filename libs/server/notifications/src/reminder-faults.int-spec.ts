import { SmtpCatcher, startSmtpCatcher } from '@equip/server/testing';
import { drained, perRecipient, ReminderCity, reminderCity, reminderWorker } from './testing/reminder-city';

jest.setTimeout(60_000);

const CREW = 40;

/** A crew of CREW people in TES, each with one cohort assignment due tomorrow and one 20 days overdue. */
async function crew(city: ReminderCity): Promise<string[]> {
  const rows = await city.query<{ email: string }>(
    `WITH people AS (
       INSERT INTO staff (employee_id, email, first_name, last_name, department_id)
       SELECT 'C' || i, 'crew' || i || '@city.example', 'Crew', 'Member ' || i, $1 FROM generate_series(1, ${CREW}) i RETURNING id, email),
     due AS (
       INSERT INTO assignment (staff_id, course_id, due_on, sources)
       SELECT p.id, c.id, $2::date + d, jsonb_build_array(jsonb_build_object('kind', 'cohort', 'cohortId', $3::text, 'cohortAssignmentId', $4::text))
         FROM people p CROSS JOIN (VALUES ('equity-basics', 1), ('community-engagement', -20)) AS s (slug, d) JOIN course c ON c.slug = s.slug RETURNING 1)
     SELECT email FROM people, (SELECT count(*) FROM due) AS written`,
    [city.dept.TES, city.today, city.cohortId, city.cohortAssignmentId],
  );
  return rows.map((r) => r.email);
}

const everyoneOnce = (emails: string[]) => Object.fromEntries([...emails, 'lead@city.example'].map((e) => [e, 1]));

describe('reminder faults', () => {
  let smtp: SmtpCatcher;

  beforeEach(async () => {
    smtp = await startSmtpCatcher();
  });
  afterEach(() => smtp.close());

  describe('a worker killed in the middle of a sweep and restarted', () => {
    let city: ReminderCity;
    let emails: string[];
    beforeAll(async () => {
      city = await reminderCity();
      emails = await crew(city);
    });
    afterAll(() => city.close());

    it('gives everyone due exactly one digest when it dies after recording, before queueing', async () => {
      const dying = await reminderWorker(city, smtp);
      await dying.sweeps.record(city.today); // the ledger is written …
      await dying.close(); // … and the process dies before a single digest is queued
      expect(smtp.messages).toHaveLength(0);

      const restarted = await reminderWorker(city, smtp);
      restarted.start();
      const rerun = await restarted.sweeps.sweep(city.today);
      expect(rerun.recorded).toEqual({ due_soon: 0, due_today: 0, overdue: 0, escalation: 0 });
      expect(rerun.digests).toBe(CREW + 1);
      await drained(restarted.reminders);
      expect(perRecipient(smtp)).toEqual(everyoneOnce(emails));
      await restarted.close();
    });

    it('gives nobody a second digest when it dies half-way through delivering and its queue is lost', async () => {
      const day = city.today;
      await city.query(`DELETE FROM notification`);
      await city.query(`DELETE FROM mail_delivery`);
      const dying = await reminderWorker(city, smtp);
      await dying.sweeps.sweep(day);
      // Half the digests go out (as the BullMQ worker would run them), then the process dies and Redis restarts empty.
      const recipients = await city.query<{ id: string }>(`SELECT DISTINCT recipient_id AS id FROM notification WHERE digest = 'learner' ORDER BY 1 LIMIT ${CREW / 2}`);
      for (const { id } of recipients) await dying.digests.send({ recipientId: id, day, kind: 'learner' });
      await dying.reminders.obliterate({ force: true });
      await dying.close();
      expect(smtp.messages).toHaveLength(CREW / 2);

      const restarted = await reminderWorker(city, smtp);
      restarted.start();
      const rerun = await restarted.sweeps.sweep(day);
      expect(rerun.digests).toBe(CREW / 2 + 1); // only those not yet delivered
      await drained(restarted.reminders);
      expect(perRecipient(smtp)).toEqual(everyoneOnce(emails));
      await restarted.close();
    });
  });

  describe('two workers running the same sweep at once', () => {
    let city: ReminderCity;
    let emails: string[];
    beforeAll(async () => {
      city = await reminderCity();
      emails = await crew(city);
    });
    afterAll(() => city.close());

    it('mails no one twice, even when both also deliver the same digests concurrently', async () => {
      const [one, two] = await Promise.all([reminderWorker(city, smtp), reminderWorker(city, smtp)]);
      one.start();
      two.start();
      const [first, second] = await Promise.all([one.sweeps.sweep(city.today), two.sweeps.sweep(city.today)]);
      // Each reminder recorded exactly once between them.
      expect(first.recorded['due_soon'] + second.recorded['due_soon']).toBe(CREW);
      expect(first.recorded['overdue'] + second.recorded['overdue']).toBe(CREW);
      expect(first.recorded['escalation'] + second.recorded['escalation']).toBe(CREW);
      // And the second worker also runs every digest by hand, outside the queue's job-id dedup, racing the BullMQ workers.
      const recipients = await city.query<{ id: string; digest: 'learner' | 'escalation' }>(`SELECT DISTINCT recipient_id AS id, digest FROM notification`);
      const direct = await Promise.all(recipients.map((r) => two.digests.send({ recipientId: r.id, day: city.today, kind: r.digest })));
      await Promise.all([drained(one.reminders), drained(two.reminders)]);
      expect(perRecipient(smtp)).toEqual(everyoneOnce(emails));
      expect(smtp.messages).toHaveLength(CREW + 1);
      expect(direct.filter((d) => d.sent).length).toBeLessThanOrEqual(CREW + 1);
      await Promise.all([one.close(), two.close()]);
    });
  });
});
