import type { RosterDateOrder } from '@equip/shared/contracts';
import { isCalendarDate as isCalendarDay } from '@equip/shared/domain';

/** A date as written in a roster file: the calendar day it means (YYYY-MM-DD), or why it means none. */
export type RosterDate = { day: string } | { problem: string };

/** The last day Excel can hold, 9999-12-31. */
const LAST_EXCEL_SERIAL = 2_958_465;
const DAY_MS = 86_400_000;

const ISO = /^(\d{4}-\d{2}-\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const SERIAL = /^(\d+)(?:\.\d+)?$/;
const TIME = String.raw`(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp][Mm]))?)?`;
const NUMERIC = new RegExp(String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})${TIME}$`);
const TWO_DIGIT_YEAR = /^\d{1,2}([/.-])\d{1,2}\1\d{2}(?:\s.*)?$/;

/** A day that exists, and no year before 1000 (the roster's rule). */
export function isRosterDay(day: string): boolean {
  return isCalendarDay(day) && Number(day.slice(0, 4)) >= 1000;
}

/**
 * Reads a date the ways Excel and HR systems write one: `2019-03-04` (a time after it is ignored),
 * an Excel serial number (`43528`, or `43528.5` with a time), or `3/4/2019` (also with `.` or `-`,
 * and a time such as `0:00` or `12:00:00 AM`) read in the given order. A day that does not exist
 * in that order (`13/4/2019` read month first) is a problem, never a guess at the other order.
 */
export function readRosterDate(written: string, order: RosterDateOrder): RosterDate {
  const iso = ISO.exec(written);
  if (iso) return isRosterDay(iso[1]) ? { day: iso[1] } : { problem: `"${written}" is not a day that exists.` };

  const serial = SERIAL.exec(written);
  if (serial) return excelSerialDay(Number(serial[1]), written);

  const numeric = NUMERIC.exec(written);
  if (numeric) {
    const [, first, , other, year, hour, minute, second, meridiem] = numeric;
    const [month, day] = order === 'month-first' ? [first, other] : [other, first];
    const candidate = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
    if (!isRosterDay(candidate)) {
      const how = order === 'month-first' ? 'month first (month/day/year)' : 'day first (day/month/year)';
      return {
        problem: `"${written}" is not a date when read ${how}, the order set in the roster file format. If the file writes dates the other way round, change the date order there.`,
      };
    }
    if (hour !== undefined && !isTime(Number(hour), Number(minute), Number(second ?? 0), meridiem)) {
      return { problem: `"${written}" has a time of day that does not exist.` };
    }
    return { day: candidate };
  }

  if (TWO_DIGIT_YEAR.test(written)) return { problem: `"${written}" has a two-digit year. Write the year with four digits (3/4/2019).` };
  return { problem: `"${written}" is not a date. Write dates as YYYY-MM-DD, as ${order === 'month-first' ? 'month/day/year' : 'day/month/year'}, or as Excel stores them.` };
}

/**
 * Excel's 1900 date system: day 1 is 1900-01-01, and day 60 is 29 February 1900, a day that never
 * was (Excel kept a Lotus 1-2-3 mistake), so from day 61 on the count is one ahead of the calendar.
 */
export function excelSerialDay(serial: number, written = String(serial)): RosterDate {
  if (!Number.isInteger(serial) || serial < 1 || serial > LAST_EXCEL_SERIAL) {
    return { problem: `"${written}" is not a date: as an Excel date number it is out of range (1 to ${LAST_EXCEL_SERIAL}).` };
  }
  if (serial === 60) return { problem: `"${written}" is Excel's 29 February 1900, a day that never was.` };
  const epoch = Date.UTC(1899, 11, serial < 60 ? 31 : 30);
  return { day: new Date(epoch + serial * DAY_MS).toISOString().slice(0, 10) };
}

function isTime(hour: number, minute: number, second: number, meridiem: string | undefined): boolean {
  const hourOk = meridiem === undefined ? hour <= 23 : hour >= 1 && hour <= 12;
  return hourOk && minute <= 59 && second <= 59;
}
