import { daysBetween } from './due-dates';

/**
 * The two ways a date travels as text in Equip, checked strictly: what passes here PostgreSQL
 * accepts as `date` or `timestamptz` and means the same day or instant. ISO 8601 allows far more
 * (`2026`, `2026-11`, `2026-W01`, `2026-045`, times without an offset) and validators that follow
 * it let those through to a 500; these do not.
 */

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|[+-](\d{2}):(\d{2}))$/;

/** Days in a month of the proleptic Gregorian calendar (PostgreSQL's). */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A calendar day written `YYYY-MM-DD` that exists, from 0001-01-01 to 9999-12-31. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = CALENDAR_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * An instant as RFC 3339 writes it: a calendar date, `T`, hours, minutes and seconds (optionally up
 * to microseconds, PostgreSQL's precision) and an offset (`Z` or `±HH:MM`, at most 14 hours). No
 * offset means no instant: a time without one depends on whose clock reads it.
 */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = INSTANT.exec(value);
  if (!match || !isCalendarDate(match[1])) return false;
  const [hours, minutes, seconds] = [Number(match[2]), Number(match[3]), Number(match[4])];
  if (hours > 23 || minutes > 59 || seconds > 59) return false;
  if (match[6] === 'Z') return true;
  const [offsetHours, offsetMinutes] = [Number(match[7]), Number(match[8])];
  return offsetMinutes <= 59 && offsetHours * 60 + offsetMinutes <= 14 * 60;
}

/**
 * A due day relative to today, both city calendar days (`YYYY-MM-DD`): "due today", "due tomorrow",
 * "in 14 days", "overdue by 1 day", "overdue by 3 days". The one wording for every list of work.
 */
export function relativeDueText(dueDay: string, today: string): string {
  const days = daysBetween(today, dueDay);
  if (days === 0) return 'due today';
  if (days === 1) return 'due tomorrow';
  if (days > 1) return `in ${days} days`;
  return `overdue by ${-days} ${days === -1 ? 'day' : 'days'}`;
}
