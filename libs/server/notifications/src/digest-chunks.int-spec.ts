import { jobFailureInWords } from '@equip/server/queue';
import { SmtpCatcher, startSmtpCatcher } from '@equip/server/testing';
import { JobName } from '@equip/shared/contracts';
import { DigestsFailedError } from './digest.service';
import { NotificationRepository } from './notification.repository';
import { drained, perRecipient, ReminderCity, reminderCity, reminderWorker } from './testing/reminder-city';

/**
 * SendDigests: several recipients' daily digests in one job. What must survive the batching:
 * one mail per recipient and kind, a failed mail that neither stops nor repeats the others, a
 * retry that sends only what was not recorded, chunks that overlap, and no lock left behind.
 */
jest.setTimeout(60_000);

const CREW = 12;

/** CREW people in TES, each with one cohort assignment due tomorrow; ids in the order of their emails. */
async function crew(city: ReminderCity): Promise<{ id: string; email: string }[]> {
  return city.query<{ id: string; email: string }>(
    `WITH people AS (
       INSERT INTO staff (employee_id, email, first_name, last_name, department_id)
       SELECT 'K' || i, 'crew' || lpad(i::text, 2, '0') || '@city.example', 'Crew', 'Member ' || i, $1 FROM generate_series(1, ${CREW}) i RETURNING id, email),
     due AS (
       INSERT INTO assignment (staff_id, course_id, due_on, sources)
       SELECT p.id, c.id, $2::date + 1, jsonb_build_array(jsonb_build_object('kind', 'cohort', 'cohortId', $3::text, 'cohortAssignmentId', $4::text))
         FROM people p JOIN course c ON c.slug = 'equity-basics' RETURNING 1)
     SELECT id::text, email FROM people, (SELECT count(*) FROM due) AS written ORDER BY email`,
    [city.dept.TES, city.today, city.cohortId, city.cohortAssignmentId],
  );
}

