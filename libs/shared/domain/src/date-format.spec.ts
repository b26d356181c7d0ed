import { dateTimeFormat } from './date-format';

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
