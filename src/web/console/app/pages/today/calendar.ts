/**
 * The calendar's arithmetic, pure and tested (test/web/todayCalendar.test.ts): weeks, the part of a
 * period that falls on a day, the hours outside a staff member's working hours, the hours the grid shows.
 * Dates are "YYYY-MM-DD" in the business's zone; times are minutes since local midnight, read off the
 * ISO strings the API sends with the business's offset.
 */
import { addDays, minuteOfDay } from "../../format";
import type { AvailabilityRule } from "./types";

/** Minutes [from, to) of one day. */
export interface Interval {
  from: number;
  to: number;
}

const DAY = 24 * 60;

/** A real calendar date written YYYY-MM-DD (not 2026-02-30). */
export function isIsoDate(value: string | null | undefined): value is string {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** 0 = Sunday … 6 = Saturday, as the availability rules count. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T12:00:00Z`).getUTCDay();
}

/** The Monday of the week `date` falls in (weeks start on Monday). */
export function weekStart(date: string): string {
  return addDays(date, -((weekdayOf(date) + 6) % 7));
}

/** The seven dates, Monday to Sunday, of the week `date` falls in. */
export function weekDays(date: string): string[] {
  const monday = weekStart(date);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** "March 2–8, 2026", "March 30 – April 5, 2026", "December 28, 2026 – January 3, 2027". */
export function weekTitle(date: string): string {
  const days = weekDays(date);
  const [first, last] = [days[0]!, days[6]!];
  const part = (d: string, options: Intl.DateTimeFormatOptions) => new Date(`${d}T12:00:00Z`).toLocaleDateString("en", { timeZone: "UTC", ...options });
  const [y1, m1] = [first.slice(0, 4), first.slice(5, 7)];
  const [y2, m2] = [last.slice(0, 4), last.slice(5, 7)];
  if (y1 !== y2) return `${part(first, { month: "long", day: "numeric", year: "numeric" })} – ${part(last, { month: "long", day: "numeric", year: "numeric" })}`;
  if (m1 !== m2) return `${part(first, { month: "long", day: "numeric" })} – ${part(last, { month: "long", day: "numeric" })}, ${y2}`;
  return `${part(first, { month: "long", day: "numeric" })}–${Number(last.slice(8, 10))}, ${y2}`;
}

/** "Tue 3" for a week column's heading. */
export function shortDay(date: string): string {
  // Put together by hand: browsers' own order for weekday + day varies ("3 Tue" in some).
  return `${new Date(`${date}T12:00:00Z`).toLocaleDateString("en", { timeZone: "UTC", weekday: "short" })} ${Number(date.slice(8, 10))}`;
}

/** The part of [start, end) (ISO with the business's offset) on `date`, in minutes; undefined when none. */
export function periodOnDay(period: { start: string; end: string }, date: string): Interval | undefined {
  const [startDate, endDate] = [period.start.slice(0, 10), period.end.slice(0, 10)];
  if (startDate > date || endDate < date) return undefined;
  const from = startDate < date ? 0 : minuteOfDay(period.start);
  const to = endDate > date ? DAY : minuteOfDay(period.end);
  return to > from ? { from, to } : undefined;
}

/** "09:30" → 570. */
function minutes(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

/** The working hours `rules` give for `weekday`, earliest first. */
export function hoursOn(rules: AvailabilityRule[], weekday: number): Interval[] {
  return rules
    .filter((r) => r.weekday === weekday)
    .map((r) => ({ from: minutes(r.start), to: minutes(r.end) }))
    .sort((a, b) => a.from - b.from);
}

/** The parts of [from, to) outside the working hours `rules` give for `weekday` (all of it on a day off). */
export function offHours(rules: AvailabilityRule[], weekday: number, from: number, to: number): Interval[] {
  const working = hoursOn(rules, weekday);
  const off: Interval[] = [];
  let cursor = from;
  for (const w of working) {
    if (w.from > cursor) off.push({ from: cursor, to: Math.min(w.from, to) });
    cursor = Math.max(cursor, w.to);
    if (cursor >= to) break;
  }
  if (cursor < to) off.push({ from: cursor, to });
  return off.filter((i) => i.to > i.from);
}

/** The working hours of `weekday` as "09:00–17:00", or undefined on a day off. */
export function hoursText(rules: AvailabilityRule[], weekday: number): string | undefined {
  const own = rules.filter((r) => r.weekday === weekday).sort((a, b) => minutes(a.start) - minutes(b.start));
  return own.length === 0 ? undefined : own.map((r) => `${r.start}–${r.end}`).join(", ");
}

/**
 * The hours the grid shows: 08:00–19:00 at least, widened to whole hours around everything in
 * `intervals` (bookings, working hours, blocked periods that start or end within the day).
 */
export function visibleRange(intervals: Interval[]): Interval {
  let from = 8 * 60;
  let to = 19 * 60;
  for (const i of intervals) {
    from = Math.min(from, Math.floor(i.from / 60) * 60);
    to = Math.max(to, Math.ceil(i.to / 60) * 60);
  }
  return { from: Math.max(0, from), to: Math.min(DAY, to) };
}

/** The part of a blocked period on `date` that should widen the grid: none when it covers the whole day. */
export function blockWidens(period: { start: string; end: string }, date: string): Interval | undefined {
  const on = periodOnDay(period, date);
  if (!on || (on.from === 0 && on.to === DAY)) return undefined;
  // A block running past midnight widens the grid to where it begins (or ends) that day, not to midnight.
  return on.from === 0 ? { from: on.to - 30, to: on.to } : on.to === DAY ? { from: on.from, to: on.from + 30 } : on;
}

const HOLDING = new Set(["held", "pending_payment", "pending_approval"]);

/**
 * A hold (or a wait for payment or approval) whose time ran out no longer keeps the slot, as the
 * scheduler counts it, whatever the status still says until the expiry job runs.
 */
export function isLapsedHold(booking: { status: string; holdExpiresAt: string | null }, nowMs: number): boolean {
  return HOLDING.has(booking.status) && booking.holdExpiresAt !== null && Date.parse(booking.holdExpiresAt) <= nowMs;
}

const LIVE = new Set(["held", "pending_payment", "pending_approval", "confirmed"]);

/** A live booking overlapping a period blocked for its staff member or the whole business. */
export function inBlockedTime(b: { status: string; staffId: string; start: string; end: string }, periods: { staffId: string | null; start: string; end: string }[]): boolean {
  if (!LIVE.has(b.status)) return false;
  const [start, end] = [Date.parse(b.start), Date.parse(b.end)];
  return periods.some((p) => (p.staffId === null || p.staffId === b.staffId) && Date.parse(p.start) < end && Date.parse(p.end) > start);
}
