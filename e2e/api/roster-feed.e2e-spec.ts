import { timeBudget } from '@equip/server/testing';
import { JobName, QueueName, type Page, type RosterFeedFile, type RosterImportResult } from '@equip/shared/contracts';
import { Queue, QueueEvents } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../support/http';
import { MailStack, startMailStack } from '../support/mail-stack';
import { until } from '../support/processes';
import { currentRosterLines, ROSTER_HEADER, type RosterRow } from '../support/roster';

timeBudget(90);

/**
 * The nightly roster feed on a running api and worker of their own, with ROSTER_FEED_DIR a folder
 * of this test's and mail going to an SMTP server in this process. The job is added by hand, as its
 * scheduler would at ROSTER_FEED_TIME. The threshold is 3 people (ROSTER_CONFIRM_ABOVE), so a file
 * that deactivates a handful is held.
 */
describe('the scheduled roster feed', () => {
  const folder = mkdtempSync(join(tmpdir(), 'equip-e2e-feed-'));
  const suffix = randomBytes(3).toString('hex');
  const newHire = `feed.hire.${suffix}@equip.test`;
  let mail: MailStack;
  let queue: Queue;
  let events: QueueEvents;
  const admin = () => new Session(mail.baseUrl);
  let session: Session;

  /** Drops a file as an HR system would, written more than a minute ago (so it is not still being written). */
  const drop = (name: string, lines: string[]) => {
    const path = join(folder, name);
    writeFileSync(path, [ROSTER_HEADER, ...lines].join('\r\n') + '\r\n');
    const past = new Date(Date.now() - 5 * 60_000);
    utimesSync(path, past, past);
  };
  const pickUp = async () => {
    const job = await queue.add(JobName.RosterFeed, {});
    return job.waitUntilFinished(events, 60_000);
  };
  const files = async (): Promise<RosterFeedFile[]> => ((await (await session.get('/api/roster/feed-files')).json()) as Page<RosterFeedFile>).items;
  const fileNamed = async (name: string) => (await files()).find((f) => f.fileName === name)!;
  // Staff without a role: the ones a held file may deactivate.
  const roster = (edit?: (row: RosterRow) => RosterRow) => currentRosterLines(edit, mail.stack.db.url);
  let plain: string[];

  beforeAll(async () => {
    mail = await startMailStack({ ROSTER_FEED_DIR: folder, ROSTER_CONFIRM_ABOVE: '3', ROSTER_CONFIRM_ABOVE_PERCENT: '0' });
    const connection = { url: mail.stack.redisUrl, maxRetriesPerRequest: null };
    queue = new Queue(QueueName.Maintenance, { connection, prefix: `{${mail.stack.queuePrefix}}` });
    events = new QueueEvents(QueueName.Maintenance, { connection, prefix: `{${mail.stack.queuePrefix}}` });
    await events.waitUntilReady();
    session = admin();
    expect((await session.signIn('admin@equip.demo')).status).toBe(200);
    const { rows } = await mail.sql.query<{ employee_id: string }>(
      `SELECT employee_id FROM staff s WHERE active AND NOT EXISTS (SELECT 1 FROM role_grant g WHERE g.staff_id = s.id) ORDER BY employee_id LIMIT 10`,
    );
    plain = rows.map((r) => r.employee_id);
    expect(plain).toHaveLength(10);
  });

  afterAll(async () => {
    await events?.close();
    await queue?.close();
    await mail?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('declares the pickup at ROSTER_FEED_TIME in the city time zone', async () => {
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toEqual(expect.arrayContaining([expect.objectContaining({ key: JobName.RosterFeed, pattern: '30 2 * * *', tz: 'America/New_York' })]));
  });

  it('imports a clean file on its own and invites the person it adds', async () => {
    const lines = await roster();
    const department = lines[0].split(',')[4];
    drop('hr-clean.csv', [...lines, `FEED-${suffix},Ama,Owusu,${newHire},${department},,,,,,active`]);
    const asked = Date.now();
    const run = await pickUp();
    expect(run.handled).toEqual([{ fileName: 'hr-clean.csv', state: 'applied' }]);
    // New staff change every figure: the feed asks for a publication on the Publication queue (its own job ends first).
    const publication = new Queue(QueueName.Publication, { connection: { url: mail.stack.redisUrl, maxRetriesPerRequest: null }, prefix: `{${mail.stack.queuePrefix}}` });
    try {
      const jobs = await publication.getJobs(['waiting', 'active', 'completed', 'failed', 'prioritized']);
      expect(jobs.filter((j) => j.name === JobName.PublishFigures && j.timestamp >= asked)).toHaveLength(1);
    } finally {
      await publication.close();
    }
    expect(await fileNamed('hr-clean.csv')).toMatchObject({ state: 'applied', reason: null, decidedBy: null, importId: expect.any(String) });
    const invitation = await mail.smtp.waitFor((m) => m.envelope.to.includes(newHire));
    expect(invitation.subject).toBe('Set your password for Equip');
    const imports = await (await session.get('/api/roster/imports')).json();
    expect(imports.items[0]).toMatchObject({ via: 'feed', actor: null, status: 'applied', fileName: 'hr-clean.csv', added: 1 });
  });

  it('holds files that deactivate more than the threshold and mails the administrators why', async () => {
    const inactive = (ids: string[]) => (row: RosterRow) => (ids.includes(row.employee_id) ? { ...row, status: 'inactive' as const } : row);
    drop('hr-2026-12-04.csv', await roster(inactive(plain.slice(0, 5))));
    drop('hr-2026-12-05.csv', await roster(inactive(plain.slice(5, 10))));
    const run = await pickUp();
    expect(run.handled).toEqual([
      { fileName: 'hr-2026-12-04.csv', state: 'held' },
      { fileName: 'hr-2026-12-05.csv', state: 'held' },
    ]);
    expect(run.known).toBe(1);
    const held = await fileNamed('hr-2026-12-04.csv');
    expect(held).toMatchObject({ state: 'held', deactivate: 5 });
    expect(held.reason).toBe("The nightly roster file hr-2026-12-04.csv would deactivate 5 people; the limit for importing without a person's confirmation is 3.");
    const told = await mail.smtp.waitFor((m) => m.envelope.to.includes('admin@equip.demo') && (m.text ?? '').includes('hr-2026-12-04.csv'));
    expect(told.subject).toBe('A nightly roster file needs your confirmation');
    expect(told.text).toContain(`Review it in Equip: ${mail.baseUrl}/rase/roster`);
    // Each mail's outbox row is done once it is sent (not only handed to the queue).
    await until('the held files\' mails to be done', async () => {
      const { rows } = await mail.sql.query(`SELECT count(*) FILTER (WHERE done_at IS NULL)::int AS open, count(*)::int AS n FROM outbox WHERE event = 'mail.queued'`);
      return rows[0].n > 0 && rows[0].open === 0 ? true : undefined;
    });
    const { rows } = await mail.sql.query(`SELECT 1 FROM staff WHERE employee_id = ANY($1) AND NOT active`, [plain]);
    expect(rows).toEqual([]);
  });

  it('applies a held file only with the number typed back, through the api, once', async () => {
    const held = await fileNamed('hr-2026-12-04.csv');
    const preview = await session.post(`/api/roster/feed-files/${held.id}/apply?dryRun=true`);
    expect(preview.status).toBe(200);
    expect(((await preview.json()) as RosterImportResult).confirmation).toMatchObject({ required: true, deactivate: 5 });

    const unconfirmed = await session.post(`/api/roster/feed-files/${held.id}/apply?dryRun=false`);
    expect(unconfirmed.status).toBe(422);
    expect((await unconfirmed.json()).errors).toEqual([{ field: 'confirmDeactivate', message: expect.stringContaining('5') }]);
    expect((await fileNamed('hr-2026-12-04.csv')).state).toBe('held');

    const applied = await session.post(`/api/roster/feed-files/${held.id}/apply?dryRun=false&confirmDeactivate=5`);
    expect(applied.status).toBe(200);
    expect(await applied.json()).toMatchObject({ applied: true, deactivated: expect.arrayContaining([expect.objectContaining({ employeeId: plain[0] })]) });
    expect(await fileNamed('hr-2026-12-04.csv')).toMatchObject({ state: 'applied', decidedBy: { name: expect.any(String) } });
    const imports = await (await session.get('/api/roster/imports')).json();
    expect(imports.items[0]).toMatchObject({ via: 'feed', actor: { id: expect.any(String) }, confirmed: true, deactivated: 5 });

    expect((await session.post(`/api/roster/feed-files/${held.id}/apply?dryRun=false&confirmDeactivate=5`)).status).toBe(409);
  });

  it('discards another held file, audited, and then it can be neither applied nor discarded', async () => {
    const held = await fileNamed('hr-2026-12-05.csv');
    const discarded = await session.post(`/api/roster/feed-files/${held.id}/discard`);
    expect(discarded.status).toBe(204);
    expect(await fileNamed('hr-2026-12-05.csv')).toMatchObject({ state: 'discarded', decidedBy: { name: expect.any(String) } });
    expect((await session.post(`/api/roster/feed-files/${held.id}/discard`)).status).toBe(409);
    expect((await session.post(`/api/roster/feed-files/${held.id}/apply?dryRun=true`)).status).toBe(409);
    const { rows } = await mail.sql.query(`SELECT action FROM audit_event WHERE subject_id = $1`, [held.id]);
    expect(rows).toEqual([{ action: 'roster.feed-file-discarded' }]);
    // Nothing in it was imported: the five it would have deactivated are still active.
    const still = await mail.sql.query(`SELECT count(*)::int AS n FROM staff WHERE employee_id = ANY($1) AND active`, [plain.slice(5, 10)]);
    expect(still.rows[0].n).toBe(5);
  });
});
