import { JobName } from '@equip/shared/contracts';
import { JOB_FAILURE_HEADLINES, jobFailureInWords } from './job-failure-wording';

describe('a failed job in words', () => {
  it('says an invitation for no known person could not be sent, without the raw message or its field', () => {
    const words = jobFailureInWords(JobName.SendInvitation, 'Invalid payload for job send-invitation (id home-1): staffId must be a staff id (UUID)');
    expect(words).toEqual({
      headline: 'An invitation could not be sent',
      cause: 'the person’s record was not found. Retrying it will not help.',
    });
    expect(JSON.stringify(words)).not.toMatch(/staffId|UUID|Invalid payload|send-invitation/);
  });

  it('names each thing a payload lacked once, and falls back to plain words for fields it does not know', () => {
    expect(jobFailureInWords(JobName.IssueCertificate, 'Invalid payload for job issue-certificate (id 9): enrollmentId must be a uuid; staffId must be a uuid; staffId should not be empty').cause)
      .toMatch(/^the course completion it is for was not found and the person’s record was not found\. /);
    expect(jobFailureInWords(JobName.PurgeExpiredSessions, 'Invalid payload for job purge-expired-sessions (id 7): the payload must be an object').cause)
      .toMatch(/^it was given incomplete or wrong details\. /);
  });

  it('says when a service was unreachable, the worker stopped, or it took too long — each retryable', () => {
    expect(jobFailureInWords(JobName.SendMail, 'connect ECONNREFUSED 127.0.0.1:1025')).toEqual({
      headline: 'An email could not be sent',
      cause: 'a service it needs, such as the mail server, could not be reached. It can be retried once that service is back.',
    });
    expect(jobFailureInWords(JobName.SendDigest, 'job stalled more than allowable limit').cause).toMatch(/^the worker stopped while doing it/);
    expect(jobFailureInWords(JobName.ReminderSweep, 'Query read timeout').cause).toMatch(/^it took too long/);
  });

  it('never repeats an unexpected error, and words every job and an unknown one', () => {
    const words = jobFailureInWords(JobName.RosterFeed, 'TypeError: Cannot read properties of undefined (reading "path") at /app/dist/main.js:12');
    expect(words.cause).toBe('it stopped with an unexpected error. The queue dashboard shows the technical details.');
    expect(jobFailureInWords('no-such-job', undefined)).toEqual({ headline: 'Some background work could not be done', cause: 'no error was recorded. The queue dashboard shows what is known.' });
    for (const name of Object.values(JobName)) expect(JOB_FAILURE_HEADLINES[name]).toMatch(/^[A-Z].* (could not|did not)/);
  });
});
