import { dateTimeFormat } from '@equip/shared/domain';

/**
 * The city's time zone, in one place for every web page (the api's CITY_TIME_ZONE; the RASE
 * workspace issue makes the web learn it from the server).
 */
export const CITY_TIME_ZONE = 'America/New_York';

const DATE_TIME = dateTimeFormat('en-US', { timeZone: CITY_TIME_ZONE, dateStyle: 'medium', timeStyle: 'short' });

/** An instant as the city's clock shows it, e.g. "Dec 4, 2026, 7:30 PM". */
export function formatCityDateTime(iso: string): string {
  return DATE_TIME.format(new Date(iso));
}

const DATE = dateTimeFormat('en-US', { timeZone: CITY_TIME_ZONE, dateStyle: 'medium' });

/** An instant's day as the city's calendar has it, e.g. "Dec 4, 2026". */
export function formatCityDate(iso: string): string {
  return DATE.format(new Date(iso));
}
