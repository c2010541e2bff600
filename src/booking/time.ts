/** Conversions between UTC instants and the business's wall clock. Luxon knows the tz database. */
import { DateTime } from "luxon";

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

export function localDateOf(instant: Date, timezone: string): LocalDate {
  const dt = DateTime.fromJSDate(instant, { zone: timezone });
  return { year: dt.year, month: dt.month, day: dt.day };
}

/** Minutes since local midnight of an instant, by the wall clock. */
export function localMinuteOfDay(instant: Date, timezone: string): number {
  const dt = DateTime.fromJSDate(instant, { zone: timezone });
  return dt.hour * 60 + dt.minute;
}

/**
 * The instant at which the wall clock shows `minuteOfDay` on `date`. A wall time that does not
 * exist (inside a spring-forward gap) moves forward to the first one that does; 24:00 is the next
 * local midnight.
 */
export function zonedInstant(date: LocalDate, minuteOfDay: number, timezone: string): Date {
  const key = `${timezone}|${date.year}|${date.month}|${date.day}|${minuteOfDay}`;
  let instant = zonedInstants.get(key);
  if (instant === undefined) {
    instant = zonedInstantUncached(date, minuteOfDay, timezone);
    // The answer never changes for a key; the bound only keeps a long-running process's memory flat.
    if (zonedInstants.size >= 100_000) zonedInstants.clear();
    zonedInstants.set(key, instant);
  }
  return new Date(instant);
}

/** Resolving a zone's offset is the slow part of availability; results are memoized per wall time. */
const zonedInstants = new Map<string, number>();

function zonedInstantUncached(date: LocalDate, minuteOfDay: number, timezone: string): number {
  const base = DateTime.fromObject({ year: date.year, month: date.month, day: date.day }, { zone: timezone });
  if (minuteOfDay >= 1440) return base.plus({ days: 1 }).startOf("day").toMillis();
  const hour = Math.floor(minuteOfDay / 60);
  const minute = minuteOfDay % 60;
  const dt = base.set({ hour, minute });
  // Inside a gap Luxon keeps the offset from before it, which overshoots the first existing wall
  // time by the wall time skipped; the clock change itself lies in (dt - skipped, dt].
  const skipped = Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute) - Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  if (skipped <= 0) return dt.toMillis();
  let before = dt.toMillis() - skipped;
  let after = dt.toMillis();
  while (after - before > 1) {
    const mid = Math.floor((before + after) / 2);
    if (dt.zone.offset(mid) === dt.offset) after = mid;
    else before = mid;
  }
  return after;
}

export function startOfLocalDay(date: LocalDate, timezone: string): Date {
  return DateTime.fromObject({ ...date }, { zone: timezone }).startOf("day").toJSDate();
}

/** Calendar arithmetic on a date alone needs no zone: plain UTC date maths, which is fast. */
export function addLocalDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

export function sameLocalDate(a: LocalDate, b: LocalDate): boolean {
  return compareLocalDates(a, b) === 0;
}

/** Calendar days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY_MS);
}

/** The same wall-clock time `days` later, across DST changes. */
export function sameLocalTimeDaysLater(instant: Date, days: number, timezone: string): Date {
  return DateTime.fromJSDate(instant, { zone: timezone }).plus({ days }).toJSDate();
}

/** "09:30" → 570; "24:00" → 1440. Returns undefined for anything else. */
export function parseClockTime(text: string): number | undefined {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  if (!match) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 1440 ? minutes : undefined;
}

export function formatClockTime(minuteOfDay: number): string {
  return `${String(Math.floor(minuteOfDay / 60)).padStart(2, "0")}:${String(minuteOfDay % 60).padStart(2, "0")}`;
}

/** ISO 8601 with the business's offset, as the API answers. */
export function toZonedIso(instant: Date, timezone: string): string {
  return DateTime.fromJSDate(instant, { zone: timezone }).toISO({ suppressMilliseconds: true })!;
}
