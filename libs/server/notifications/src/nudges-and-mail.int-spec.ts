import { SmtpCatcher, startSmtpCatcher } from '@equip/server/testing';
import { JobName, OutboxEvent } from '@equip/shared/contracts';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mailJobId } from './jobs/job-ids';
import { drained, perRecipient, ReminderCity, reminderCity, ReminderWorker, reminderWorker } from './testing/reminder-city';

jest.setTimeout(60_000);

/** Nudges (outbox `assignment.nudged` relayed as SendNudge) and the generic SendMail job, over real SMTP. */
describe('nudges and SendMail', () => {
  let city: ReminderCity;
  let smtp: SmtpCatcher;
  let worker: ReminderWorker;
  const storage = mkdtempSync(join(tmpdir(), 'equip-storage-'));

  /** What the cohorts lib writes when a lead nudges: nudge rows and their outbox rows, in one statement. */
  const nudge = (assignmentIds: string[], note: string | null = null) =>
    city.query<{ outboxId: string; nudgeId: string; assignmentId: string; staffId: string }>(
      `WITH recorded AS (
         INSERT INTO nudge (assignment_id, staff_id, cohort_id, requested_by, note)
         SELECT a.id, a.staff_id, $2, $3, $5::text FROM assignment a WHERE a.id = ANY($1::uuid[]) RETURNING id, assignment_id, staff_id),
       announced AS (
         INSERT INTO outbox (event, payload)
         SELECT $4, jsonb_build_object('nudgeId', id, 'assignmentId', assignment_id, 'staffId', staff_id) FROM recorded RETURNING uid, payload)
       SELECT uid::text AS "outboxId", payload->>'nudgeId' AS "nudgeId", payload->>'assignmentId' AS "assignmentId", payload->>'staffId' AS "staffId" FROM announced`,
      [assignmentIds, city.cohortId, city.people.LEAD, OutboxEvent.AssignmentNudged, note],
    );

  beforeAll(async () => {
    city = await reminderCity();
    smtp = await startSmtpCatcher();
    worker = await reminderWorker(city, smtp, { nudgeDelayMs: 300, storageDir: storage });
    worker.start();
    for (const key of ['ANA', 'BEN']) await city.person(key, 'TES');
  });

  afterAll(async () => {
    await worker.close();
    await smtp.close();
    await city.close();
  });

  it('sends one mail for several nudges to one person, records them in-app, and marks the outbox rows done with it', async () => {
    const course = await city.assign('ANA', { course: 'equity-basics' }, 5, 'cohort');
    const track = await city.assign('ANA', { track: true }, 9, 'cohort');
    const events = await nudge([course, track], 'Monday 9 am is set aside for it.');
    // The relay hands each outbox row over as SendNudge with the outbox uid; one is delivered twice (a replay).
    await worker.reminders.addBulk([...events, events[0]].map((e, i) => ({ name: JobName.SendNudge, data: e, opts: { jobId: `nudge-${e.outboxId}-${i}` } })));
    await drained(worker.reminders);

    expect(perRecipient(smtp)).toEqual({ 'ana@city.example': 1 });
    const [mail] = smtp.messages;
    expect(mail.subject).toBe('A reminder from Lead Test: 2 trainings');
    expect(mail.text).toContain('Lead Test asked us to remind you about these trainings.');
    // The lead's personal note, quoted once however many nudges carry it.
    expect((mail.text ?? '').split('Lead Test wrote: “Monday 9 am is set aside for it.”')).toHaveLength(2);
    expect(mail.text).toContain('https://equip.city.example/learn/courses/equity-basics');
    expect(mail.html).toContain('href="https://equip.city.example/learn/tracks/all-staff-foundations"');

    expect(await city.query(`SELECT kind, delivery FROM notification ORDER BY id`)).toEqual([
      { kind: 'nudge', delivery: 'sent' },
      { kind: 'nudge', delivery: 'sent' },
    ]);
    expect(await city.query(`SELECT count(*)::int AS n FROM outbox WHERE done_at IS NULL`)).toEqual([{ n: 0 }]);
    expect(await city.query(`SELECT count(*)::int AS n FROM nudge WHERE sent_at IS NULL`)).toEqual([{ n: 0 }]);
  });

  it('sends a later nudge the same day in a mail of its own', async () => {
    const other = await city.assign('ANA', { course: 'community-engagement' }, 3, 'cohort');
    const [event] = await nudge([other]);
    await worker.reminders.add(JobName.SendNudge, event);
    await drained(worker.reminders);
    expect(perRecipient(smtp)).toEqual({ 'ana@city.example': 2 });
    expect(smtp.messages[1].subject).toBe('A reminder from Lead Test: Community engagement');
  });

  it('points a nudge to someone who cannot sign in yet at asking for an invitation, with no link or token of any sign-in', async () => {
    await city.person('NEW', 'TES', true, { account: false });
    const course = await city.assign('NEW', { course: 'equity-basics' }, 5, 'cohort');
    const [event] = await nudge([course]);
    await worker.reminders.add(JobName.SendNudge, event);
    await drained(worker.reminders);

    const mail = smtp.messages.find((m) => m.envelope.to.includes('new@city.example'))!;
    expect(mail.text).toContain('You have not signed in to Equip yet.');
    expect(mail.text).toContain('Get your invitation: https://equip.city.example/ask-for-invitation');
    expect(mail.html).toContain('href="https://equip.city.example/ask-for-invitation"');
    expect(mail.text).not.toContain('/learn/');
    expect(mail.html).not.toContain('/learn/');
    expect(`${mail.text}${mail.html}`).not.toMatch(/token|set-password/);
    // Reminding spends and makes no invitation: no link stored, no invitation queued.
    expect(await city.query(`SELECT count(*)::int AS n FROM password_token`)).toEqual([{ n: 0 }]);
    expect(await city.query(`SELECT count(*)::int AS n FROM outbox WHERE event = 'staff.invited'`)).toEqual([{ n: 0 }]);
  });

  it('sends nothing for a nudge whose work was completed meanwhile, and still marks its outbox row done', async () => {
    const done = await city.assign('BEN', { course: 'equity-basics' }, 5, 'cohort');
    const [event] = await nudge([done]);
    await city.query(`UPDATE assignment SET completed_at = now() WHERE id = $1`, [done]);
    await worker.reminders.add(JobName.SendNudge, event);
    await drained(worker.reminders);
    expect(perRecipient(smtp)['ben@city.example']).toBeUndefined();
    expect(await city.query(`SELECT done_at IS NOT NULL AS done FROM outbox WHERE uid = $1`, [event.outboxId])).toEqual([{ done: true }]);
  });

  it('SendMail delivers a rendered message with its stored attachment, once per key', async () => {
    mkdirSync(join(storage, 'certificates'), { recursive: true });
    writeFileSync(join(storage, 'certificates/EQ-1.pdf'), Buffer.from('%PDF-1.4 test'));
    const payload = {
      key: 'certificate:EQ-1',
      to: 'ana@city.example',
      subject: 'Your certificate',
      html: '<p>Attached.</p>',
      text: 'Attached.',
      attachments: [{ filename: 'certificate.pdf', contentType: 'application/pdf', storageKey: 'certificates/EQ-1.pdf' }],
    };
    await worker.email.add(JobName.SendMail, payload, { jobId: mailJobId(payload.key) });
    await worker.email.add(JobName.SendMail, payload, { jobId: 'same-key-another-job' });
    await drained(worker.email);
    const mails = smtp.messages.filter((m) => m.subject === 'Your certificate');
    expect(mails).toHaveLength(1);
    expect(mails[0].raw).toMatch(/Content-Type: application\/pdf; name=certificate\.pdf/i);
    expect(mails[0].raw).toContain(Buffer.from('%PDF-1.4 test').toString('base64'));
    expect(mails[0].text).toContain('Attached.');
    expect(await city.query(`SELECT key, recipient FROM mail_delivery WHERE key = 'certificate:EQ-1'`)).toEqual([{ key: 'certificate:EQ-1', recipient: 'ana@city.example' }]);
  });

  it('SendMail fails visibly when an attachment is missing, and never sends without it', async () => {
    const job = await worker.email.add(
      JobName.SendMail,
      { key: 'certificate:missing', to: 'ana@city.example', subject: 'Missing', html: '<p>x</p>', text: 'x', attachments: [{ filename: 'x.pdf', contentType: 'application/pdf', storageKey: 'certificates/none.pdf' }] },
      { attempts: 1 },
    );
    await drained(worker.email);
    const failed = await worker.email.getJob(job.id!);
    expect(failed!.failedReason).toMatch(/x\.pdf is missing from storage/);
    expect(smtp.messages.filter((m) => m.subject === 'Missing')).toHaveLength(0);
  });
});
