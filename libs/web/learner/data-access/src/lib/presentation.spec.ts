import { assignment } from '../testing';
import { setCity } from '@equip/web/shared/data-access';
import { formatCityDate, formatDueDay, sectionAssignments } from './presentation';

beforeEach(() => setCity({ name: 'City of Riverton', timeZone: 'America/New_York' }));
afterEach(() => setCity({ name: 'City of Riverton', timeZone: 'America/New_York' }));

describe('sectionAssignments', () => {
  const now = new Date('2026-03-01T12:00:00Z');

  it('puts overdue first, then due within 14 days, then in progress, keeping the api order in each', () => {
    const sections = sectionAssignments(
      [
        assignment({ id: 'overdue', status: 'overdue', dueOn: '2026-02-20' }),
        assignment({ id: 'soon-started', status: 'in_progress', dueOn: '2026-03-05' }),
        assignment({ id: 'soon', status: 'not_started', dueOn: '2026-03-15' }),
        assignment({ id: 'later', status: 'in_progress', dueOn: '2026-06-01' }),
        assignment({ id: 'self', status: 'in_progress', dueOn: null }),
        assignment({ id: 'assigned', status: 'not_started', dueOn: '2026-09-01' }),
        assignment({ id: 'done', status: 'completed', dueOn: '2026-03-02' }),
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
    const sections = sectionAssignments([assignment({ status: 'in_progress', dueOn: '2026-02-01' })], now);
    expect(sections.overdue).toEqual([]);
    expect(sections.dueSoon).toHaveLength(1);
  });
});

describe('formatCityDate', () => {
  it("shows the date in the city's time zone (the server's), not the device's", () => {
    // 03:00 UTC on 2 March is still 1 March in New York, and already 2 March in Berlin.
    expect(formatCityDate('2026-03-02T03:00:00Z')).toBe('March 1, 2026');
    setCity({ name: 'Stadt', timeZone: 'Europe/Berlin' });
    expect(formatCityDate('2026-03-02T03:00:00Z')).toBe('March 2, 2026');
  });
});

describe('formatDueDay', () => {
  it('shows a due day as written, whatever the zone (a due day is already the city’s)', () => {
    expect(formatDueDay('2026-03-08')).toBe('March 8, 2026');
    setCity({ name: 'Far city', timeZone: 'Pacific/Kiritimati' });
    expect(formatDueDay('2026-03-08')).toBe('March 8, 2026');
    setCity({ name: 'Other far city', timeZone: 'Pacific/Pago_Pago' });
    expect(formatDueDay('2026-12-31')).toBe('December 31, 2026');
  });
});
