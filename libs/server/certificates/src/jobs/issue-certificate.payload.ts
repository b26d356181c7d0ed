import { JobName, JobPayloads } from '@equip/shared/contracts';

export type IssueCertificatePayload = JobPayloads[JobName.IssueCertificate];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks an IssueCertificate job's data when the job starts (the processor's `@HandlesJobs` check):
 * throws an Error naming the field, and the job fails at once without retries — a malformed
 * payload can never succeed.
 */
export function parseIssueCertificatePayload(data: unknown): IssueCertificatePayload {
  const fail = (message: string): never => {
    throw new Error(message);
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('expected an object');
  const value = data as Record<string, unknown>;
  const uuid = (field: string): string => {
    const id = value[field];
    if (typeof id !== 'string' || !UUID.test(id)) fail(`${field} must be a uuid`);
    return (id as string).toLowerCase();
  };
  const outboxId = uuid('outboxId');
  const staffId = uuid('staffId');
  switch (value['kind']) {
    case 'course':
      return { outboxId, kind: 'course', staffId, enrollmentId: uuid('enrollmentId'), courseVersionId: uuid('courseVersionId') };
    case 'track':
      return { outboxId, kind: 'track', staffId, trackCompletionId: uuid('trackCompletionId'), trackId: uuid('trackId') };
    default:
      return fail(`kind must be 'course' or 'track'`);
  }
}
