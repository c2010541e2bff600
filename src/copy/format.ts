/**
 * How dates, prices, durations and numbered choices are written, in one place. English formats
 * for now (Luxon's and Intl's defaults); a second language passes its locale here.
 */
import { DateTime } from "luxon";
import { type LocalDate, formatClockTime } from "../booking/time";

/** An instant on the business's wall clock: "Tue 3 Mar, 10:00". */
export function formatWhen(iso: string, timezone: string): string {
  return DateTime.fromISO(iso, { zone: timezone }).toFormat("ccc d LLL, HH:mm");
}

/** An instant's wall-clock time only: "10:00". */
export function formatClock(iso: string, timezone: string): string {
  return DateTime.fromISO(iso, { zone: timezone }).toFormat("HH:mm");
}

/** A day, from an instant or a local date: "Tue 3 Mar". */
export function formatDay(day: string | LocalDate, timezone: string): string {
  return dateTimeOf(day, timezone).toFormat("ccc d LLL");
}

/** A day without its weekday, as the customer might write it: "3 Apr". */
export function formatDayMonth(day: string | LocalDate, timezone: string): string {
  return dateTimeOf(day, timezone).toFormat("d LLL");
}

function dateTimeOf(day: string | LocalDate, timezone: string): DateTime {
  return typeof day === "string" ? DateTime.fromISO(day, { zone: timezone }) : DateTime.fromObject(day, { zone: timezone });
}

/** Local opening hours, minutes after midnight: "09:00-12:00". */
export function formatHours(open: { startMinute: number; endMinute: number }): string {
  return `${formatClockTime(open.startMinute)}-${formatClockTime(open.endMinute)}`;
}

/** An amount of money in integer cents of a currency (ISO 4217 code). */
export interface Money {
  cents: number;
  currency: string;
}

export function formatPrice(cents: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(cents / 100);
}

/** 30 → "30 minutes", 120 → "2 hours", 1440 → "1 day". */
export function formatDuration(minutes: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (minutes > 0 && minutes % (24 * 60) === 0) return unit(minutes / (24 * 60), "day");
  if (minutes > 0 && minutes % 60 === 0) return unit(minutes / 60, "hour");
  return unit(minutes, "minute");
}

/** The contract's numbered choices: each on its own line, starting with its number and ")". */
export function numbered(lines: string[]): string {
  return lines.map((line, i) => `${i + 1}) ${line}`).join("\n");
}
