import { signal } from '@angular/core';
import type { CityFacts } from '@equip/shared/contracts';
import { cityDay, dateTimeFormat, formatDay } from '@equip/shared/domain';

/**
 * The city as the server describes it (GET /api/city: CITY_NAME and CITY_TIME_ZONE), loaded once
 * before the app starts (`provideCity` in shared data-access), never a constant in the web app. Every page formats
 * through the functions below, so one assignment shows one day:
 * - a due day (YYYY-MM-DD) is already the city's and is shown as written (`formatDueDay`), never
 *   converted through a zone;
 * - an instant (an audit event, an import, a completion) is shown in the city's zone
 *   (`formatCityDateTime` names the zone: "Dec 4, 2026, 3:05 PM EST").
 */
const city = signal<CityFacts | null>(null);

/** The city's name and time zone; null only until the app has started (or if the api could not be reached). */
export const cityFacts = city.asReadonly();

/** Sets the city (the app initializer does; tests may too). */
export function setCity(facts: CityFacts | null): void {
  city.set(facts);
}

/**
 * The city's zone. Reading the signal makes a template that formats a date follow it. Without it
 * (the api unreachable at start), the device's own zone, and times then name their zone.
 */
function timeZone(): string | undefined {
  return city()?.timeZone;
}

/** An instant as the city's clock shows it, with the zone named, e.g. "Dec 4, 2026, 7:30 PM EST". */
export function formatCityDateTime(iso: string): string {
  return dateTimeFormat('en-US', { timeZone: timeZone(), year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(
    new Date(iso),
  );
}

/** The city's day of an instant, e.g. "March 3, 2026" (`style` 'medium': "Mar 3, 2026"). */
export function formatCityDate(iso: string, style: 'long' | 'medium' = 'long'): string {
  return dateTimeFormat('en-US', { timeZone: timeZone(), dateStyle: style }).format(new Date(iso));
}

/** A due day (or any calendar day, YYYY-MM-DD) as written, e.g. "March 3, 2026": never shifted by a zone. */
export function formatDueDay(day: string, style: 'long' | 'medium' = 'long'): string {
  return formatDay(day, { dateStyle: style });
}

/** Today in the city, YYYY-MM-DD. */
export function cityToday(now: Date = new Date()): string {
  const zone = timeZone();
  return zone ? cityDay(now, zone) : dateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
