import { type FailedJobsSummary, JobName, QueueName } from '@equip/shared/contracts';
import { Queue, QueueEvents } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { e2e } from '../support/environment';
import { Session } from '../support/http';

/**
 * The queue dashboard (bull-board at /api/admin/queues) is mounted outside the OpenAPI document,
 * so the authorization matrix cannot list it: this checks every role on it, and that a RASE
 * administrator sees every queue and a failed job's error, and can retry it (and nothing more).
 */
describe('queue dashboard', () => {
  const DASHBOARD = '/api/admin/queues';
  const { redisUrl, queuePrefix } = e2e();
  const connection = { url: redisUrl, maxRetriesPerRequest: null };
  const sessions: Record<string, Session> = {};
  let invitations: Queue;
  let events: QueueEvents;

  beforeAll(async () => {
    for (const [who, email] of [
      ['learner', 'learner@equip.demo'],
      ['lead', 'lead@equip.demo'],
      ['viewer', 'viewer@equip.demo'],
      ['admin', 'admin@equip.demo'],
    ]) {
      sessions[who] = new Session();
      expect((await sessions[who].signIn(email)).status).toBe(200);
    }
    invitations = new Queue(QueueName.Invitations, { connection, prefix: `{${queuePrefix}}` });
    events = new QueueEvents(QueueName.Invitations, { connection, prefix: `{${queuePrefix}}` });
    await events.waitUntilReady();
  });

  afterAll(async () => {
    await events?.close();
    await invitations?.close();
  });

  it.each([
    [DASHBOARD, 'the page'],
    [`${DASHBOARD}/api/queues`, 'its data'],
    [`${DASHBOARD}/static/css/main.css`, 'its assets'],
  ])('answers %s (%s) with 401 signed out and 403 for every role but RASE administrators', async (path) => {
    expect((await new Session().get(path)).status).toBe(401);
    for (const who of ['learner', 'lead', 'viewer']) expect({ who, status: (await sessions[who].get(path)).status }).toEqual({ who, status: 403 });
  });

  it('shows a RASE administrator the dashboard under the api’s content security policy', async () => {
    const res = await sessions['admin'].get(DASHBOARD);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    const script = /<script defer src="(static\/js\/main[^"]+)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect((await sessions['admin'].get(`${DASHBOARD}/${script}`)).status).toBe(200);
  });

  it('lists every queue, and a failed job with its error, which the administrator can retry', async () => {
    const admin = sessions['admin'];
    const listed = await admin.get(`${DASHBOARD}/api/queues`);
    expect(listed.status).toBe(200);
    const names = ((await listed.json()).queues as { name: string }[]).map((q) => q.name).sort();
    expect(names).toEqual(Object.values(QueueName).sort());

    // A job the worker rejects: its payload names no staff member.
    const job = await invitations.add(JobName.SendInvitation, { outboxId: randomUUID(), staffId: 'not-a-uuid' }, { jobId: `dashboard-${randomUUID()}`, attempts: 1 });
    await expect(job.waitUntilFinished(events, 20_000)).rejects.toThrow(/staffId must be a staff id/);

    const failed = await admin.get(`${DASHBOARD}/api/queues?activeQueue=${QueueName.Invitations}&status=failed&page=1&jobsPerPage=50`);
    const queue = ((await failed.json()).queues as { name: string; jobs: { id: string; failedReason?: string }[] }[]).find((q) => q.name === QueueName.Invitations)!;
    expect(queue.jobs.find((j) => j.id === job.id)?.failedReason).toMatch(/Invalid payload for job send-invitation .*staffId must be a staff id/);

    const retryPath = `${DASHBOARD}/api/queues/${QueueName.Invitations}/${encodeURIComponent(job.id!)}/retry`;
    // Like every write to the api it needs the CSRF header (the dashboard's client sends it from our cookie).
    expect((await admin.request('PUT', retryPath, {}, { 'x-xsrf-token': 'forged' })).status).toBe(403);
    expect((await sessions['viewer'].request('PUT', retryPath, {})).status).toBe(403);
    const retried = await admin.request('PUT', retryPath, {});
    expect(retried.status).toBeLessThan(300);
    await expect(job.waitUntilFinished(events, 20_000)).rejects.toThrow(/staffId/);
    expect((await invitations.getJob(job.id!))?.attemptsMade).toBe(2);

    // Anything else that writes is refused: removing a job or emptying a queue could lose mail.
    expect((await admin.request('PUT', `${DASHBOARD}/api/queues/${QueueName.Invitations}/empty`, {})).status).toBe(403);
    expect((await admin.request('PUT', `${DASHBOARD}/api/queues/${QueueName.Invitations}/${encodeURIComponent(job.id!)}/clean`, {})).status).toBe(403);
    expect(await invitations.getJob(job.id!)).toBeDefined();
  });

  it('counts failed jobs and describes the latest in words for administrators only (the RASE home)', async () => {
    expect((await new Session().get('/api/admin/failed-jobs')).status).toBe(401);
    for (const who of ['learner', 'lead', 'viewer']) expect({ who, status: (await sessions[who].get('/api/admin/failed-jobs')).status }).toEqual({ who, status: 403 });

    const before: FailedJobsSummary = await (await sessions['admin'].get('/api/admin/failed-jobs')).json();
    const job = await invitations.add(JobName.SendInvitation, { outboxId: randomUUID(), staffId: 'not-a-uuid' }, { jobId: `summary-${randomUUID()}`, attempts: 1 });
    await expect(job.waitUntilFinished(events, 20_000)).rejects.toThrow(/staffId must be a staff id/);

    const res = await sessions['admin'].get('/api/admin/failed-jobs');
    expect(res.status).toBe(200);
    const after: FailedJobsSummary = await res.json();
    expect(after.total).toBe(before.total + 1);
    expect(after.latest[0]).toEqual({
      headline: 'An invitation could not be sent',
      cause: 'the person’s record was not found. Retrying it will not help.',
      failedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      attempts: 1,
    });
    // In words only: no id, field name or raw error reaches the panel (the queue dashboard keeps those).
    expect(JSON.stringify(after)).not.toMatch(new RegExp(`${job.id!}|staffId|Invalid payload|UUID`));
  });
});
