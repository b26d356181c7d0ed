import { DIGEST_CHUNK_MAX, JobName, JobPayloads } from '@equip/shared/contracts';
import { isCalendarDate } from '@equip/shared/domain';

/** A payload that is not what its job expects: the job fails at once, visibly, with what is wrong. */
export class InvalidPayloadError extends Error {
  constructor(job: JobName, problem: string) {
    super(`Invalid ${job} payload: ${problem}`);
    this.name = 'InvalidPayloadError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID = /^\d{1,18}$/;
const object = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const text = (value: unknown) => typeof value === 'string' && value.length > 0;
const id = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) || (typeof value === 'string' && ID.test(value));

export function sweepPayload(data: unknown): JobPayloads[JobName.ReminderSweep] {
  const p = object(data);
  if (p['day'] !== undefined && !isCalendarDate(p['day'])) throw new InvalidPayloadError(JobName.ReminderSweep, `day must be a date such as 2026-11-30 (got ${JSON.stringify(p['day'])})`);
  return p['day'] === undefined ? {} : { day: p['day'] as string };
}

export function digestPayload(data: unknown): JobPayloads[JobName.SendDigest] {
  const p = object(data);
  if (typeof p['recipientId'] !== 'string' || !UUID.test(p['recipientId'])) throw new InvalidPayloadError(JobName.SendDigest, 'recipientId must be a staff id');
  if (!isCalendarDate(p['day'])) throw new InvalidPayloadError(JobName.SendDigest, 'day must be a date such as 2026-11-30');
  if (!['learner', 'escalation', 'nudge'].includes(p['kind'] as string)) throw new InvalidPayloadError(JobName.SendDigest, 'kind must be learner, escalation or nudge');
  return { recipientId: p['recipientId'], day: p['day'] as string, kind: p['kind'] as JobPayloads[JobName.SendDigest]['kind'] };
}

export function digestsPayload(data: unknown): JobPayloads[JobName.SendDigests] {
  const p = object(data);
  const ids = p['recipientIds'];
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > DIGEST_CHUNK_MAX || !ids.every((x) => typeof x === 'string' && UUID.test(x))) {
    throw new InvalidPayloadError(JobName.SendDigests, `recipientIds must be a list of 1 to ${DIGEST_CHUNK_MAX} staff ids`);
  }
  if (new Set(ids).size !== ids.length) throw new InvalidPayloadError(JobName.SendDigests, 'recipientIds must name each person once');
  if (!isCalendarDate(p['day'])) throw new InvalidPayloadError(JobName.SendDigests, 'day must be a date such as 2026-11-30');
  if (!['learner', 'escalation'].includes(p['kind'] as string)) throw new InvalidPayloadError(JobName.SendDigests, 'kind must be learner or escalation');
  return { recipientIds: ids as string[], day: p['day'] as string, kind: p['kind'] as JobPayloads[JobName.SendDigests]['kind'] };
}

export function nudgePayload(data: unknown): JobPayloads[JobName.SendNudge] {
  const p = object(data);
  if (!id(p['nudgeId'])) throw new InvalidPayloadError(JobName.SendNudge, 'nudgeId must be a nudge id');
  for (const field of ['outboxId', 'assignmentId', 'staffId'] as const) {
    if (typeof p[field] !== 'string' || !UUID.test(p[field] as string)) throw new InvalidPayloadError(JobName.SendNudge, `${field} must be a uuid`);
  }
  return { outboxId: p['outboxId'] as string, nudgeId: String(p['nudgeId']), assignmentId: p['assignmentId'] as string, staffId: p['staffId'] as string };
}

export function mailPayload(data: unknown): JobPayloads[JobName.SendMail] {
  const p = object(data);
  for (const field of ['key', 'to', 'subject', 'html', 'text'] as const) {
    if (!text(p[field])) throw new InvalidPayloadError(JobName.SendMail, `${field} must be a non-empty string`);
  }
  if (!/^[^\s@]+@[^\s@]+$/.test(p['to'] as string)) throw new InvalidPayloadError(JobName.SendMail, 'to must be an email address');
  if (p['outboxId'] !== undefined && (typeof p['outboxId'] !== 'string' || !UUID.test(p['outboxId']))) {
    throw new InvalidPayloadError(JobName.SendMail, 'outboxId must be a uuid');
  }
  const attachments = p['attachments'];
  if (attachments !== undefined) {
    if (!Array.isArray(attachments)) throw new InvalidPayloadError(JobName.SendMail, 'attachments must be a list');
    attachments.forEach((a, i) => {
      const ref = object(a);
      for (const field of ['filename', 'contentType', 'storageKey']) {
        if (!text(ref[field])) throw new InvalidPayloadError(JobName.SendMail, `attachments[${i}].${field} must be a non-empty string`);
      }
    });
  }
  return p as unknown as JobPayloads[JobName.SendMail];
}
