import { JobName, QueueName, type NotificationPage, type Problem } from '@equip/shared/contracts';
import { Queue, QueueEvents } from 'bullmq';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { e2e } from '../support/environment';
import { createSignIn } from '../support/fixtures';
import { Session } from '../support/http';

/**
 * Reminders on the running api and worker: the worker's daily sweep (added by hand, as its job
 * scheduler would) mails a learner one digest, written as an .eml file (no SMTP in the e2e run);
 * the learner finds the same reminders in-app, marks them read, and manages the email preference.
 * A lead's nudge goes through the outbox and the relay to one nudge mail. The learner is made for
 * this journey (in the demo lead's department), so nothing the other journeys use is touched.
 */
const EMAIL = 'reminders.journey@equip.demo';
const PASSWORD = 'a long reminders journey passphrase';

describe('notifications: the daily sweep, the digest and the in-app list', () => {
  const { redisUrl, queuePrefix, databaseUrl, mailDir, baseUrl } = e2e();
  const connection = { url: redisUrl, maxRetriesPerRequest: null };
  const learner = new Session();
  const lead = new Session();
  let staffId: string;
  let client: Client;
  let queue: Queue;
  let events: QueueEvents;
  let today: string;

  /** Mail written to MAIL_DIR for an address: whole files only (one may be half-written while we look). */
  const mailsTo = (address: string) =>
    readdirSync(mailDir)
      .filter((f) => f.includes(address.toLowerCase()))
      .map((f) => readFileSync(join(mailDir, f), 'utf8'))
      .filter((raw) => /--[^\s]+--\s*$/.test(raw));

  const sweep = async () => {
    const job = await queue.add(JobName.ReminderSweep, { day: today });
    return job.waitUntilFinished(events, 60_000);
  };

  beforeAll(async () => {
    staffId = await createSignIn(EMAIL, PASSWORD);
    expect((await learner.signIn(EMAIL, PASSWORD)).status).toBe(200);
    expect((await lead.signIn('lead@equip.demo')).status).toBe(200);
    client = new Client({ connectionString: databaseUrl });
    await client.connect();
    // In the demo lead's department (TES), so the lead's escalations and nudges reach this person.
    await client.query(`UPDATE staff SET department_id = (SELECT g.department_id FROM role_grant g JOIN staff l ON l.id = g.staff_id WHERE l.email = 'lead@equip.demo' AND g.role = 'equity_lead' LIMIT 1) WHERE id = $1`, [staffId]);
    today = (await client.query(`SELECT (now() AT TIME ZONE 'America/New_York')::date::text AS d`)).rows[0].d;
    // Assigned by the demo lead: one course due tomorrow, one track overdue for three weeks.
    await client.query(
      `INSERT INTO assignment (staff_id, course_id, track_id, due_on, sources)
       SELECT $1::uuid, c.id, NULL::uuid, $2::date + 1, jsonb_build_array(jsonb_build_object('kind', 'person', 'assignedBy', lead.id::text))
         FROM course c, staff lead WHERE c.slug = 'racial-equity-foundations' AND lead.email = 'lead@equip.demo'
       UNION ALL
       SELECT $1::uuid, NULL::uuid, t.id, $2::date - 21, jsonb_build_array(jsonb_build_object('kind', 'person', 'assignedBy', lead.id::text))
         FROM track t, staff lead WHERE t.slug = (SELECT slug FROM track ORDER BY slug LIMIT 1) AND lead.email = 'lead@equip.demo'`,
      [staffId, today],
    );
    queue = new Queue(QueueName.Reminders, { connection, prefix: `{${queuePrefix}}` });
    events = new QueueEvents(QueueName.Reminders, { connection, prefix: `{${queuePrefix}}` });
    await events.waitUntilReady();
  });

  afterAll(async () => {
    await events?.close();
    await queue?.close();
    await client?.end();
  });

  it('declares the daily sweep at REMINDER_TIME in the city time zone', async () => {
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toEqual(expect.arrayContaining([expect.objectContaining({ key: JobName.ReminderSweep, pattern: '0 7 * * *', tz: 'America/New_York' })]));
  });

  it('mails the learner one digest listing both trainings, with links into them', async () => {
    const result = await sweep();
    expect(result.day).toBe(today);
    expect(result.digests).toBeGreaterThanOrEqual(1);
    const deadline = Date.now() + 30_000;
    while (mailsTo(EMAIL).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const mails = mailsTo(EMAIL);
    expect(mails).toHaveLength(1);
    const [raw] = mails;
    expect(raw).toMatch(/^Subject: Your training reminders: 2 trainings need your attention/m);
    const body = raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    expect(body).toContain(`${baseUrl}/learn/courses/racial-equity-foundations`);
    expect(body).toContain(`${baseUrl}/learn/tracks/`);
    expect(body).toContain('Content-Type: text/plain');
    expect(body).toContain('Content-Type: text/html');
  });

  it("escalates the long-overdue track to the lead who assigned it, in the lead's own digest", async () => {
    const deadline = Date.now() + 30_000;
    const mentions = () => mailsTo('lead@equip.demo').filter((m) => m.includes('Test Person'));
    while (mentions().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(mentions()).toHaveLength(1);
    expect(mentions()[0]).toMatch(/^Subject: Overdue training in your team/m);
    expect(mentions()[0]).toContain('Assigned to people directly');
  });

  it("mails a lead's nudge through the outbox and the relay, once, and lists it in-app", async () => {
    // A cohort of the lead's department with this person in it and a course assigned through it, as the cohorts api writes them.
    const { rows } = await client.query(
      `WITH c AS (INSERT INTO cohort (name, department_id, kind, owner_id) SELECT 'Reminder journey', department_id, 'static', (SELECT id FROM staff WHERE email = 'lead@equip.demo') FROM staff WHERE id = $1 RETURNING id),
            m AS (INSERT INTO cohort_member (cohort_id, staff_id, join_reason) SELECT id, $1, 'manual' FROM c RETURNING cohort_id)
       INSERT INTO assignment (staff_id, course_id, due_on, sources)
       SELECT $1, course.id, city_today() + 5, jsonb_build_array(jsonb_build_object('kind', 'cohort', 'cohortId', m.cohort_id::text))
         FROM m, course WHERE course.slug = 'targeted-universalism' RETURNING sources->0->>'cohortId' AS "cohortId"`,
      [staffId],
    );
    const res = await lead.post(`/api/cohorts/${rows[0].cohortId}/nudges`, { staffIds: [staffId] });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ queued: 1, skipped: 0 });
    // The mail waits NUDGE_MAIL_DELAY (30 s) for more nudges to the same person.
    const nudges = () => mailsTo(EMAIL).filter((m) => /^Subject: A reminder from/m.test(m));
    const deadline = Date.now() + 90_000;
    while (nudges().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    expect(nudges()).toHaveLength(1);
    expect(nudges()[0]).toMatch(/^Subject: A reminder from \S+ \S+: Targeted universalism in practice/m);
    const page = (await (await learner.get('/api/notifications')).json()) as NotificationPage;
    expect(page.items[0]).toMatchObject({ kind: 'nudge', delivery: 'sent', cohort: { name: 'Reminder journey' } });
    const { rows: outbox } = await client.query(`SELECT done_at IS NOT NULL AS done FROM outbox WHERE event = 'assignment.nudged' AND payload->>'staffId' = $1`, [staffId]);
    expect(outbox).toEqual([{ done: true }]);
  }, 120_000);

  it('shows the same reminders in-app, newest first, and marks them read', async () => {
    const res = await learner.get('/api/notifications');
    expect(res.status).toBe(200);
    const page = (await res.json()) as NotificationPage;
    expect(page.unread).toBe(3);
    expect(page.items.map((i) => i.kind).sort()).toEqual(['due_soon', 'nudge', 'overdue']);
    expect(page.items.every((i) => i.delivery === 'sent')).toBe(true);
    expect(page.items.find((i) => i.kind === 'due_soon')!.assignment.path).toBe('/learn/courses/racial-equity-foundations');

    const read = await learner.post('/api/notifications/read', { ids: [page.items[0].id] });
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ unread: 2 });
    expect(await (await learner.post('/api/notifications/read', { all: true })).json()).toEqual({ unread: 0 });
    const unread = (await (await learner.get('/api/notifications?unreadOnly=true')).json()) as NotificationPage;
    expect(unread).toMatchObject({ items: [], total: 0, unread: 0 });
  });

  it('sends nothing more when the sweep runs again the same day', async () => {
    const digests = () => mailsTo(EMAIL).filter((m) => /^Subject: Your training reminders/m.test(m));
    await sweep();
    await new Promise((r) => setTimeout(r, 1000));
    expect(digests()).toHaveLength(1);
  });

  it('lets the learner turn off email for optional trainings, but not for assigned ones', async () => {
    expect(await (await learner.get('/api/notifications/preferences')).json()).toEqual({ optionalTrainingEmail: true, assignedTrainingEmail: true });
    const off = await learner.request('PUT', '/api/notifications/preferences', { optionalTrainingEmail: false });
    expect(off.status).toBe(200);
    expect(await off.json()).toEqual({ optionalTrainingEmail: false, assignedTrainingEmail: true });
    const refused = await learner.request('PUT', '/api/notifications/preferences', { optionalTrainingEmail: true, assignedTrainingEmail: false });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = (await refused.json()) as Problem;
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'assignedTrainingEmail' })]);
    const malformed = await learner.request('PUT', '/api/notifications/preferences', { optionalTrainingEmail: 'yes' });
    expect(malformed.status).toBe(400);
  });
});
