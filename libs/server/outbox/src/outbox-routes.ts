import { JobName, JobPayloads, OutboxEvent, QueueName } from '@equip/shared/contracts';

/** One outbox row as the relay reads it (`id` is a bigint, so a string). */
export interface OutboxRow {
  id: string;
  /** The row's random id: what its job's payload names it by, never repeated by another database. */
  uid: string;
  /** Which hand-over this is (1 for the first): each one is a job id Redis has never seen. */
  handover: number;
  event: string;
  payload: Record<string, unknown>;
}

/** Where one row goes: a job on a queue, with the row's uid in its payload and job id. */
export interface OutboxRoute<N extends JobName = JobName> {
  queue: QueueName;
  name: N;
  data: JobPayloads[N];
  jobId: string;
}

/**
 * The job id of a row's hand-over. Built from the row's random uid, so a recreated or restored
 * database never hands BullMQ an id it still keeps from before (it would drop the job as a
 * duplicate); and from the hand-over count, so a row handed over again (its job lost with Redis,
 * or still kept as done from before a point-in-time restore) is a new job. Duplicate jobs are
 * harmless: each processor records its effect once and marks the row done with it.
 */
export const outboxJobId = (uid: string, handover: number): string => `outbox-${uid}-${handover}`;

type Router = (row: OutboxRow) => Omit<OutboxRoute, 'jobId'>;

const str = (value: unknown): string => (typeof value === 'string' ? value : String(value ?? ''));

/**
 * Event → queue, job and payload. The payload is the row's, plus `outboxId`; the job's processor
 * checks it when the job starts and marks the row done with its effect (`markOutboxDone`).
 */
const ROUTES: Record<OutboxEvent, Router> = {
  [OutboxEvent.CourseCompleted]: (row) => ({
    queue: QueueName.Certificates,
    name: JobName.IssueCertificate,
    data: {
      outboxId: row.uid,
      kind: 'course',
      enrollmentId: str(row.payload['enrollmentId']),
      staffId: str(row.payload['staffId']),
      courseVersionId: str(row.payload['courseVersionId']),
    },
  }),
  [OutboxEvent.TrackCompleted]: (row) => ({
    queue: QueueName.Certificates,
    name: JobName.IssueCertificate,
    data: {
      outboxId: row.uid,
      kind: 'track',
      trackCompletionId: str(row.payload['trackCompletionId']),
      staffId: str(row.payload['staffId']),
      trackId: str(row.payload['trackId']),
    },
  }),
  [OutboxEvent.AssignmentNudged]: (row) => ({
    queue: QueueName.Reminders,
    name: JobName.SendNudge,
    data: {
      outboxId: row.uid,
      nudgeId: str(row.payload['nudgeId']),
      assignmentId: str(row.payload['assignmentId']),
      staffId: str(row.payload['staffId']),
    },
  }),
  [OutboxEvent.StaffInvited]: (row) => ({
    queue: QueueName.Invitations,
    name: JobName.SendInvitation,
    data: { outboxId: row.uid, staffId: str(row.payload['staffId']) },
  }),
  // The mail is rendered when the row is written; the sender sends it once per key and marks the row done.
  [OutboxEvent.MailQueued]: (row) => ({
    queue: QueueName.Email,
    name: JobName.SendMail,
    data: {
      outboxId: row.uid,
      key: str(row.payload['key']),
      to: str(row.payload['to']),
      subject: str(row.payload['subject']),
      html: str(row.payload['html']),
      text: str(row.payload['text']),
    },
  }),
};

/** The job for a row, or undefined for an event the relay does not know (it is logged and left). */
export function routeOutboxRow(row: OutboxRow): OutboxRoute | undefined {
  const router = (ROUTES as Record<string, Router | undefined>)[row.event];
  if (!router) return undefined;
  return { ...router({ ...row, payload: row.payload ?? {} }), jobId: outboxJobId(row.uid, row.handover) };
}
