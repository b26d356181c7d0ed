import { parseIssueCertificatePayload } from './issue-certificate.payload';

const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

describe('parseIssueCertificatePayload', () => {
  it('accepts a course completion and a track completion', () => {
    expect(parseIssueCertificatePayload({ outboxId: id(9), kind: 'course', enrollmentId: id(1), staffId: id(2), courseVersionId: id(3) })).toEqual({
      outboxId: id(9), kind: 'course', enrollmentId: id(1), staffId: id(2), courseVersionId: id(3),
    });
    expect(parseIssueCertificatePayload({ outboxId: id(8), kind: 'track', trackCompletionId: id(1), staffId: id(2), trackId: id(3) })).toEqual({
      outboxId: id(8), kind: 'track', trackCompletionId: id(1), staffId: id(2), trackId: id(3),
    });
  });

  it.each([
    [null, 'expected an object'],
    [{ kind: 'course', enrollmentId: id(1), staffId: id(2), courseVersionId: id(3) }, 'outboxId must be a uuid'],
    [{ outboxId: '1; DROP', kind: 'course' }, 'outboxId must be a uuid'],
    // An outbox row's old sequence id: a job from before migration NeverRepeatingJobIds, or another database's.
    [{ outboxId: '12', kind: 'course' }, 'outboxId must be a uuid'],
    [{ outboxId: id(7), kind: 'course', enrollmentId: id(1), courseVersionId: id(3) }, 'staffId must be a uuid'],
    [{ outboxId: id(7), kind: 'course', enrollmentId: 'x', staffId: id(2), courseVersionId: id(3) }, 'enrollmentId must be a uuid'],
    [{ outboxId: id(7), kind: 'track', trackCompletionId: id(1), staffId: id(2) }, 'trackId must be a uuid'],
    [{ outboxId: id(7), kind: 'badge', staffId: id(2) }, `kind must be 'course' or 'track'`],
  ])('refuses %j: %s', (data, message) => {
    expect(() => parseIssueCertificatePayload(data)).toThrow(new Error(message));
  });
});
