import { cityDay, dateTimeFormat, formatDay } from '@equip/shared/domain';

/**
 * Reminders think in city-local days: "due today" is today in the city's time zone, whatever the
 * server's. A day is a `YYYY-MM-DD` string; no Date object stands for a day.
 */

/** The city-local day an instant falls on (shared with every other place that names a city day). */
export { cityDay };

/** Minutes the zone is ahead of UTC at an instant (negative west of Greenwich). */
function offsetMinutes(instant: Date, timeZone: string): number {
  const parts = dateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant a city-local wall-clock time (HH:MM) happens on a day. Around a daylight-saving
 * change the offset is taken at the result, so 07:00 is 07:00 on both sides of the change.
 */
export function cityInstant(day: string, time: string, timeZone: string): Date {
  const [hours, minutes] = time.split(':').map(Number);
  const wall = Date.parse(`${day}T00:00:00Z`) + (hours * 60 + minutes) * 60_000;
  let guess = wall - offsetMinutes(new Date(wall), timeZone) * 60_000;
  guess = wall - offsetMinutes(new Date(guess), timeZone) * 60_000;
  return new Date(guess);
}

/** Calendar-day arithmetic: the domain's, one implementation. */
export { addDays, daysBetween } from '@equip/shared/domain';

/** "Monday, November 30, 2026" in the city's zone, for mail. */
export function longCityDate(instant: Date | string, timeZone: string): string {
  return dateTimeFormat('en-US', { timeZone, weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(instant));
}

const LONG_DAY: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric' };
const LONG_DUE_DAY: Intl.DateTimeFormatOptions = { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' };

/** "November 30, 2026" for a day string. */
export function longDay(day: string): string {
  return formatDay(day, LONG_DAY);
}

/** "Monday, November 30, 2026" for a day string (a due day), as written, never shifted. */
export function longDueDay(day: string): string {
  return formatDay(day, LONG_DUE_DAY);
}
