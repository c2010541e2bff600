/**
 * Calendar arithmetic on wall-clock days in the business zone. Luxon does the tz-database work;
 * days are handled as plain calendar dates (in UTC) so DST never shifts them.
 */
import { DateTime } from "luxon";
import type { LocalDate } from "./types";

/** The business's calendar day at `instant`. */
export function todayIn(instant: Date, timezone: string): LocalDate {
  const dt = DateTime.fromJSDate(instant, { zone: timezone });
  return { year: dt.year, month: dt.month, day: dt.day };
}

/** Minutes since the business's local midnight at `instant`. */
export function minuteOfDayIn(instant: Date, timezone: string): number {
  const dt = DateTime.fromJSDate(instant, { zone: timezone });
  return dt.hour * 60 + dt.minute;
}

/** The zone's UTC offset in minutes at `instant` (e.g. -300 for New York in winter). */
export function offsetMinutesAt(instant: Date, timezone: string): number {
  return DateTime.fromJSDate(instant, { zone: timezone }).offset;
}

function plain(date: LocalDate): DateTime {
  return DateTime.fromObject({ year: date.year, month: date.month, day: date.day }, { zone: "UTC" });
}

function fromPlain(dt: DateTime): LocalDate {
  return { year: dt.year, month: dt.month, day: dt.day };
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromPlain(plain(date).plus({ days }));
}

/** 0 = Sunday … 6 = Saturday, as chrono numbers weekdays. */
export function weekdayOf(date: LocalDate): number {
  return plain(date).weekday % 7;
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

export function isValidDate(date: LocalDate): boolean {
  return plain(date).isValid;
}

/** The first day on or after `from` that falls on `weekday` (0 = Sunday). */
export function nextWeekday(from: LocalDate, weekday: number): LocalDate {
  return addDays(from, (weekday - weekdayOf(from) + 7) % 7);
}

/**
 * The first date on or after `today` with this day of the month: "the 14th" said on the 20th
 * means next month's; "the 31st" skips months that lack one.
 */
export function nextDayOfMonth(today: LocalDate, day: number): LocalDate | undefined {
  for (let i = 0; i < 12; i++) {
    const month = ((today.month - 1 + i) % 12) + 1;
    const year = today.year + Math.floor((today.month - 1 + i) / 12);
    const candidate = { year, month, day };
    if (isValidDate(candidate) && compareDates(candidate, today) >= 0) return candidate;
  }
  return undefined;
}

/** A month and day without a year is the next one not in the past ("March 3" in December). */
export function nextMonthDay(today: LocalDate, month: number, day: number): LocalDate | undefined {
  for (let year = today.year; year <= today.year + 4; year++) {
    const candidate = { year, month, day };
    if (isValidDate(candidate) && compareDates(candidate, today) >= 0) return candidate;
  }
  return undefined;
}
