/** Every BullMQ queue Equip uses. Names are shared by the api (producers) and the worker (processors). */
export enum QueueName {
  Maintenance = 'maintenance',
  /** Relays outbox rows into the queues below (woken by LISTEN/NOTIFY, and polling). */
  Outbox = 'outbox',
  /** The daily reminder sweep, digests and nudges. */
  Reminders = 'reminders',
  /** One job per outgoing message. */
  Email = 'email',
  /** PDF rendering and issuing; CPU-heavy, so its processor is sandboxed. */
  Certificates = 'certificates',
  /** Invitation mail (a fresh set-password link) for staff added by an administrator or a roster import. */
  Invitations = 'invitations',
  /** Folding the reporting rollups' pending deltas into their rows, every few seconds (its own queue: never behind a long maintenance job). */
  Rollups = 'rollups',
  /** Computing the published figures: minutes on a big city, so a queue of its own (never ahead of a roster feed or a snapshot). */
  Publication = 'publication',
}

export enum JobName {
  PurgeExpiredSessions = 'purge-expired-sessions',
  /** Re-checks rule cohorts whose rules depend on today's date (hired within the last N days). */
  RefreshDateRuleCohorts = 'refresh-date-rule-cohorts',
  /** Takes this month's equity-progression snapshot of every department (replaced daily, so the month ends on its last day's figures). */
  SnapshotProgression = 'snapshot-progression',
  /** A scheduled safety net: the relay also polls on its own timer. */
  RelayOutbox = 'relay-outbox',
  /** The daily sweep: finds due reminders and escalations, records them in the ledger, queues digests. */
  ReminderSweep = 'reminder-sweep',
  /** One recipient's digest: a nudge mail (and a daily digest queued before SendDigests existed). */
  SendDigest = 'send-digest',
  /** The day's digests of one kind for a chunk of recipients (what the daily sweep queues). */
  SendDigests = 'send-digests',
  /** A lead asked the worker to remind one person about one assignment (outbox `assignment.nudged`). */
  SendNudge = 'send-nudge',
  /** Any outgoing mail, already addressed and rendered. */
  SendMail = 'send-mail',
  /** Issue (render, store, record, mail) the certificate of one completion (outbox `course.completed` / `track.completed`). */
  IssueCertificate = 'issue-certificate',
  /** Invitation mail for a staff member (outbox `staff.invited`); the token is made by the worker, never stored in the outbox. */
  SendInvitation = 'send-invitation',
  /** The scheduled roster feed: picks up the files in ROSTER_FEED_DIR, each once, and imports or holds them. */
  RosterFeed = 'roster-feed',
  /** Computes and stores the published figures (small-group protection over the whole published set). */
  PublishFigures = 'publish-figures',
  /** Moves the reporting rollups' committed deltas into their rows (`report_fold()`). */
  FoldRollups = 'fold-rollups',
}

/** Outbox events the API writes in the same transaction as the state change they announce. */
export enum OutboxEvent {
  CourseCompleted = 'course.completed',
  TrackCompleted = 'track.completed',
  AssignmentNudged = 'assignment.nudged',
  StaffInvited = 'staff.invited',
  /** A mail already addressed and rendered (the payload is a SendMail job's, `key` included), sent by the worker. */
  MailQueued = 'mail.queued',
}

/** Every job that comes from an outbox row carries the row's uid (never repeated, unlike its sequence id); the processor marks the row done with its effect. */
export interface FromOutbox {
  outboxId: string;
}

export interface MailAttachmentRef {
  filename: string;
  contentType: string;
  /** Key in the file storage (local folder or S3-compatible bucket). */
  storageKey: string;
}

/** Payload type of each job; the worker validates it when the job starts. */
export interface JobPayloads {
  [JobName.PurgeExpiredSessions]: { olderThanDays: number };
  [JobName.RefreshDateRuleCohorts]: Record<string, never>;
  [JobName.SnapshotProgression]: Record<string, never>;
  [JobName.RelayOutbox]: Record<string, never>;
  /** `day` is the city-local date (YYYY-MM-DD) the sweep is for; defaults to today. */
  [JobName.ReminderSweep]: { day?: string };
  /** `nudge`: the nudges recorded for the person and not yet mailed, in one mail (`day` is the day the first was recorded). */
  [JobName.SendDigest]: { recipientId: string; day: string; kind: 'learner' | 'escalation' | 'nudge' };
  /** One daily digest per recipient (`day` as SendDigest's); at most DIGEST_CHUNK_MAX recipients, each once. */
  [JobName.SendDigests]: { day: string; kind: 'learner' | 'escalation'; recipientIds: string[] };
  [JobName.SendNudge]: FromOutbox & { nudgeId: string; assignmentId: string; staffId: string };
  [JobName.SendMail]: Partial<FromOutbox> & {
    /** Unique per message: the job id and the delivery ledger key, so a retried job never mails twice. */
    key: string;
    to: string;
    subject: string;
    html: string;
    text: string;
    attachments?: MailAttachmentRef[];
  };
  [JobName.IssueCertificate]: FromOutbox &
    ({ kind: 'course'; enrollmentId: string; staffId: string; courseVersionId: string } | { kind: 'track'; trackCompletionId: string; staffId: string; trackId: string });
  [JobName.SendInvitation]: FromOutbox & { staffId: string };
  [JobName.RosterFeed]: Record<string, never>;
  /** Without `exactDepartments`: the base publication and every lead-viewer's; with it, that one publication only. */
  [JobName.PublishFigures]: { exactDepartments?: string[] };
  [JobName.FoldRollups]: Record<string, never>;
}

/** The most recipients one SendDigests job may carry (the sweep queues fewer; see the notifications README). */
export const DIGEST_CHUNK_MAX = 200;

/** Which queue carries each job: the worker checks at start-up that each has exactly one handler. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.PurgeExpiredSessions]: QueueName.Maintenance,
  [JobName.RefreshDateRuleCohorts]: QueueName.Maintenance,
  [JobName.SnapshotProgression]: QueueName.Maintenance,
  [JobName.RelayOutbox]: QueueName.Outbox,
  [JobName.ReminderSweep]: QueueName.Reminders,
  [JobName.SendDigest]: QueueName.Reminders,
  [JobName.SendDigests]: QueueName.Reminders,
  [JobName.SendNudge]: QueueName.Reminders,
  [JobName.SendMail]: QueueName.Email,
  [JobName.IssueCertificate]: QueueName.Certificates,
  [JobName.SendInvitation]: QueueName.Invitations,
  [JobName.RosterFeed]: QueueName.Maintenance,
  [JobName.PublishFigures]: QueueName.Publication,
  [JobName.FoldRollups]: QueueName.Rollups,
};

/** GET /api/admin/failed-jobs (RASE administrators): failed background jobs, in words. */
export interface FailedJobsSummary {
  /** Failed jobs kept across every queue (BullMQ keeps them until retried or removed). */
  total: number;
  /** The latest few, newest first. */
  latest: FailedJob[];
}

export interface FailedJob {
  /** What did not happen, in words ("An invitation could not be sent"). */
  headline: string;
  /** Why, in words a person understands, and whether a retry can help; never the raw error (the queue dashboard keeps that). */
  cause: string;
  /** When it last failed (ISO 8601). */
  failedAt: string;
  attempts: number;
}

