/**
 * Dates and times as the customers' pages write them: on the business's wall clock, with its zone
 * named once per page.
 */
import { DateTime } from "luxon";

/** "Tuesday 3 March 2026, 10:00–10:30". */
export function whenWords(start: Date, end: Date, timezone: string): string {
  const from = DateTime.fromJSDate(start, { zone: timezone });
  const to = DateTime.fromJSDate(end, { zone: timezone });
  return `${from.toFormat("cccc d LLLL yyyy, HH:mm")}–${to.toFormat("HH:mm")}`;
}

/** "Tuesday 3 March 2026". */
export function dayWords(iso: string, timezone: string): string {
  return DateTime.fromISO(iso, { zone: timezone }).toFormat("cccc d LLLL yyyy");
}

/** "10:00". */
export function clockWords(instant: Date, timezone: string): string {
  return DateTime.fromJSDate(instant, { zone: timezone }).toFormat("HH:mm");
}

/**
 * "New York time (America/New_York)": the zone every time on the page is in. No abbreviation
 * (EST/EDT): a plan's sessions may fall on both sides of a clock change.
 */
export function zoneWords(timezone: string): string {
  const city = timezone.split("/").pop()!.replace(/_/g, " ");
  return `${city} time (${timezone})`;
}
