import { getQueueToken } from '@nestjs/bullmq';
import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AuditModule } from '@equip/server/audit';
import { AppConfig, ConfigModule } from '@equip/server/config';
import { DatabaseModule } from '@equip/server/database';
import { DomainError } from '@equip/server/http';
import { FileStorage } from '@equip/server/storage';
import { QueueModule } from '@equip/server/queue';
import { CaughtMail, createTestDatabase, dropRedisPrefix, SmtpCatcher, startSmtpCatcher, TestDatabase, testConfig } from '@equip/server/testing';
import { JobName, JobPayloads, QueueName, type SessionUser } from '@equip/shared/contracts';
import type { Job, Queue } from 'bullmq';
import { Client } from 'pg';
import { CertificateIssuingModule, CertificatesModule } from './certificates.module';
import { CertificatesService } from './certificates.service';

type Payload = JobPayloads[JobName.IssueCertificate];

/**
 * The worker's certificate processor and the api's certificate service on a real PostgreSQL, a
 * Redis prefix of their own and an in-process SMTP server: jobs go through the Certificates queue
 * exactly as the outbox relay adds them.
 */
describe('certificates against PostgreSQL, Redis and SMTP', () => {
  // The first render starts a thread that compiles the renderer from TypeScript: seconds on a busy machine.
  jest.setTimeout(60_000);

  let db: TestDatabase;
  let config: AppConfig;
  let smtp: SmtpCatcher;
  let context: INestApplicationContext;
  let queue: Queue;
  let sql: Client;
  let service: CertificatesService;
  /** The store FILE_STORAGE chooses by default (PostgreSQL), as the api and worker use it. */
  let storage: FileStorage;
  const stored = async (key: string): Promise<Buffer> => {
    const file = await storage.get(key);
    if (!file) throw new Error(`${key} is not in storage`);
    return file;
  };
  const ids = { department: '', ada: '', bo: '', admin: '', competency: '', courseVersion: '', track: '' };

  const one = async <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T> => (await sql.query(text, params)).rows[0] as T;
  const all = async <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> => (await sql.query(text, params)).rows as T[];
  /** The city-local year certificates issued now are numbered in. */
  const year = new Intl.DateTimeFormat('en-US', { year: 'numeric', timeZone: 'America/New_York' }).format(new Date());
  const user = (id: string, roles: SessionUser['roles'] = ['learner']) => ({ id, roles }) as SessionUser;

  async function person(key: string, first: string, last: string): Promise<string> {
    return (await one<{ id: string }>(
      `INSERT INTO staff (employee_id, email, first_name, last_name, department_id) VALUES ($1, $1 || '@city.example', $2, $3, $4) RETURNING id`,
      [key, first, last, ids.department],
    )).id;
  }

  /** A completed enrollment and the outbox row the api would have written with it. */
  async function completeCourse(staffId: string): Promise<Payload> {
    const { id } = await one<{ id: string }>(
      `INSERT INTO enrollment (staff_id, course_version_id, completed_at) VALUES ($1, $2, '2026-03-02T03:30:00Z') RETURNING id`,
      [staffId, ids.courseVersion],
    );
    const event = { enrollmentId: id, staffId, courseVersionId: ids.courseVersion };
    return { outboxId: await outbox('course.completed', event), kind: 'course', ...event };
  }

  async function completeTrack(staffId: string): Promise<Payload> {
    const { id } = await one<{ id: string }>(`INSERT INTO track_completion (staff_id, track_id) VALUES ($1, $2) RETURNING id`, [staffId, ids.track]);
    const event = { trackCompletionId: id, staffId, trackId: ids.track };
    return { outboxId: await outbox('track.completed', event), kind: 'track', ...event };
  }

  async function outbox(event: string, payload: object): Promise<string> {
    return (await one<{ uid: string }>(`INSERT INTO outbox (event, payload) VALUES ($1, $2) RETURNING uid::text`, [event, JSON.stringify(payload)])).uid;
  }

  /** The job id the relay gives a row's first hand-over. */
  const jobIdOf = (outboxId: string) => `outbox-${outboxId}-1`;

  /** Adds the job as the relay does (job id from the outbox id) and waits for it to finish. */
  async function run(payload: unknown, jobId = jobIdOf((payload as Payload).outboxId)): Promise<Job> {
    const job = await queue.add(JobName.IssueCertificate, payload, { jobId, attempts: 2, backoff: { type: 'fixed', delay: 100 } });
    return finished(job);
  }

  async function finished(job: Job, deadline = Date.now() + 20_000): Promise<Job> {
    for (;;) {
      const state = await job.getState();
      if (state === 'completed' || state === 'failed') return (await queue.getJob(job.id!))!;
      if (Date.now() > deadline) throw new Error(`Job ${job.id} still ${state}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const certificatesOf = (staffId: string) =>
    all<{ id: string; serial: string; verification_code: string; pdf_key: string; mailed_at: Date | null }>(`SELECT * FROM certificate WHERE staff_id = $1`, [staffId]);
  const mailsTo = (staffId: string, email = `${staffId}`) => smtp.messages.filter((m) => m.envelope.to.includes(email));
  const emailOf = async (staffId: string) => (await one<{ email: string }>(`SELECT email FROM staff WHERE id = $1`, [staffId])).email;

  beforeAll(async () => {
    db = await createTestDatabase();
    smtp = await startSmtpCatcher();
    config = testConfig({ databaseUrl: db.url, databaseReadUrl: db.url, appUrl: 'https://equip.city.example', smtpUrl: smtp.url, cityTimeZone: 'America/New_York' });
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    ids.department = (await one<{ id: string }>(`INSERT INTO department (code, name, path) VALUES ('HR', 'Human resources', '/') RETURNING id`)).id;
    ids.ada = await person('ada', 'Ada', 'Lovelace');
    ids.bo = await person('bo', 'Bo', 'Nguyễn');
    ids.admin = await person('admin', 'Rae', 'Admin');
    ids.competency = (await one<{ id: string }>(
      `INSERT INTO competency (slug, name, description, levels) VALUES ('foundations', 'Racial equity foundations', 'd', '[{"name":"Aware"},{"name":"Practicing"}]') RETURNING id`,
    )).id;
    const course = await one<{ id: string }>(`INSERT INTO course (slug) VALUES ('equity-basics') RETURNING id`);
    ids.courseVersion = (await one<{ id: string }>(
      `INSERT INTO course_version (course_id, version, content_hash, title, summary, audience, estimated_minutes, competencies, lessons)
       VALUES ($1, 1, repeat('a', 64), 'Equity basics', 's', 'all-staff', 20, '[{"competency":"foundations","level":"Aware"}]', '[]') RETURNING id`,
      [course.id],
    )).id;
    ids.track = (await one<{ id: string }>(
      `INSERT INTO track (slug, title, summary, audience, steps, awards, content_hash)
       VALUES ('all-staff', 'Equity foundations for all staff', 's', 'all-staff', '[]', '{"competency":"foundations","level":"Practicing"}', repeat('b', 64)) RETURNING id`,
    )).id;

    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot('equip-certificates-test'), QueueModule.forRoot(), AuditModule, CertificatesModule, CertificateIssuingModule],
    }).compile();
    context = await moduleRef.init();
    queue = context.get(getQueueToken(QueueName.Certificates));
    service = context.get(CertificatesService);
    storage = context.get(FileStorage);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await sql?.end();
    await smtp?.close();
    await db?.drop();
    await dropRedisPrefix(config.redisUrl, config.queuePrefix);
  });

  describe('issuing a course certificate', () => {
    let payload: Payload;
    let mail: CaughtMail;

    beforeAll(async () => {
      payload = await completeCourse(ids.ada);
      const job = await run(payload);
      expect(job.returnvalue).toMatchObject({ issued: true, mailed: true, serial: expect.stringMatching(new RegExp(`^EQ-${year}-\\d{6}$`)) });
      mail = await smtp.waitFor((m) => m.envelope.to.includes('ada@city.example'));
    });

    it('records one certificate with a serial, an unguessable code and a stored PDF, and marks the outbox row done', async () => {
      const [certificate] = await certificatesOf(ids.ada);
      expect(certificate.serial).toMatch(new RegExp(`^EQ-${year}-000\\d{3}$`));
      expect(certificate.verification_code).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(certificate.pdf_key).toBe(`certificates/${year}/${certificate.serial}.pdf`);
      expect(certificate.mailed_at).not.toBeNull();
      expect((await one<{ done_at: Date | null }>(`SELECT done_at FROM outbox WHERE uid = $1`, [payload.outboxId])).done_at).not.toBeNull();
    });

    it('stores a PDF that names the person, the course, the award, the city-local date and the verification link', async () => {
      const [certificate] = await certificatesOf(ids.ada);
      const pdf = (await stored(certificate.pdf_key));
      const text = pdf.toString('latin1');
      expect(text.startsWith('%PDF-1.7')).toBe(true);
      expect(text).toContain(`(certificate, ${certificate.serial})`);
      expect(text).toContain('(Certificate of completion: Equity basics)');
      // 03:30 UTC on March 2 is still March 1 in New York.
      expect(text).toContain('(Ada Lovelace completed the course Equity basics on March 1, 2026)');
      expect(text).toContain(`/URI (https://equip.city.example/verify/${certificate.verification_code})`);
    });

    it('mails the learner once, with the PDF attached and links to My certificates and the verification page', async () => {
      const [certificate] = await certificatesOf(ids.ada);
      expect(mailsTo(ids.ada, 'ada@city.example')).toHaveLength(1);
      expect(mail.subject).toBe('Your certificate: Equity basics');
      expect(mail.headers['content-type']).toMatch(/^multipart\/mixed/);
      expect(mail.text).toContain('Open My certificates: https://equip.city.example/learn/certificates');
      expect(mail.text).toContain(`https://equip.city.example/verify/${certificate.verification_code}`);
      const attached = new RegExp(`Content-Type: application/pdf; name=${certificate.serial}\\.pdf\\r?\\n[\\s\\S]*?\\r?\\n\\r?\\n([A-Za-z0-9+/=\\r\\n]+)`).exec(mail.raw);
      const pdf = Buffer.from(attached![1].replace(/\s+/g, ''), 'base64');
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.equals((await stored(certificate.pdf_key)))).toBe(true);
    });

    it('issues and mails nothing more when the same job runs again, or a duplicate outbox row arrives', async () => {
      await queue.remove(jobIdOf(payload.outboxId));
      const again = await run(payload);
      const duplicate = await run({ ...payload, outboxId: await outbox('course.completed', payload) });
      expect(again.returnvalue).toMatchObject({ issued: false, mailed: false });
      expect(duplicate.returnvalue).toMatchObject({ issued: false, mailed: false });
      expect(await certificatesOf(ids.ada)).toHaveLength(1);
      expect(mailsTo(ids.ada, 'ada@city.example')).toHaveLength(1);
      expect((await one<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE done_at IS NULL`)).n).toBe(0);
    });

    it('completes the mail, without a second certificate, when a job was lost after recording it', async () => {
      const [before] = await certificatesOf(ids.ada);
      // As if the worker died between the two transactions: recorded, not mailed, outbox row not done.
      await sql.query(`UPDATE certificate SET mailed_at = NULL WHERE id = $1`, [before.id]);
      await sql.query(`UPDATE outbox SET done_at = NULL WHERE uid = $1`, [payload.outboxId]);
      await queue.remove(jobIdOf(payload.outboxId));
      const resent = await run(payload);
      expect(resent.returnvalue).toMatchObject({ issued: false, mailed: true, serial: before.serial });
      const [after] = await certificatesOf(ids.ada);
      expect(after).toMatchObject({ id: before.id, serial: before.serial, verification_code: before.verification_code });
      expect(after.mailed_at).not.toBeNull();
      expect(mailsTo(ids.ada, 'ada@city.example')).toHaveLength(2);
    });
  });

  it('issues one track certificate and one mail when two jobs for the same completion run at once', async () => {
    const payload = await completeTrack(ids.bo);
    const second = await outbox('track.completed', payload);
    const jobs = await Promise.all([queue.add(JobName.IssueCertificate, payload, { jobId: jobIdOf(payload.outboxId) }), queue.add(JobName.IssueCertificate, { ...payload, outboxId: second }, { jobId: jobIdOf(second) })]);
    const results = (await Promise.all(jobs.map((job) => finished(job)))).map((job) => job.returnvalue);
    expect(results.map((r) => r.issued).sort()).toEqual([false, true]);
    expect(results.map((r) => r.mailed).sort()).toEqual([false, true]);
    const certificates = await certificatesOf(ids.bo);
    expect(certificates).toHaveLength(1);
    const email = await emailOf(ids.bo);
    await smtp.waitFor((m) => m.envelope.to.includes(email));
    expect(mailsTo(ids.bo, email)).toHaveLength(1);
    const text = ((await stored(certificates[0].pdf_key))).toString('latin1');
    expect(text).toContain('(Certificate of completion: Equity foundations for all staff)');
  });

  it('fails a malformed job at once, naming the field, and one for a completion that is not there', async () => {
    const malformed = await run({ outboxId: randomUUID(), kind: 'course', staffId: ids.ada, courseVersionId: ids.courseVersion }, 'malformed');
    expect(malformed.failedReason).toBe('Invalid payload for job issue-certificate (id malformed): enrollmentId must be a uuid');
    expect(malformed.attemptsMade).toBe(1);
    const [adaEnrollment] = await all<{ id: string }>(`SELECT id FROM enrollment WHERE staff_id = $1`, [ids.ada]);
    const stranger = await run({ outboxId: randomUUID(), kind: 'course', staffId: ids.bo, enrollmentId: adaEnrollment.id, courseVersionId: ids.courseVersion }, 'stranger');
    expect(stranger.failedReason).toMatch(/No completed course matches this job/);
    expect(stranger.attemptsMade).toBe(1);
  });

  it('re-stores a PDF that went missing from storage, under the same serial', async () => {
    const payload = await completeCourse(ids.bo);
    await run(payload);
    const { pdf_key: key, serial } = await one<{ pdf_key: string; serial: string }>(`SELECT pdf_key, serial FROM certificate WHERE enrollment_id = $1`, [(payload as { enrollmentId: string }).enrollmentId]);
    await storage.delete(key);
    await queue.remove(jobIdOf(payload.outboxId));
    expect((await run(payload)).returnvalue).toMatchObject({ issued: false, serial });
    expect(((await stored(key))).toString('latin1')).toContain(`(certificate, ${serial})`);
  });

  describe('the api side', () => {
    let certificate: { id: string; serial: string; verification_code: string };

    beforeAll(async () => {
      [certificate] = await certificatesOf(ids.ada);
    });

    const failure = async (promise: Promise<unknown>) => {
      const error = await promise.then(() => undefined, (e: unknown) => e);
      if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
      return { status: error.status, errors: error.errors };
    };

    it('gives the PDF to its holder and administrators, and 404 to anyone else', async () => {
      expect((await service.pdf(user(ids.ada), certificate.id)).filename).toBe(`${certificate.serial}.pdf`);
      expect((await service.pdf(user(ids.admin, ['rase_admin']), certificate.id)).content.subarray(0, 5).toString()).toBe('%PDF-');
      expect(await failure(service.pdf(user(ids.bo, ['learner', 'equity_lead', 'viewer']), certificate.id))).toMatchObject({ status: 404 });
    });

    it('verifies a code with the name, title, date and status only', async () => {
      expect(await service.verify(certificate.verification_code)).toEqual({ name: 'Ada Lovelace', title: 'Equity basics', issuedAt: expect.any(String), status: 'valid' });
      expect(await failure(service.verify('A'.repeat(24)))).toMatchObject({ status: 404 });
      expect(await failure(service.verify("' OR 1=1 --"))).toMatchObject({ status: 404 });
    });

    it('lists certificates for administrators, searching serial, person and title', async () => {
      const bySerial = await service.list({ search: certificate.serial });
      expect(bySerial.items).toEqual([
        expect.objectContaining({ id: certificate.id, serial: certificate.serial, person: { id: ids.ada, name: 'Ada Lovelace' }, title: 'Equity basics', status: 'valid', downloadUrl: `/api/certificates/${certificate.id}/pdf` }),
      ]);
      expect((await service.list({ search: 'nguyễn' })).items.map((c) => c.person.id)).toEqual([ids.bo, ids.bo]);
      expect((await service.list({ search: 'foundations for all' })).total).toBe(1);
      expect((await service.list({ page: 1, pageSize: 2 })).items).toHaveLength(2);
      expect((await service.list({})).total).toBe(3);
    });

    it('revokes with a reason, in the same transaction as its audit event, and verification shows it', async () => {
      expect(await failure(service.revoke(user(ids.admin, ['rase_admin']), certificate.id, '   '))).toEqual({ status: 400, errors: [{ field: 'reason', message: 'reason is required' }] });
      const revoked = await service.revoke(user(ids.admin, ['rase_admin']), certificate.id, 'Issued in error', '203.0.113.9');
      expect(revoked).toMatchObject({ id: certificate.id, status: 'revoked', revokedReason: 'Issued in error', revokedAt: expect.any(String) });
      expect(await service.verify(certificate.verification_code)).toMatchObject({ status: 'revoked' });
      const audit = await all(`SELECT actor_id, action, subject_type, subject_id, before, after, ip FROM audit_event WHERE subject_id = $1`, [certificate.id]);
      expect(audit).toEqual([
        {
          actor_id: ids.admin, action: 'certificate.revoked', subject_type: 'certificate', subject_id: certificate.id, ip: '203.0.113.9',
          before: { serial: certificate.serial, status: 'valid' },
          after: { serial: certificate.serial, status: 'revoked', revokedAt: revoked.revokedAt, reason: 'Issued in error' },
        },
      ]);
      expect(await failure(service.revoke(user(ids.admin, ['rase_admin']), certificate.id, 'again'))).toMatchObject({ status: 409 });
      // The holder no longer downloads a revoked certificate; administrators still can.
      expect(await failure(service.pdf(user(ids.ada), certificate.id))).toMatchObject({ status: 404 });
      expect((await service.pdf(user(ids.admin, ['rase_admin']), certificate.id)).filename).toBe(`${certificate.serial}.pdf`);
    });
  });
});
