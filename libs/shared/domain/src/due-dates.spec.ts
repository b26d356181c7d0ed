import { nextCycleDueAt, relativeDueAt } from './due-dates';

describe('relativeDueAt', () => {
  it('is due at the end of day N after the base date', () => {
    expect(relativeDueAt('2025-03-01', '2025-02-01', 30).toISOString()).toBe('2025-04-01T00:00:00.000Z');
  });

  it('never starts the clock before the assignment opens', () => {
    expect(relativeDueAt('2010-06-15', '2025-01-10', 30).toISOString()).toBe('2025-02-10T00:00:00.000Z');
  });

  it('counts from the start date when there is no base date', () => {
    expect(relativeDueAt(null, '2025-01-10', 0).toISOString()).toBe('2025-01-11T00:00:00.000Z');
  });

  it('ignores the time of day of a timestamp base (joining a cohort)', () => {
    expect(relativeDueAt(new Date('2025-05-20T22:15:00Z'), '2025-05-01', 10).toISOString()).toBe('2025-05-31T00:00:00.000Z');
  });
});

describe('nextCycleDueAt', () => {
  it('adds calendar months to the completion', () => {
    expect(nextCycleDueAt(new Date('2025-03-15T10:00:00Z'), 12).toISOString()).toBe('2026-03-15T10:00:00.000Z');
  });

  it('clamps to the last day of a shorter month', () => {
    expect(nextCycleDueAt(new Date('2025-01-31T08:00:00Z'), 1).toISOString()).toBe('2025-02-28T08:00:00.000Z');
    expect(nextCycleDueAt(new Date('2023-02-28T00:00:00Z'), 12).toISOString()).toBe('2024-02-28T00:00:00.000Z');
  });

  it('crosses year ends', () => {
    expect(nextCycleDueAt(new Date('2025-11-30T00:00:00Z'), 3).toISOString()).toBe('2026-02-28T00:00:00.000Z');
  });

  it('refuses a non-positive recurrence', () => {
    expect(() => nextCycleDueAt(new Date(), 0)).toThrow(RangeError);
  });
});
