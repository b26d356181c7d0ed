import { assignment } from '../testing';
import { formatCityDate, sectionAssignments } from './presentation';

describe('sectionAssignments', () => {
  const now = new Date('2026-03-01T12:00:00Z');

  it('puts overdue first, then due within 14 days, then in progress, keeping the api order in each', () => {
    const sections = sectionAssignments(
      [
        assignment({ id: 'overdue', status: 'overdue', dueAt: '2026-02-20T05:00:00Z' }),
        assignment({ id: 'soon-started', status: 'in_progress', dueAt: '2026-03-05T05:00:00Z' }),
        assignment({ id: 'soon', status: 'not_started', dueAt: '2026-03-15T04:00:00Z' }),
        assignment({ id: 'later', status: 'in_progress', dueAt: '2026-06-01T04:00:00Z' }),
        assignment({ id: 'self', status: 'in_progress', dueAt: null }),
        assignment({ id: 'assigned', status: 'not_started', dueAt: '2026-09-01T04:00:00Z' }),
        assignment({ id: 'done', status: 'completed', dueAt: '2026-03-02T04:00:00Z' }),
        assignment({ id: 'exempt', status: 'exempt' }),
      ],
      now,
    );
    const ids = (list: { id: string }[]) => list.map((a) => a.id);
    expect(ids(sections.overdue)).toEqual(['overdue']);
    expect(ids(sections.dueSoon)).toEqual(['soon-started', 'soon']);
    expect(ids(sections.inProgress)).toEqual(['later', 'self']);
    expect(ids(sections.upcoming)).toEqual(['assigned']);
    expect(ids(sections.completed)).toEqual(['done']);
  });

  it("takes the status from the api rather than working it out from the due date", () => {
    const sections = sectionAssignments([assignment({ status: 'in_progress', dueAt: '2026-02-01T05:00:00Z' })], now);
    expect(sections.overdue).toEqual([]);
    expect(sections.dueSoon).toHaveLength(1);
  });
});

describe('formatCityDate', () => {
  it("shows the date in the city's time zone, not the device's", () => {
    // 03:00 UTC on 2 March is still 1 March in New York.
    expect(formatCityDate('2026-03-02T03:00:00Z')).toBe('March 1, 2026');
  });
});
