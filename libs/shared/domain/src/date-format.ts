const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * One `Intl.DateTimeFormat` per locale and options, made once and reused. Making one costs about
 * 0.1 ms and about 25 KB of ICU memory outside the JavaScript heap: the garbage collector does not
 * see that memory, and the allocator rarely gives it back, so a formatter made per call grows a
 * long-running process without bound (the reminder worker reached 3 GB at 42,000 digests). The
 * options come from code and configuration (a time zone), so the cache stays a handful of entries.
 * `toLocaleDateString(locale, options)` makes a formatter on every call too: use this instead.
 */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

/** Per zone: its day formatter, and the last instant asked about with its day. */
const days = new Map<string, { format: Intl.DateTimeFormat; time: number; day: string }>();

/**
 * The calendar day (YYYY-MM-DD) an instant falls on in `timeZone` (en-CA writes days that way).
 * Callers ask about one instant many times in a row (a digest reads every row's status at the same
 * `now`), so the zone's last answer is kept: formatting costs microseconds, which a sweep of 40,000
 * digests paid about a million times.
 */
export function cityDay(instant: Date, timeZone: string): string {
  let zone = days.get(timeZone);
  if (!zone) {
    zone = { format: dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }), time: NaN, day: '' };
    days.set(timeZone, zone);
  }
  const time = instant.getTime();
  // An invalid date (NaN) never equals the kept time: it is formatted, and throws as Intl does.
  if (time !== zone.time) {
    zone.day = zone.format.format(instant);
    zone.time = time;
  }
  return zone.day;
}

/** formatDay's formatter for each options object it was given (callers pass constants; an object is read once, so never change one after use). */
const dayFormats = new WeakMap<Intl.DateTimeFormatOptions, Intl.DateTimeFormat>();
const MEDIUM: Intl.DateTimeFormatOptions = { dateStyle: 'medium' };

/**
 * A calendar day (YYYY-MM-DD, e.g. a due day) in words, e.g. "Dec 18, 2026" or, with
 * `{ weekday: 'long', … }`, "Friday, December 18, 2026". The day is already the city's: it is
 * formatted as written, never shifted through a time zone (read at noon UTC, formatted in UTC).
 */
export function formatDay(day: string, options: Intl.DateTimeFormatOptions = MEDIUM): string {
  let format = dayFormats.get(options);
  if (!format) {
    format = dateTimeFormat('en-US', { ...options, timeZone: 'UTC' });
    dayFormats.set(options, format);
  }
  return format.format(new Date(`${day.slice(0, 10)}T12:00:00Z`));
}
