import { JobName, OutboxEvent, QueueName } from '@equip/shared/contracts';
import { routeOutboxRow } from './outbox-routes';

describe('outbox routes', () => {
  it('sends each event to its queue and job, with the row uid and hand-over as job id and the uid in the payload', () => {
    expect(routeOutboxRow({ id: '12', uid: 'u12', handover: 1, event: OutboxEvent.CourseCompleted, payload: { enrollmentId: 'e', staffId: 's', courseVersionId: 'v' } })).toEqual({
      queue: QueueName.Certificates,
      name: JobName.IssueCertificate,
      jobId: 'outbox-u12-1',
      data: { outboxId: 'u12', kind: 'course', enrollmentId: 'e', staffId: 's', courseVersionId: 'v' },
    });
    expect(routeOutboxRow({ id: '13', uid: 'u13', handover: 1, event: OutboxEvent.TrackCompleted, payload: { trackCompletionId: 'c', staffId: 's', trackId: 't' } })?.data).toEqual({
      outboxId: 'u13',
      kind: 'track',
      trackCompletionId: 'c',
      staffId: 's',
      trackId: 't',
    });
    expect(routeOutboxRow({ id: '14', uid: 'u14', handover: 1, event: OutboxEvent.AssignmentNudged, payload: { nudgeId: 'n', assignmentId: 'a', staffId: 's' } })).toMatchObject({
      queue: QueueName.Reminders,
      name: JobName.SendNudge,
      data: { outboxId: 'u14', nudgeId: 'n', assignmentId: 'a', staffId: 's' },
    });
    expect(routeOutboxRow({ id: '15', uid: 'u15', handover: 1, event: OutboxEvent.StaffInvited, payload: { staffId: 's', token: 'never copied' } })).toEqual({
      queue: QueueName.Invitations,
      name: JobName.SendInvitation,
      jobId: 'outbox-u15-1',
      data: { outboxId: 'u15', staffId: 's' },
    });
    // A mail rendered when the row was written (a held roster feed file): sent as it is, the row's uid to mark it done.
    const mail = { key: 'roster-feed:f:held:a', to: 'ana@city.example', subject: 'A nightly roster file needs your confirmation', html: '<p>h</p>', text: 't' };
    expect(routeOutboxRow({ id: '16', uid: 'u16', handover: 2, event: OutboxEvent.MailQueued, payload: { ...mail, extra: 'never copied' } })).toEqual({
      queue: QueueName.Email,
      name: JobName.SendMail,
      jobId: 'outbox-u16-2',
      data: { outboxId: 'u16', ...mail },
    });
  });

  it('has a route for every event, and none for an unknown one', () => {
    for (const event of Object.values(OutboxEvent)) expect(routeOutboxRow({ id: '1', uid: 'u1', handover: 1, event, payload: {} })).toBeDefined();
    expect(routeOutboxRow({ id: '1', uid: 'u1', handover: 2, event: 'something.else', payload: {} })).toBeUndefined();
  });
});