const advisoryLocks = (city: ReminderCity) => city.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`).then((r) => r[0].n);

describe('digests sent in chunks', () => {
  let city: ReminderCity;
  let smtp: SmtpCatcher;
  let people: { id: string; email: string }[];
  const ids = () => people.map((p) => p.id);

  beforeEach(async () => {
    city = await reminderCity();
    smtp = await startSmtpCatcher();
    people = await crew(city);
  });
  afterEach(async () => {
    await smtp.close();
    await city.close();
  });

  it('sends the others when one recipient’s mail is refused, fails naming how many, and its retry sends only that one', async () => {
    const worker = await reminderWorker(city, smtp);
    try {
      await worker.sweeps.record(city.today);
      const refused = people[4];
      smtp.refused.add(refused.email);
      const chunk = { day: city.today, kind: 'learner' as const, recipientIds: ids() };

      const first = await worker.digests.sendMany(chunk).catch((error: unknown) => error);
      expect(first).toBeInstanceOf(DigestsFailedError);
      expect((first as DigestsFailedError).message).toMatch(/^1 of 12 digests could not be sent/);
      expect((first as DigestsFailedError).failed.map((f) => f.recipientId)).toEqual([refused.id]);
      expect(Object.keys(perRecipient(smtp)).sort()).toEqual(people.filter((p) => p !== refused).map((p) => p.email));
      // Everyone else's mail is recorded, theirs is not, and their reminder still waits.
      expect(await city.query(`SELECT count(*)::int AS n FROM mail_delivery`)).toEqual([{ n: CREW - 1 }]);
      expect(await city.query(`SELECT delivery FROM notification WHERE recipient_id = $1`, [refused.id])).toEqual([{ delivery: 'pending' }]);
      expect(await advisoryLocks(city)).toBe(0);

      smtp.refused.clear();
      const retry = await worker.digests.sendMany(chunk);
      expect(retry).toEqual({ sent: 1, items: 1, dropped: 0, alreadySent: CREW - 1, nothingToSend: 0 });
      expect(perRecipient(smtp)).toEqual(Object.fromEntries(people.map((p) => [p.email, 1])));
      expect(await city.query(`SELECT delivery, count(*)::int AS n FROM notification GROUP BY 1`)).toEqual([{ delivery: 'sent', n: CREW }]);
      expect(await advisoryLocks(city)).toBe(0);
    } finally {
      await worker.close();
    }
  });

  it('records each mail as it is sent: while one recipient’s mail is still in flight, the others are already recorded', async () => {
    const worker = await reminderWorker(city, smtp);
    try {
      await worker.sweeps.record(city.today);
      const slow = people[7];
      const release = smtp.hold(slow.email);
      const chunk = worker.digests.sendMany({ day: city.today, kind: 'learner', recipientIds: ids() });
      // Had the worker died now, a retry would find these recorded and send only the slow one.
      const deadline = Date.now() + 20_000;
      const recorded = () => city.query<{ key: string }>(`SELECT key FROM mail_delivery`).then((rows) => rows.map((r) => r.key));
      while ((await recorded()).length < CREW - 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await recorded()).sort()).toEqual(people.filter((p) => p !== slow).map((p) => `digest:learner:${p.id}:${city.today}`).sort());
      release();
      expect(await chunk).toMatchObject({ sent: CREW, alreadySent: 0 });
      expect(perRecipient(smtp)).toEqual(Object.fromEntries(people.map((p) => [p.email, 1])));
    } finally {
      await worker.close();
    }
  });

  it('records and queues the learners’ digests, committed, before it looks for escalations', async () => {
    const worker = await reminderWorker(city, smtp);
    const learnerRows = async () => (await city.query<{ n: number }>(`SELECT count(*)::int AS n FROM notification WHERE digest = 'learner'`))[0].n;
    const seen: { queued: string[]; learnerRows: number }[] = [];
    const original = NotificationRepository.prototype.insertEscalations;
    // Calls through; only looks at what another connection and the queue hold when escalations are looked for.
    const spy = jest.spyOn(NotificationRepository.prototype, 'insertEscalations').mockImplementation(async function (this: NotificationRepository, ...args) {
      seen.push({ queued: (await worker.reminders.getJobs(['waiting'])).map((job) => job.data.kind), learnerRows: await learnerRows() });
      return original.apply(this, args);
    });
    try {
      const swept = await worker.sweeps.sweep(city.today);
      expect(seen).toHaveLength(1);
      expect(seen[0].queued.length).toBeGreaterThan(0);
      expect(new Set(seen[0].queued)).toEqual(new Set(['learner']));
      expect(seen[0].learnerRows).toBe(await learnerRows());
      expect(swept.recorded).toMatchObject({ due_soon: expect.any(Number), escalation: expect.any(Number) });
      expect(swept.jobs).toBe((await worker.reminders.getJobs(['waiting'])).length);
    } finally {
      spy.mockRestore();
      await worker.close();
    }
  });

  it('records a big city’s learners slice by slice, each slice committed and queued before the next is looked for, and still mails each person once', async () => {
    const worker = await reminderWorker(city, smtp);
    const learnerRows = async () => (await city.query<{ n: number }>(`SELECT count(*)::int AS n FROM notification WHERE digest = 'learner'`))[0].n;
    const seen: { queued: number; learnerRows: number }[] = [];
    const original = NotificationRepository.prototype.insertLearnerReminders;
    const spy = jest.spyOn(NotificationRepository.prototype, 'insertLearnerReminders').mockImplementation(async function (this: NotificationRepository, ...args) {
      seen.push({ queued: (await worker.reminders.getJobs(['waiting'])).length, learnerRows: await learnerRows() });
      return original.apply(this, args);
    });
    try {
      // Four rows a slice: this city's CREW people (one reminder each) and what it had are cut into several slices.
      worker.sweeps.sliceRows = 4;
      const swept = await worker.sweeps.sweep(city.today);
      expect(seen.length).toBeGreaterThanOrEqual(3);
      expect(seen[0]).toEqual({ queued: 0, learnerRows: 0 });
      // Before each later slice is looked for, the ones before it are committed and their digests queued.
      for (let i = 1; i < seen.length; i++) {
        expect(seen[i].learnerRows).toBeGreaterThanOrEqual(seen[i - 1].learnerRows);
        expect(seen[i].queued).toBeGreaterThanOrEqual(seen[i - 1].queued);
      }
      expect(seen.at(-1)?.queued).toBeGreaterThan(0);
      expect(seen.at(-1)?.learnerRows).toBeGreaterThan(0);
      expect(swept.jobs).toBe((await worker.reminders.getJobs(['waiting'])).length);
      expect(swept.recorded.due_soon).toBeGreaterThanOrEqual(CREW);

      worker.start();
      await drained(worker.reminders);
      for (const p of people) expect(perRecipient(smtp)[p.email]).toBe(1);
      expect(smtp.messages).toHaveLength(swept.digests);
      expect(await city.query(`SELECT count(*)::int AS n FROM notification WHERE delivery = 'pending'`)).toEqual([{ n: 0 }]);
      // A second sweep the same day, sliced the same way, queues nothing.
      expect(await worker.sweeps.sweep(city.today)).toMatchObject({ digests: 0, jobs: 0 });
    } finally {
      spy.mockRestore();
      await worker.close();
    }
  });

  it('through the queue: the failed chunk job stays failed in words an administrator can act on, and retrying it mails only the one left', async () => {
    const worker = await reminderWorker(city, smtp);
    try {
      const refused = people[0];
      smtp.refused.add(refused.email);
      worker.start();
      const swept = await worker.sweeps.sweep(city.today);
      expect(swept).toMatchObject({ digests: CREW, jobs: 1 });
      await drained(worker.reminders);
      const [failed] = await worker.reminders.getFailed();
      expect(failed.name).toBe(JobName.SendDigests);
      expect(failed.failedReason).toMatch(/^1 of 12 digests could not be sent/);
      expect(jobFailureInWords(failed.name, failed.failedReason).headline).toBe('Some of the day’s reminder digests could not be sent');
      expect(smtp.messages).toHaveLength(CREW - 1);

      smtp.refused.clear();
      await failed.retry();
      await drained(worker.reminders);
      expect(perRecipient(smtp)).toEqual(Object.fromEntries(people.map((p) => [p.email, 1])));
      // A second sweep the same day queues nothing and sends nothing.
      expect(await worker.sweeps.sweep(city.today)).toMatchObject({ digests: 0, jobs: 0 });
      await drained(worker.reminders);
      expect(smtp.messages).toHaveLength(CREW);
    } finally {
      await worker.close();
    }
  });

  it('mails each person once when chunks that overlap run at once on two workers, beside single digests', async () => {
    const [one, two] = await Promise.all([reminderWorker(city, smtp), reminderWorker(city, smtp)]);
    try {
      await one.sweeps.record(city.today);
      const day = city.today;
      const all = ids();
      const results = await Promise.all([
        one.digests.sendMany({ day, kind: 'learner', recipientIds: all.slice(0, 8) }),
        two.digests.sendMany({ day, kind: 'learner', recipientIds: all.slice(4) }),
        one.digests.sendMany({ day, kind: 'learner', recipientIds: [...all].reverse() }),
        ...all.slice(2, 6).map((recipientId) => two.digests.send({ recipientId, day, kind: 'learner' })),
      ]);
      expect(perRecipient(smtp)).toEqual(Object.fromEntries(people.map((p) => [p.email, 1])));
      const sent = results.reduce((n, r) => n + (typeof r.sent === 'number' ? r.sent : r.sent ? 1 : 0), 0);
      expect(sent).toBe(CREW);
      expect(await city.query(`SELECT count(*)::int AS n FROM mail_delivery`)).toEqual([{ n: CREW }]);
      expect(await advisoryLocks(city)).toBe(0);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('drops reminders whose work was done meanwhile and mails nothing to someone who left', async () => {
    const worker = await reminderWorker(city, smtp);
    try {
      await worker.sweeps.record(city.today);
      const [done, left] = people;
      await city.query(`UPDATE assignment SET completed_at = now() WHERE staff_id = $1`, [done.id]);
      await city.query(`UPDATE staff SET active = false WHERE id = $1`, [left.id]);
      const result = await worker.digests.sendMany({ day: city.today, kind: 'learner', recipientIds: ids() });
      expect(result).toEqual({ sent: CREW - 2, items: CREW - 2, dropped: 2, alreadySent: 0, nothingToSend: 2 });
      expect(perRecipient(smtp)[done.email]).toBeUndefined();
      expect(perRecipient(smtp)[left.email]).toBeUndefined();
      expect(await city.query(`SELECT delivery FROM notification WHERE recipient_id = ANY($1::uuid[]) ORDER BY 1`, [[done.id, left.id]])).toEqual([
        { delivery: 'not_sent' },
        { delivery: 'not_sent' },
      ]);
    } finally {
      await worker.close();
    }
  });
});
