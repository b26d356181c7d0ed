import { dropRedisPrefix, SmtpCatcher, startSmtpCatcher, TestDatabase, timeBudget } from '@equip/server/testing';
import { JobName, QueueName } from '@equip/shared/contracts';
import { Queue, QueueEvents } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { createServer, request, Server } from 'node:http';
import { Client } from 'pg';
import { ExtraApi, startExtraApi } from '../support/api-process';
import { e2e } from '../support/environment';
import { Session } from '../support/http';
import { completeCourse, createLearner } from '../support/learning';
import { freePort, until } from '../support/processes';
import { createE2eDatabase, ExtraWorker, startExtraWorker } from '../support/stack';

timeBudget(150);

/**
 * Equip as a city deploys it behind a load balancer: two api processes behind a round-robin proxy
 * (every request goes to the other one) and two workers, on one database and one Redis. Sessions,
 * refreshes and the sign-in lockout hold whichever process answers; a completion yields one
 * certificate and one mail, and either api serves its PDF (files are in PostgreSQL, not a
 * process's folder); a reminder sweep run twice mails each person once.
 */
describe('several api and worker processes on one database and Redis', () => {
  const { redisUrl } = e2e();
  const queuePrefix = `equip-e2e-${randomBytes(4).toString('hex')}`;
  let smtp: SmtpCatcher;
  let db: TestDatabase;
  let sql: Client;
  const apis: ExtraApi[] = [];
  const workers: ExtraWorker[] = [];
  let proxy: Server;
  let proxyUrl: string;
  /** Which api answered each request, in order (0 or 1). */
  const answeredBy: number[] = [];

  /** A round-robin load balancer: request n goes to api n mod 2, which it names in `x-answered-by`. */
  async function startProxy(port: number): Promise<Server> {
    const server = createServer((incoming, outgoing) => {
      const index = answeredBy.length % apis.length;
      answeredBy.push(index);
      const target = new URL(incoming.url ?? '/', apis[index].baseUrl);
      const upstream = request(target, { method: incoming.method, headers: { ...incoming.headers, host: target.host } }, (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-answered-by': String(index) });
        answer.pipe(outgoing);
      });
      upstream.on('error', () => outgoing.writeHead(502).end());
      incoming.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return server;
  }

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    db = await createE2eDatabase();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    const port = await freePort();
    proxyUrl = `http://localhost:${port}`;
    const shared = {
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: queuePrefix,
      APP_URL: proxyUrl,
      JWT_SECRET: randomBytes(32).toString('hex'),
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Equip <no-reply@equip.test>',
    };
    for (let i = 0; i < 2; i++) workers.push(await startExtraWorker(shared));
    for (let i = 0; i < 2; i++) apis.push(await startExtraApi(shared));
    proxy = await startProxy(port);
  });

  afterAll(async () => {
    await new Promise((resolve) => proxy?.close(resolve));
    for (const worker of workers) await worker.stop();
    for (const api of apis) await api.stop();
    await sql?.end();
    await db?.drop();
    await smtp?.close();
    await dropRedisPrefix(redisUrl, queuePrefix);
  });

  it('keeps a session, and refreshes it, whichever process answers', async () => {
    await createLearner(db.url, 'two.processes@equip.test', 'a long two processes passphrase');
    const learner = new Session(proxyUrl);
    expect((await learner.signIn('two.processes@equip.test', 'a long two processes passphrase')).status).toBe(200);
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const res = await learner.get('/api/auth/session');
      expect(res.status).toBe(200);
      seen.add(res.headers.get('x-answered-by') ?? '');
    }
    for (let i = 0; i < 2; i++) {
      const res = await learner.post('/api/auth/refresh');
      expect(res.status).toBe(200);
      seen.add(res.headers.get('x-answered-by') ?? '');
    }
    expect((await learner.get('/api/auth/session')).status).toBe(200);
    expect([...seen].sort()).toEqual(['0', '1']);
    // Signed out on one process, the session ends on both.
    expect((await learner.post('/api/auth/sign-out')).status).toBeLessThan(300);
    expect((await learner.get('/api/auth/session')).status).toBe(401);
    expect((await learner.get('/api/auth/session')).status).toBe(401);
  });

  it('locks an account after five failed sign-ins, wherever they landed', async () => {
    await createLearner(db.url, 'locked.two@equip.test', 'a long lockout passphrase');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await new Session(proxyUrl).signIn('locked.two@equip.test', `wrong-password-${i}-xyz`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await new Session(proxyUrl).signIn('locked.two@equip.test', 'a long lockout passphrase')).status).toBe(429);
  });

  it('issues one certificate and one mail for a completion, and either api serves the PDF', async () => {
    const email = 'certificate.two@equip.test';
    const staffId = await createLearner(db.url, email, 'a long certificate passphrase');
    const learner = new Session(proxyUrl);
    expect((await learner.signIn(email, 'a long certificate passphrase')).status).toBe(200);
    await completeCourse(learner, db.url, 'racial-equity-foundations');
    const certificate = await until('the certificate to be issued and mailed', async () => {
      const { rows } = await sql.query(`SELECT id FROM certificate WHERE staff_id = $1 AND mailed_at IS NOT NULL`, [staffId]);
      return rows[0] as { id: string } | undefined;
    });
    // Long enough for a second worker's duplicate, if there were one, to arrive.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await sql.query(`SELECT count(*)::int AS n FROM certificate WHERE staff_id = $1`, [staffId])).rows[0].n).toBe(1);
    expect(smtp.messages.filter((m) => m.envelope.to.includes(email))).toHaveLength(1);
    const answered = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const res = await learner.get(`/api/certificates/${certificate.id}/pdf`);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
      answered.add(res.headers.get('x-answered-by') ?? '');
    }
    expect([...answered].sort()).toEqual(['0', '1']);
  });

  it('mails each person one digest when the sweep runs twice at once on two workers', async () => {
    const connection = { url: redisUrl, maxRetriesPerRequest: null };
    const queue = new Queue(QueueName.Reminders, { connection, prefix: `{${queuePrefix}}` });
    const events = new QueueEvents(QueueName.Reminders, { connection, prefix: `{${queuePrefix}}` });
    try {
      await events.waitUntilReady();
      const today = (await sql.query(`SELECT (now() AT TIME ZONE 'America/New_York')::date::text AS d`)).rows[0].d as string;
      const emails = ['digest.one@equip.test', 'digest.two@equip.test', 'digest.three@equip.test'];
      for (const email of emails) {
        const staffId = await createLearner(db.url, email, 'a long digest passphrase');
        await sql.query(
          `INSERT INTO assignment (staff_id, course_id, due_on) SELECT $1, c.id, $2::date + 1 FROM course c WHERE c.slug = 'racial-equity-foundations'`,
          [staffId, today],
        );
      }
      const jobs = await Promise.all([queue.add(JobName.ReminderSweep, { day: today }), queue.add(JobName.ReminderSweep, { day: today })]);
      const results = await Promise.all(jobs.map((job) => job.waitUntilFinished(events, 120_000)));
      const received = (email: string) => smtp.messages.filter((m) => m.envelope.to.includes(email));
      for (const email of emails) {
        await until(`the digest to ${email} (sweeps: ${JSON.stringify(results)})`, async () => (received(email).length > 0 ? true : undefined), 60_000);
      }
      // Long enough for a duplicate from the second sweep or the other worker, if there were one, to arrive.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(emails.map((email) => [email, received(email).length])).toEqual(emails.map((email) => [email, 1]));
    } finally {
      await events.close();
      await queue.close();
    }
  });
});
