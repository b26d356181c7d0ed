import { buildAssignRequest, isoDateInDays } from './assign-form';

describe('buildAssignRequest', () => {
  const base = { item: 'track:all-staff-foundations', dueKind: 'absolute' as const, dueDate: '2026-07-01', dueDays: '30', recurrenceMonths: '' };

  it('assigns a track due on a date, once', () => {
    expect(buildAssignRequest(base)).toEqual({ trackSlug: 'all-staff-foundations', due: { kind: 'absolute', dueOn: '2026-07-01' }, recurrenceMonths: null });
  });

  it('assigns a course due N days after hire, every 12 months', () => {
    expect(buildAssignRequest({ ...base, item: 'course:bias-101', dueKind: 'after_hire', dueDays: 30, recurrenceMonths: 12 })).toEqual({
      courseSlug: 'bias-101',
      due: { kind: 'after_hire', days: 30 },
      recurrenceMonths: 12,
    });
  });

  it('refuses incomplete choices', () => {
    expect(buildAssignRequest({ ...base, item: '' })).toBeNull();
    expect(buildAssignRequest({ ...base, dueDate: '' })).toBeNull();
    expect(buildAssignRequest({ ...base, dueKind: 'after_joining', dueDays: null })).toBeNull();
  });

  it('computes a default date N days ahead', () => {
    expect(isoDateInDays(30, new Date(2026, 0, 15))).toBe('2026-02-14');
  });
});
