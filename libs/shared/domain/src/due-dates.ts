import { cityDay } from './date-format';

/**
 * The date rule, in one place: **a due date is a calendar day in the city's time zone**
 * (CITY_TIME_ZONE), written `YYYY-MM-DD` and stored as a `date`. Work is due at the end of that day
 * in the city, so it is overdue from the city's next midnight: on the due day itself it is never
 * overdue, whatever the hour or the season.
 *
 * The database does the same arithmetic for whole sets at once (`city_today()`, `city_day(t)` and
 * the cohort repository's relative due days); their integration tests check the two agree.
 */

const DAY = 86_400_000;

/** YYYY-MM-DD → that day's number since 1970-01-01 (calendar arithmetic, no zone involved). */
function dayNumber(day: string): number {
  return Math.floor(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / DAY);
}

function dayText(n: number): string {
  return new Date(n * DAY).toISOString().slice(0, 10);
}

/** A calendar day `n` days after `day` (before, for a negative `n`). */
export function addDays(day: string, n: number): string {
  return dayText(dayNumber(day) + n);
}

/** Whole days from `from` to `to` (calendar days, so a daylight-saving change never makes one 23 or 25 hours). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** A day as given (YYYY-MM-DD, e.g. a hire date) or the city's day of an instant (e.g. joining a cohort). */
function asCityDay(value: string | Date, timeZone: string): string {
  return typeof value === 'string' ? value.slice(0, 10) : cityDay(value, timeZone);
}

/**
 * "Within N days of hire / of joining": the city's day of the base plus N days, but the clock never
 * starts before the assignment opens (someone hired years ago is not overdue the moment a rule
 * cohort picks them up). A missing base date (no hire date on record) counts from the start date.
 * Due at the end of the returned day in the city.
 */
export function relativeDueOn(base: string | Date | null, startsOn: string, days: number, timeZone: string): string {
  const from = base === null ? startsOn : [asCityDay(base, timeZone), startsOn].sort()[1];
  return addDays(from, days);
}

/**
 * The next cycle of a recurring assignment is due `months` after the city's day of the completion,
 * calendar-aware and clamped to the month's last day (31 January + 1 month = 28/29 February), as
 * PostgreSQL's `date + interval 'n months'` does.
 */
export function nextCycleDueOn(completedAt: Date, months: number, timeZone: string): string {
  if (!Number.isInteger(months) || months < 1) throw new RangeError('recurrence must be a whole number of months ≥ 1');
  const day = cityDay(completedAt, timeZone);
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(Number(day.slice(8, 10)), lastDay))).toISOString().slice(0, 10);
}

/** Past due: the city's day at `now` is after the due day (the city's midnight ending the due day has passed). */
export function isOverdue(dueOn: string | null, now: Date, timeZone: string): boolean {
  return dueOn !== null && dueOn < cityDay(now, timeZone);
}
