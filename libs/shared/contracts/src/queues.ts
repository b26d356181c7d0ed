/** Every BullMQ queue Equip uses. Names are shared by the api (producers) and the worker (processors). */
export enum QueueName {
  Maintenance = 'maintenance',
}

export enum JobName {
  PurgeExpiredSessions = 'purge-expired-sessions',
}

/** Payload type of each job; the worker validates it when the job starts. */
export interface JobPayloads {
  [JobName.PurgeExpiredSessions]: { olderThanDays: number };
}

/** Which queue carries each job: the worker checks at start-up that each has exactly one handler. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.PurgeExpiredSessions]: QueueName.Maintenance,
};
