import { assignmentStatus } from './assignment-status';
import { addDays, daysBetween, isOverdue, nextCycleDueOn, relativeDueOn } from './due-dates';
import { cityDay, formatDay } from './date-format';

const NY = 'America/New_York';

describe('the city day of an instant, at the edges of a day and across both daylight-saving changes', () => {
  it.each([
    // winter (EST, UTC−5): the city's day ends at 05:00 UTC
    ['2026-12-18T04:59:59.999Z', '2026-12-17'],
    ['2026-12-18T05:00:00.000Z', '2026-12-18'],
    ['2026-12-19T04:59:00.000Z', '2026-12-18'], // 23:59 in the city
    // summer (EDT, UTC−4): it ends at 04:00 UTC
    ['2026-07-15T03:59:59.999Z', '2026-07-14'],
    ['2026-07-15T04:00:00.000Z', '2026-07-15'],
    // the spring change, 2026-03-08 (02:00 EST → 03:00 EDT): a 23-hour day
    ['2026-03-08T04:59:59.000Z', '2026-03-07'],
    ['2026-03-08T05:00:00.000Z', '2026-03-08'],
    ['2026-03-09T03:59:00.000Z', '2026-03-08'], // 23:59 EDT
    ['2026-03-09T04:00:00.000Z', '2026-03-09'],
    // the autumn change, 2026-11-01 (02:00 EDT → 01:00 EST): a 25-hour day
    ['2026-11-01T03:59:59.000Z', '2026-10-31'],
    ['2026-11-01T04:00:00.000Z', '2026-11-01'],
    ['2026-11-02T04:59:00.000Z', '2026-11-01'], // 23:59 EST
    ['2026-11-02T05:00:00.000Z', '2026-11-02'],
  ])('%s is %s in New York', (instant, day) => {
    expect(cityDay(new Date(instant), NY)).toBe(day);
  });
});

describe('isOverdue: due at the end of the due day in the city', () => {
  it.each([
    // [due day, now, overdue]
    ['2026-12-18', '2026-12-19T04:59:59.999Z', false], // 23:59:59 on the due day, winter
    ['2026-12-18', '2026-12-19T05:00:00.000Z', true], // the city's next midnight
    ['2026-07-14', '2026-07-15T03:59:59.999Z', false], // summer
    ['2026-07-14', '2026-07-15T04:00:00.000Z', true],
    ['2026-03-08', '2026-03-09T03:59:59.000Z', false], // the 23-hour day
    ['2026-03-08', '2026-03-09T04:00:00.000Z', true],
    ['2026-11-01', '2026-11-02T04:59:59.000Z', false], // the 25-hour day
    ['2026-11-01', '2026-11-02T05:00:00.000Z', true],
    ['2026-12-18', '2026-12-18T05:00:00.000Z', false], // the due day's first minute
  ])('due %s, at %s: overdue %s', (dueOn, now, overdue) => {
    expect(isOverdue(dueOn, new Date(now), NY)).toBe(overdue);
    expect(assignmentStatus({ dueOn, completedAt: null, exemptedAt: null, startedAt: null }, new Date(now), NY)).toBe(overdue ? 'overdue' : 'not_started');
  });

  it('is never overdue without a due day', () => {
    expect(isOverdue(null, new Date('2100-01-01T00:00:00Z'), NY)).toBe(false);
  });

  it('depends on the city, not on UTC: the same instant is past one city’s day and not another’s', () => {
    const now = new Date('2026-12-19T03:00:00Z'); // Dec 18, 22:00 in New York; Dec 19 in Berlin
    expect(isOverdue('2026-12-18', now, NY)).toBe(false);
    expect(isOverdue('2026-12-18', now, 'Europe/Berlin')).toBe(true);
  });
});

describe('relativeDueOn', () => {
  it('is N days after the base day', () => {
    expect(relativeDueOn('2025-03-01', '2025-02-01', 30, NY)).toBe('2025-03-31');
  });

  it('never starts the clock before the assignment opens', () => {
    expect(relativeDueOn('2010-06-15', '2025-01-10', 30, NY)).toBe('2025-02-09');
  });

  it('counts from the start date when there is no base date', () => {
    expect(relativeDueOn(null, '2025-01-10', 0, NY)).toBe('2025-01-10');
  });

  it('takes the city day of an instant base (joining a cohort), not its UTC day', () => {
    // 22:15 UTC on May 20 is 18:15 in New York (May 20); 02:30 UTC on May 21 is still May 20 there.
    expect(relativeDueOn(new Date('2025-05-20T22:15:00Z'), '2025-05-01', 10, NY)).toBe('2025-05-30');
    expect(relativeDueOn(new Date('2025-05-21T02:30:00Z'), '2025-05-01', 10, NY)).toBe('2025-05-30');
  });

  it('counts calendar days across both daylight-saving changes', () => {
    expect(relativeDueOn('2026-03-01', '2026-01-01', 14, NY)).toBe('2026-03-15');
    expect(relativeDueOn('2026-10-25', '2026-01-01', 14, NY)).toBe('2026-11-08');
    // joined at 23:30 on the day before the autumn change (03:30 UTC Nov 1 is Oct 31 in the city)
    expect(relativeDueOn(new Date('2026-11-01T03:30:00Z'), '2026-01-01', 1, NY)).toBe('2026-11-01');
  });
});

describe('nextCycleDueOn', () => {
  it('adds calendar months to the city day of the completion', () => {
    expect(nextCycleDueOn(new Date('2025-03-15T10:00:00Z'), 12, NY)).toBe('2026-03-15');
    // 01:00 UTC on March 16 is the evening of March 15 in New York
    expect(nextCycleDueOn(new Date('2025-03-16T01:00:00Z'), 12, NY)).toBe('2026-03-15');
  });

  it('clamps to the last day of a shorter month', () => {
    expect(nextCycleDueOn(new Date('2025-01-31T18:00:00Z'), 1, NY)).toBe('2025-02-28');
    expect(nextCycleDueOn(new Date('2024-02-29T18:00:00Z'), 12, NY)).toBe('2025-02-28');
  });

  it('crosses year ends', () => {
    expect(nextCycleDueOn(new Date('2025-11-30T18:00:00Z'), 3, NY)).toBe('2026-02-28');
  });

  it('refuses a non-positive recurrence', () => {
    expect(() => nextCycleDueOn(new Date(), 0, NY)).toThrow(RangeError);
  });
});

describe('calendar days', () => {
  it('adds and counts whole days across daylight-saving changes', () => {
    expect(addDays('2026-03-07', 2)).toBe('2026-03-09');
    expect(addDays('2026-11-02', -2)).toBe('2026-10-31');
    expect(daysBetween('2026-03-01', '2026-03-15')).toBe(14);
    expect(daysBetween('2026-11-08', '2026-10-25')).toBe(-14);
  });

  it('formats a due day as written, never shifted by a zone', () => {
    expect(formatDay('2026-12-18')).toBe('Dec 18, 2026');
    expect(formatDay('2026-03-08', { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' })).toBe('Sunday, March 8, 2026');
  });
});
