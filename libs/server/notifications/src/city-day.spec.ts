import { addDays, cityDay, cityInstant, daysBetween, longCityDate } from './city-day';

describe('city-local days', () => {
  const NY = 'America/New_York';

  it('names the day an instant falls on in the city, not in UTC', () => {
    expect(cityDay(new Date('2026-12-01T03:00:00Z'), NY)).toBe('2026-11-30');
    expect(cityDay(new Date('2026-12-01T05:00:00Z'), NY)).toBe('2026-12-01');
  });

  it('finds the instant of a wall-clock time, on both sides of a daylight-saving change', () => {
    expect(cityInstant('2026-11-30', '07:00', NY).toISOString()).toBe('2026-11-30T12:00:00.000Z');
    expect(cityInstant('2026-07-01', '07:00', NY).toISOString()).toBe('2026-07-01T11:00:00.000Z');
    // 1 November 2026: clocks go back at 02:00
    expect(cityInstant('2026-11-01', '07:00', NY).toISOString()).toBe('2026-11-01T12:00:00.000Z');
    expect(cityInstant('2026-03-08', '07:00', NY).toISOString()).toBe('2026-03-08T11:00:00.000Z');
    expect(cityInstant('2026-11-30', '07:00', 'Asia/Kolkata').toISOString()).toBe('2026-11-30T01:30:00.000Z');
  });

  it('does day arithmetic on day strings', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-11-23', '2026-12-07')).toBe(14);
  });

  it('writes dates for people', () => {
    expect(longCityDate('2026-12-01T03:00:00Z', NY)).toBe('Monday, November 30, 2026');
  });
});
