import { JobName, QueueName, type AssignResult, type AuditEventView, type CityFacts, type MyAssignment, type NotificationPage, type Page, type ReportPerson } from '@equip/shared/contracts';
import { Queue, QueueEvents } from 'bullmq';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pdfLibraryText } from '@equip/server/testing';
import { addDays, formatDay } from '@equip/shared/domain';
import { Client } from 'pg';
import { Session } from '../support/http';
import { createLearner } from '../support/learning';
import { startStack, type Stack } from '../support/stack';

/**
 * One date everywhere (issue 16): one assignment, due on a day in winter and one in summer, shows
 * that same day in every place a due date is shown — the api's fields (the learner's list, the
 * lead's people report, the in-app reminders), the people CSV, the audit log in words and the
 * reminder mail the worker sends the day before — and never the day before or after, which is what
 * a UTC conversion (the day ends at 19:00 or 20:00 in New York) produced. A stack of its own (api,
 * worker, database): its sweeps for days in 2027 remind everyone due then, which the journeys
 * sharing the run's database must not receive. The one PDF that shows an assignment's due date is
 * the person's record of learning (the certificate is issued on completion; the leadership summary
 * shows counts): its text and its CSV are checked too.
 */
const PASSWORD = 'a long one-date journey passphrase';
const EMAIL = 'one.date.journey@equip.test';

const SEASONS = [
  // [season, due day, the day in words as the mail writes it, as the audit log writes it, the days either side]
  ['winter (EST)', '2027-01-15', 'Friday, January 15, 2027', 'Jan 15, 2027', ['January 14, 2027', 'January 16, 2027'], 'racial-equity-foundations'],
  ['summer (EDT)', '2027-07-15', 'Thursday, July 15, 2027', 'Jul 15, 2027', ['July 14, 2027', 'July 16, 2027'], 'targeted-universalism'],
] as const;

