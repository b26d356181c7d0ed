import { JobName, QueueName } from '@equip/shared/contracts';
import { Queue, QueueEvents } from 'bullmq';
import { Client } from 'pg';
import { e2e } from './environment';

export interface IssuedCertificate {
  id: string;
  serial: string;
  verificationCode: string;
  enrollmentId: string;
  outboxId: string;
}

/**
 * Completes `courseSlug` for a person in the database (as the api's completion does: enrollment
 * and `course.completed` outbox row in one transaction), then hands the row's job to the running
 * worker as the outbox relay does, and waits for the worker to issue the certificate.
 */
export async function issueCourseCertificate(staffId: string, courseSlug: string): Promise<IssuedCertificate> {
  const { databaseUrl, redisUrl, queuePrefix } = e2e();
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const connection = { url: redisUrl, maxRetriesPerRequest: null };
  const queue = new Queue(QueueName.Certificates, { connection, prefix: `{${queuePrefix}}` });
  const events = new QueueEvents(QueueName.Certificates, { connection, prefix: `{${queuePrefix}}` });
  try {
    await events.waitUntilReady();
    await client.query('BEGIN');
    const { rows: [enrollment] } = await client.query(
      `INSERT INTO enrollment (staff_id, course_version_id, completed_at)
       SELECT $1, c.current_version_id, now() FROM course c WHERE c.slug = $2
       RETURNING id, course_version_id AS "courseVersionId"`,
      [staffId, courseSlug],
    );
    const event = { enrollmentId: enrollment.id, staffId, courseVersionId: enrollment.courseVersionId };
    const { rows: [outbox] } = await client.query(`INSERT INTO outbox (event, payload) VALUES ('course.completed', $1) RETURNING uid::text AS id`, [JSON.stringify(event)]);
    await client.query('COMMIT');
    const job = await queue.add(JobName.IssueCertificate, { outboxId: outbox.id, kind: 'course', ...event }, { jobId: `outbox-${outbox.id}-1` });
    await job.waitUntilFinished(events, 30_000);
    const { rows: [certificate] } = await client.query(
      `SELECT id, serial, verification_code AS "verificationCode" FROM certificate WHERE enrollment_id = $1`,
      [enrollment.id],
    );
    return { ...certificate, enrollmentId: enrollment.id, outboxId: outbox.id };
  } finally {
    await events.close();
    await queue.close();
    await client.end();
  }
}
