/**
 * The booking page's calendar: a service's free times, day by day, over a range of the business's
 * local days. An immediate plan offers only starts whose whole schedule finds free slots, by the
 * chat's own rule (BookingService.immediatePlanStarts places the later sessions as planSchedule does).
 */
import type { Slot } from "../booking/availability";
import type { Service } from "../booking/schedulingData";
import { type LocalDate, addLocalDays, compareLocalDates, localDateOf, toZonedIso, zonedInstant } from "../booking/time";
import type { BusinessContext } from "./context";

export interface FreeTimesByDay {
  timezone: string;
  /** Every local day of the range from today on ("YYYY-MM-DD"), each with its free times, earliest first (empty when none). */
  days: Record<string, { start: string; end: string }[]>;
}

/**
 * Free times of `service` on the local days from `from` to `to` (inclusive). Days before today (in
 * the business's zone) are left out: a range starting in the past starts today.
 */
export async function freeTimesByDay(ctx: BusinessContext, service: Service, range: { from: LocalDate; to: LocalDate }): Promise<FreeTimesByDay> {
  const tz = ctx.business.timezone;
  const today = localDateOf(ctx.clock.now(), tz);
  const first = compareLocalDates(range.from, today) < 0 ? today : range.from;
  const days: FreeTimesByDay["days"] = {};
  if (compareLocalDates(first, range.to) > 0) return { timezone: tz, days };
  for (let day = first; compareLocalDates(day, range.to) <= 0; day = addLocalDays(day, 1)) days[dateKey(day)] = [];
  const window = { from: zonedInstant(first, 0, tz), to: zonedInstant(addLocalDays(range.to, 1), 0, tz) };
  for (const slot of await freeSlots(ctx, service, window)) {
    days[dateKey(localDateOf(slot.start, tz))]?.push({ start: toZonedIso(slot.start, tz), end: toZonedIso(slot.end, tz) });
  }
  return { timezone: tz, days };
}

function freeSlots(ctx: BusinessContext, service: Service, window: { from: Date; to: Date }): Promise<Slot[]> {
  const { tx, business, bookingService } = ctx;
  if (service.strategy === "immediate" && (service.totalSessions ?? 1) > 1) return bookingService.immediatePlanStarts(tx, business, service, window);
  return bookingService.slotsFor(tx, business, service, window);
}

/** "2026-03-09" */
export function dateKey(day: LocalDate): string {
  return `${day.year}-${String(day.month).padStart(2, "0")}-${String(day.day).padStart(2, "0")}`;
}