describe('one assignment, every place its due date shows, finds one day', () => {
  let stack: Stack;
  let sql: Client;
  let queue: Queue;
  let events: QueueEvents;
  let learner: Session;
  let lead: Session;
  let admin: Session;
  let staffId: string;
  let departmentId: string;

  const mailsTo = (address: string) =>
    readdirSync(stack.mailDir)
      .filter((f) => f.includes(address.toLowerCase()))
      .map((f) => readFileSync(join(stack.mailDir, f), 'utf8'))
      .filter((raw) => /--[^\s]+--\s*$/.test(raw))
      .map((raw) => raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=').replace(/=E2=80=99/g, '’'));

  beforeAll(async () => {
    stack = await startStack({ CITY_TIME_ZONE: 'America/New_York' });
    sql = new Client({ connectionString: stack.db.url });
    await sql.connect();
    staffId = await createLearner(stack.db.url, EMAIL, PASSWORD);
    // In the demo lead's department, so the lead may assign to them and report on them.
    departmentId = (
      await sql.query(`SELECT g.department_id AS id FROM role_grant g JOIN staff l ON l.id = g.staff_id WHERE l.email = 'lead@equip.demo' AND g.role = 'equity_lead' LIMIT 1`)
    ).rows[0].id;
    await sql.query(`UPDATE staff SET department_id = $2 WHERE id = $1`, [staffId, departmentId]);
    learner = new Session(stack.api.baseUrl);
    lead = new Session(stack.api.baseUrl);
    admin = new Session(stack.api.baseUrl);
    expect((await learner.signIn(EMAIL, PASSWORD)).status).toBe(200);
    expect((await lead.signIn('lead@equip.demo')).status).toBe(200);
    expect((await admin.signIn('admin@equip.demo')).status).toBe(200);
    const connection = { url: stack.redisUrl, maxRetriesPerRequest: null };
    queue = new Queue(QueueName.Reminders, { connection, prefix: `{${stack.queuePrefix}}` });
    events = new QueueEvents(QueueName.Reminders, { connection, prefix: `{${stack.queuePrefix}}` });
    await events.waitUntilReady();
  });

  afterAll(async () => {
    await events?.close();
    await queue?.close();
    await sql?.end();
    await stack?.close();
  });

  it("serves the city's name and time zone to every page, signed in or not", async () => {
    const res = await new Session(stack.api.baseUrl).get('/api/city');
    expect(res.status).toBe(200);
    expect((await res.json()) as CityFacts).toEqual({ name: expect.any(String), timeZone: 'America/New_York' });
    expect((await sql.query(`SELECT time_zone FROM city_setting`)).rows).toEqual([{ time_zone: 'America/New_York' }]);
  });

  it('refuses a due date sent as an instant, naming the field, and writes nothing', async () => {
    const res = await lead.post('/api/assignments', { staffId, courseSlug: SEASONS[0][5], due: { kind: 'absolute', dueOn: `${SEASONS[0][1]}T23:59:59.000Z` } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('due.dueOn');
    expect((await sql.query(`SELECT 1 FROM assignment WHERE staff_id = $1`, [staffId])).rows).toEqual([]);
  });

  it.each(SEASONS)('%s: due %s', async (_season, day, longDay, shortDay, neighbours, slug) => {
    // The lead's form sends the day as chosen.
    const assigned = await lead.post('/api/assignments', { staffId, courseSlug: slug, due: { kind: 'absolute', dueOn: day } });
    expect(assigned.status).toBe(201);
    expect(((await assigned.json()) as AssignResult).created).toBe(1);
    expect((await sql.query(`SELECT to_char(a.due_on, 'YYYY-MM-DD') AS day FROM assignment a JOIN course c ON c.id = a.course_id WHERE a.staff_id = $1 AND c.slug = $2`, [staffId, slug])).rows).toEqual([{ day }]);

    // The learner's list.
    const mine = (await (await learner.get('/api/learning/assignments')).json()) as MyAssignment[];
    expect(mine.find((a) => a.slug === slug)).toMatchObject({ dueOn: day, status: 'not_started' });

    // The lead's people report and its CSV (due_on column).
    const people = (await (await lead.get(`/api/reports/departments/${departmentId}/people?search=${encodeURIComponent(EMAIL)}`)).json()) as Page<ReportPerson>;
    expect(people.items).toHaveLength(1);
    expect(people.items[0].assignments.find((a) => a.subject === `course:${slug}`)).toMatchObject({ dueOn: day });
    const csv = await (await lead.get(`/api/reports/departments/${departmentId}/people.csv`)).text();
    const [header, ...rows] = csv.trim().split(/\r?\n/);
    const dueColumn = header.split(',').indexOf('due_on');
    expect(dueColumn).toBeGreaterThan(0);
    const mineInCsv = rows.filter((r) => r.startsWith(people.items[0].employeeId + ','));
    expect(mineInCsv.map((r) => r.split(',')[dueColumn])).toContain(day);

    // The person's record of learning: its api field, its CSV and its PDF's text.
    const record = await lead.get(`/api/staff/${staffId}/record`);
    expect(record.status).toBe(200);
    expect(JSON.stringify(await record.json())).toContain(`"dueOn":"${day}"`);
    const recordCsv = await (await lead.get(`/api/staff/${staffId}/record.csv`)).text();
    expect(recordCsv).toContain(`,${day},`);
    const recordPdf = await lead.get(`/api/staff/${staffId}/record.pdf`);
    expect(recordPdf.status).toBe(200);
    const pdf = await pdfLibraryText(Buffer.from(await recordPdf.arrayBuffer()));
    expect(pdf.text).toContain(shortDay);
    for (const wrong of [addDays(day, -1), addDays(day, 1)]) expect(pdf.text).not.toContain(formatDay(wrong));

    // The audit log, in words: the assignment's due day.
    const audit = (await (await admin.get(`/api/audit-events?staffId=${staffId}&action=assignment.assigned`)).json()) as Page<AuditEventView>;
    const text = JSON.stringify(audit.items.find((e) => JSON.stringify(e).includes(slug)));
    expect(text).toContain(shortDay);

    // The reminder the worker sends the day before (the sweep for that city day), by mail and in-app.
    const before = new Date(Date.parse(`${day}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const mailsBefore = mailsTo(EMAIL).length;
    const job = await queue.add(JobName.ReminderSweep, { day: before });
    await job.waitUntilFinished(events, 60_000);
    const deadline = Date.now() + 30_000;
    while (mailsTo(EMAIL).length === mailsBefore && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const mail = mailsTo(EMAIL).find((m) => m.includes(longDay));
    expect(mail).toBeDefined();
    for (const wrong of neighbours) expect(mail).not.toContain(wrong);
    const inApp = (await (await learner.get('/api/notifications')).json()) as NotificationPage;
    const reminders = inApp.items.filter((n) => n.assignment.slug === slug);
    expect(reminders.length).toBeGreaterThan(0);
    for (const n of reminders) expect(n.assignment.dueOn).toBe(day);
  });
});
