import fc from 'fast-check';
import { isCalendarDate, isInstant, relativeDueText } from './date-text';
import { daysBetween } from './due-dates';

describe('isCalendarDate', () => {
  it('refuses what ISO 8601 allows and PostgreSQL does not mean as a day', () => {
    for (const text of ['2026', '2026-11', '2026-W01', '2026-W01-1', '2026-045', '20261101', '2026-02-30', '2026-13-01', '2026-00-10', '0000-01-01', '2026-11-01T00:00:00Z', ' 2026-11-01', '2026-11-01 ', '+2026-11-01', '２０２６-11-01']) {
      expect([text, isCalendarDate(text)]).toEqual([text, false]);
    }
  });

  it('accepts days that exist, leap days included', () => {
    for (const text of ['2026-11-01', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31']) expect(isCalendarDate(text)).toBe(true);
    for (const text of ['2025-02-29', '1900-02-29', '2026-04-31']) expect(isCalendarDate(text)).toBe(false);
  });

  it('refuses anything but text', () => {
    for (const value of [20261101, null, undefined, new Date(), ['2026-11-01']]) expect(isCalendarDate(value)).toBe(false);
  });

  it('agrees with the calendar for every day from year 1 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (year, month, day) => {
        const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        const date = new Date(0);
        date.setUTCFullYear(year, month - 1, day);
        const exists = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
        expect(isCalendarDate(text)).toBe(exists);
      }),
      { seed: 13, numRuns: 2000 },
    );
  });
});

describe('isInstant', () => {
  it('accepts RFC 3339 instants', () => {
    for (const text of ['2026-11-30T23:59:59Z', '2026-11-30T23:59:59.000Z', '2026-11-30T23:59:59.123456Z', '2026-11-30T18:59:59-05:00', '2026-03-01T00:00:00+14:00']) {
      expect([text, isInstant(text)]).toEqual([text, true]);
    }
  });

  it('refuses dates, times without an offset and impossible clocks', () => {
    for (const text of ['2026-11-30', '2026', '2026-11', '2026-W01', '2026-11-30T23:59:59', '2026-11-30T23:59Z', '2026-11-30 23:59:59Z', '2026-02-30T00:00:00Z',
      '0000-01-01T00:00:00Z', '2026-11-30T24:00:00Z', '2026-11-30T23:60:00Z', '2026-11-30T23:59:60Z', '2026-11-30T23:59:59+15:00', '2026-11-30T23:59:59.1234567Z', '2026-11-30t23:59:59z']) {
      expect([text, isInstant(text)]).toEqual([text, false]);
    }
  });

  it('means the instant Date reads, to the millisecond', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0001-01-02T00:00:00Z'), max: new Date('9999-12-30T00:00:00Z'), noInvalidDate: true }), (date) => {
        const text = date.toISOString();
        expect(isInstant(text)).toBe(true);
        expect(new Date(text).getTime()).toBe(date.getTime());
      }),
      { seed: 13, numRuns: 500 },
    );
  });
});

describe('relativeDueText', () => {
  it('says how far a due day is from today, in city calendar days', () => {
    expect(relativeDueText('2026-12-05', '2026-12-05')).toBe('due today');
    expect(relativeDueText('2026-12-06', '2026-12-05')).toBe('due tomorrow');
    expect(relativeDueText('2026-12-19', '2026-12-05')).toBe('in 14 days');
    expect(relativeDueText('2026-12-04', '2026-12-05')).toBe('overdue by 1 day');
    expect(relativeDueText('2026-12-02', '2026-12-05')).toBe('overdue by 3 days');
  });

  it('counts across months, years and the switch to daylight saving time', () => {
    expect(relativeDueText('2027-01-01', '2026-12-31')).toBe('due tomorrow');
    expect(relativeDueText('2026-03-09', '2026-03-07')).toBe('in 2 days');
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
  });
});
