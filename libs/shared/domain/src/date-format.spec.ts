import { cityDay, dateTimeFormat, formatDay } from './date-format';

describe('dateTimeFormat', () => {
  it('formats as Intl.DateTimeFormat does', () => {
    const at = new Date('2026-03-08T06:30:00Z');
    expect(dateTimeFormat('en-US', { timeZone: 'America/New_York', dateStyle: 'long' }).format(at)).toBe('March 8, 2026');
    expect(dateTimeFormat('en-CA', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)).toBe('2026-03-08');
  });

  it('makes one formatter per locale and options, and a new one when either differs', () => {
    const a = dateTimeFormat('en-US', { timeZone: 'America/New_York', year: 'numeric' });
    expect(dateTimeFormat('en-US', { timeZone: 'America/New_York', year: 'numeric' })).toBe(a);
    expect(dateTimeFormat('en-US', { timeZone: 'America/Chicago', year: 'numeric' })).not.toBe(a);
    expect(dateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric' })).not.toBe(a);
  });

  it('keeps the resident memory of a long run flat: a formatter per call grew it by about 25 KB each', () => {
    const options: Intl.DateTimeFormatOptions = { timeZone: 'America/New_York', weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' };
    dateTimeFormat('en-US', options).format(new Date());
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 20_000; i++) dateTimeFormat('en-US', { ...options }).format(new Date(i * 86_400_000));
    // 20,000 new formatters would add about 500 MB.
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });
});

describe('cityDay', () => {
  it('answers each instant in each zone, the same instant asked again or in turn with another', () => {
    const late = new Date('2026-03-08T03:30:00Z'); // 10:30 pm on the 7th in New York, the 8th in London
    const next = new Date('2026-03-08T05:30:00Z');
    expect(cityDay(late, 'America/New_York')).toBe('2026-03-07');
    expect(cityDay(late, 'America/New_York')).toBe('2026-03-07');
    expect(cityDay(late, 'Europe/London')).toBe('2026-03-08');
    expect(cityDay(next, 'America/New_York')).toBe('2026-03-08');
    expect(cityDay(late, 'America/New_York')).toBe('2026-03-07');
  });

  it('reads the instant, not the object: a Date moved since it was last asked about gives its new day', () => {
    const at = new Date('2026-12-06T12:00:00Z');
    expect(cityDay(at, 'America/Chicago')).toBe('2026-12-06');
    at.setTime(Date.parse('2026-12-07T12:00:00Z'));
    expect(cityDay(at, 'America/Chicago')).toBe('2026-12-07');
  });

  it('refuses an invalid date as Intl does, every time', () => {
    expect(() => cityDay(new Date(Number.NaN), 'America/Chicago')).toThrow(RangeError);
    expect(() => cityDay(new Date(Number.NaN), 'America/Chicago')).toThrow(RangeError);
  });
});

describe('formatDay', () => {
  it('formats a day as written with the options given, reused or new', () => {
    const long: Intl.DateTimeFormatOptions = { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' };
    expect(formatDay('2026-12-18', long)).toBe('Friday, December 18, 2026');
    expect(formatDay('2026-12-19', long)).toBe('Saturday, December 19, 2026');
    expect(formatDay('2026-12-18', { dateStyle: 'long' })).toBe('December 18, 2026');
    expect(formatDay('2026-12-18')).toBe('Dec 18, 2026');
  });
});
