import { assignmentStatus, compareAssignments } from './assignment-status';

describe('assignmentStatus', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  const none = { dueAt: null, completedAt: null, exemptedAt: null, startedAt: null };

  it('is not started with no facts, and in progress once started', () => {
    expect(assignmentStatus(none, now)).toBe('not_started');
    expect(assignmentStatus({ ...none, startedAt: '2026-03-01T00:00:00Z' }, now)).toBe('in_progress');
  });

  it('is overdue once the due instant has passed, started or not, but not at the instant itself', () => {
    expect(assignmentStatus({ ...none, dueAt: '2026-03-10T11:59:59Z' }, now)).toBe('overdue');
    expect(assignmentStatus({ ...none, dueAt: '2026-03-09T00:00:00Z', startedAt: '2026-03-01T00:00:00Z' }, now)).toBe('overdue');
    expect(assignmentStatus({ ...none, dueAt: now }, now)).toBe('not_started');
    expect(assignmentStatus({ ...none, dueAt: '2026-04-01T00:00:00Z' }, now)).toBe('not_started');
  });

  it('counts a late completion as completed', () => {
    expect(assignmentStatus({ ...none, dueAt: '2026-03-01T00:00:00Z', completedAt: '2026-03-05T00:00:00Z', startedAt: '2026-02-01T00:00:00Z' }, now)).toBe('completed');
  });

  it('lets an exemption win over everything', () => {
    expect(assignmentStatus({ dueAt: '2026-03-01T00:00:00Z', completedAt: '2026-03-05T00:00:00Z', exemptedAt: '2026-03-02T00:00:00Z', startedAt: null }, now)).toBe('exempt');
  });
});

describe('compareAssignments', () => {
  it('puts overdue first, then open work by due date with undated last, then completed and exempt', () => {
    const items = [
      { title: 'exempt', status: 'exempt' as const, dueAt: null },
      { title: 'done', status: 'completed' as const, dueAt: '2026-01-01T00:00:00Z' },
      { title: 'undated', status: 'in_progress' as const, dueAt: null },
      { title: 'later', status: 'not_started' as const, dueAt: '2026-06-01T00:00:00Z' },
      { title: 'soon', status: 'in_progress' as const, dueAt: '2026-04-01T00:00:00Z' },
      { title: 'late', status: 'overdue' as const, dueAt: '2026-02-01T00:00:00Z' },
    ];
    expect(items.sort(compareAssignments).map((i) => i.title)).toEqual(['late', 'soon', 'later', 'undated', 'done', 'exempt']);
  });
});
