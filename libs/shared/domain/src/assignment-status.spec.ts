import { assignmentStatus, compareAssignments } from './assignment-status';

const NY = 'America/New_York';

describe('assignmentStatus', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  const none = { dueOn: null, completedAt: null, exemptedAt: null, startedAt: null };

  it('is not started with no facts, and in progress once started', () => {
    expect(assignmentStatus(none, now, NY)).toBe('not_started');
    expect(assignmentStatus({ ...none, startedAt: '2026-03-01T00:00:00Z' }, now, NY)).toBe('in_progress');
  });

  it('is overdue once the due day has ended in the city, started or not, but not on the due day itself', () => {
    expect(assignmentStatus({ ...none, dueOn: '2026-03-09' }, now, NY)).toBe('overdue');
    expect(assignmentStatus({ ...none, dueOn: '2026-03-09', startedAt: '2026-03-01T00:00:00Z' }, now, NY)).toBe('overdue');
    expect(assignmentStatus({ ...none, dueOn: '2026-03-10' }, now, NY)).toBe('not_started');
    expect(assignmentStatus({ ...none, dueOn: '2026-04-01' }, now, NY)).toBe('not_started');
  });

  it('counts a late completion as completed', () => {
    expect(assignmentStatus({ ...none, dueOn: '2026-03-01', completedAt: '2026-03-05T00:00:00Z', startedAt: '2026-02-01T00:00:00Z' }, now, NY)).toBe('completed');
  });

  it('lets an exemption win over everything', () => {
    expect(assignmentStatus({ dueOn: '2026-03-01', completedAt: '2026-03-05T00:00:00Z', exemptedAt: '2026-03-02T00:00:00Z', startedAt: null }, now, NY)).toBe('exempt');
  });
});

describe('compareAssignments', () => {
  it('puts overdue first, then open work by due date with undated last, then completed and exempt', () => {
    const items = [
      { title: 'exempt', status: 'exempt' as const, dueOn: null },
      { title: 'done', status: 'completed' as const, dueOn: '2026-01-01' },
      { title: 'undated', status: 'in_progress' as const, dueOn: null },
      { title: 'later', status: 'not_started' as const, dueOn: '2026-06-01' },
      { title: 'soon', status: 'in_progress' as const, dueOn: '2026-04-01' },
      { title: 'late', status: 'overdue' as const, dueOn: '2026-02-01' },
    ];
    expect(items.sort(compareAssignments).map((i) => i.title)).toEqual(['late', 'soon', 'later', 'undated', 'done', 'exempt']);
  });
});
