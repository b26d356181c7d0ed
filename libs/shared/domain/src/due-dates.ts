/**
 * Due dates and recurrence of assignments. The cohort repository computes relative due dates in
 * SQL for a whole cohort at once with exactly this arithmetic (its integration test checks the two
 * agree); completion opens the next cycle of a recurring assignment with `nextCycleDueAt`.
 */

const DAY = 86_400_000;

/** YYYY-MM-DD (UTC) → midnight UTC of that day. */
function utcDay(date: string | Date): number {
  const d = typeof date === 'string' ? new Date(`${date.slice(0, 10)}T00:00:00Z`) : date;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

/**
 * "Within N days of hire / of joining": the clock starts on the base date, but never before the
 * assignment opens (someone hired years ago is not overdue the moment a rule cohort picks them
 * up). The work is due at the end of day N (UTC), i.e. midnight starting day N + 1. A missing
 * base date (no hire date on record) counts from the start date.
 */
export function relativeDueAt(base: string | Date | null, startsOn: string | Date, days: number): Date {
  const start = utcDay(startsOn);
  const from = base === null ? start : Math.max(utcDay(base), start);
  return new Date(from + (days + 1) * DAY);
}

/**
 * The next cycle of a recurring assignment is due `months` after the cycle was completed,
 * calendar-aware and clamped to the month's last day (31 January + 1 month = 28/29 February),
 * as PostgreSQL's `+ interval 'n months'` does.
 */
export function nextCycleDueAt(completedAt: Date, months: number): Date {
  if (!Number.isInteger(months) || months < 1) throw new RangeError('recurrence must be a whole number of months ≥ 1');
  const y = completedAt.getUTCFullYear();
  const m = completedAt.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(y, m, Math.min(completedAt.getUTCDate(), lastDay), completedAt.getUTCHours(), completedAt.getUTCMinutes(), completedAt.getUTCSeconds(), completedAt.getUTCMilliseconds()),
  );
}
