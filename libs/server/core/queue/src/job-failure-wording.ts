import { JobName } from '@equip/shared/contracts';

/** What did not happen, per job, in words for the person reading the failed-jobs panel. */
export const JOB_FAILURE_HEADLINES: Record<JobName, string> = {
  [JobName.PurgeExpiredSessions]: 'Expired sign-in sessions could not be removed',
  [JobName.RefreshDateRuleCohorts]: 'Cohorts whose rules depend on the date could not be refreshed',
  [JobName.SnapshotProgression]: 'The monthly equity progression snapshot could not be taken',
  [JobName.RelayOutbox]: 'Recorded events could not be handed to the background queues',
  [JobName.ReminderSweep]: 'The daily reminder sweep did not finish',
  [JobName.SendDigest]: 'A reminder digest could not be sent',
  [JobName.SendDigests]: 'Some of the day’s reminder digests could not be sent',
  [JobName.SendNudge]: 'A lead’s reminder could not be sent',
  [JobName.SendMail]: 'An email could not be sent',
  [JobName.IssueCertificate]: 'A certificate could not be issued',
  [JobName.SendInvitation]: 'An invitation could not be sent',
  [JobName.RosterFeed]: 'The nightly roster files could not be picked up',
  [JobName.PublishFigures]: 'The figures viewers see could not be published',
  [JobName.FoldRollups]: 'The dashboard’s running totals could not be brought up to date',
};

/** A payload field the job could not use, as what it means for the work. */
const FIELD_WORDS: Record<string, string> = {
  staffId: 'the person’s record was not found',
  staffIds: 'the people’s records were not found',
  recipientId: 'the person’s record was not found',
  recipientIds: 'the people’s records were not found',
  enrollmentId: 'the course completion it is for was not found',
  courseVersionId: 'the course it is for was not found',
  trackId: 'the track it is for was not found',
  assignmentId: 'the assignment it is for was not found',
  nudgeId: 'the lead’s reminder it is for was not found',
  outboxId: 'the recorded event it came from was not found',
  to: 'it had no address to send to',
  kind: 'it did not say what kind of work it is',
  exactDepartments: 'the departments it is for were not found',
};

const INVALID_PAYLOAD = /^Invalid payload for job [^:]*:\s*(.*)$/s;
const NO_HANDLER = /does not handle job/;
const UNREACHABLE = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|socket hang up|Greeting never received|Connection (?:timeout|closed)/i;
const STALLED = /stalled/i;
const TIMED_OUT = /timed? ?out|timeout/i;

/**
 * A failed job in words a person understands: what did not happen and why, never the raw error,
 * a field name or an id ("An invitation could not be sent: the person’s record was not found").
 * The queue dashboard keeps the technical message for whoever fixes it.
 */
export function jobFailureInWords(jobName: string, failedReason: string | undefined): { headline: string; cause: string } {
  const headline = JOB_FAILURE_HEADLINES[jobName as JobName] ?? 'Some background work could not be done';
  return { headline, cause: causeInWords(failedReason ?? '') };
}

function causeInWords(reason: string): string {
  const payload = INVALID_PAYLOAD.exec(reason);
  if (payload) {
    const fields = [...new Set(payload[1].split(';').map((m) => /^\s*(?:each of\s+)?([A-Za-z]+)/.exec(m)?.[1] ?? ''))];
    const known = [...new Set(fields.map((f) => FIELD_WORDS[f]).filter((w): w is string => !!w))];
    const why = known.length ? joinWords(known) : 'it was given incomplete or wrong details';
    return `${why}. Retrying it will not help.`;
  }
  if (NO_HANDLER.test(reason)) return 'no part of the worker does this kind of work (the worker may be an older version than the api). It can be retried once the worker is updated.';
  if (UNREACHABLE.test(reason)) return 'a service it needs, such as the mail server, could not be reached. It can be retried once that service is back.';
  if (STALLED.test(reason)) return 'the worker stopped while doing it (for example, it was restarted). It can be retried.';
  if (TIMED_OUT.test(reason)) return 'it took too long and was stopped. It can be retried.';
  return reason.trim() ? 'it stopped with an unexpected error. The queue dashboard shows the technical details.' : 'no error was recorded. The queue dashboard shows what is known.';
}

function joinWords(parts: string[]): string {
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
