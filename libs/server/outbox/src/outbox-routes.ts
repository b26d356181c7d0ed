import { JobName, JobPayloads, OutboxEvent, QueueName } from '@equip/shared/contracts';

/** One outbox row as the relay reads it (`id` is a bigint, so a string). */
export interface OutboxRow {
  id: string;
  event: string;
  payload: Record<string, unknown>;
}

/** Where one row goes: a job on a queue, with the row's id in its payload and job id. */
export interface OutboxRoute<N extends JobName = JobName> {
  queue: QueueName;
  name: N;
  data: JobPayloads[N];
  jobId: string;
}

/** The job id of a row's job: a second add while that job still exists (waiting, active, kept after finishing) is a no-op. */
export const outboxJobId = (outboxId: string): string => `outbox-${outboxId}`;

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
      outboxId: row.id,
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
      outboxId: row.id,
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
      outboxId: row.id,
      nudgeId: str(row.payload['nudgeId']),
      assignmentId: str(row.payload['assignmentId']),
      staffId: str(row.payload['staffId']),
    },
  }),
  [OutboxEvent.StaffInvited]: (row) => ({
    queue: QueueName.Invitations,
    name: JobName.SendInvitation,
    data: { outboxId: row.id, staffId: str(row.payload['staffId']) },
  }),
};

/** The job for a row, or undefined for an event the relay does not know (it is logged and left). */
export function routeOutboxRow(row: OutboxRow): OutboxRoute | undefined {
  const router = (ROUTES as Record<string, Router | undefined>)[row.event];
  if (!router) return undefined;
  return { ...router({ ...row, payload: row.payload ?? {} }), jobId: outboxJobId(row.id) };
}
