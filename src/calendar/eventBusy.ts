/** Which calendar events make a staff member busy, and when: pure. */
import { DateTime } from "luxon";
import type { CalendarEvent } from "./googleClient";

/**
 * Busy: not cancelled, not marked free (transparent), not declined by the calendar's owner, and
 * not an event Slotline wrote for one of its own bookings (that time is already a booking).
 * An all-day event blocks its whole local days in the business's zone.
 */
export function busyRange(event: CalendarEvent, timezone: string): { start: Date; end: Date } | undefined {
  if (event.status === "cancelled" || event.transparency === "transparent" || event.selfResponse === "declined" || event.slotlineBookingId) return undefined;
  if (event.start.date && event.end.date) {
    const start = DateTime.fromISO(event.start.date, { zone: timezone }).startOf("day");
    const end = DateTime.fromISO(event.end.date, { zone: timezone }).startOf("day");
    return end > start ? { start: start.toJSDate(), end: end.toJSDate() } : undefined;
  }
  if (!event.start.dateTime || !event.end.dateTime) return undefined;
  const start = new Date(event.start.dateTime);
  const end = new Date(event.end.dateTime);
  return end > start ? { start, end } : undefined;
}
