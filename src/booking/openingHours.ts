/**
 * When the business is open on a day, as a front desk would say it: while at least one active
 * staff member works (their weekly rules), less the periods blocked for everyone (or, asked about
 * one staff member, for them). Bookings do not close anything: a fully booked day is still open.
 */
import { and, eq, gt, inArray, isNull, lt, or } from "drizzle-orm";
import type { Executor } from "../db/client";
import { availabilityRules, blockedPeriods, staff } from "../db/schema";
import { type Interval, mergeIntervals, workingIntervals } from "./availability";
import { DAY_MS, type LocalDate, localMinuteOfDay, zonedInstant } from "./time";

/** Local minutes since midnight, end exclusive (1440 for "until midnight"). */
export interface OpenRange {
  startMinute: number;
  endMinute: number;
}

/** The day's open ranges, earliest first; empty when closed. `staffId`: that staff member's working hours instead. */
export async function openingHours(ex: Executor, business: { id: string; timezone: string }, day: LocalDate, staffId?: string): Promise<OpenRange[]> {
  const dayStart = zonedInstant(day, 0, business.timezone);
  const dayEnd = new Date(dayStart.getTime() + DAY_MS + 2 * 3_600_000);
  const [rules, blocked] = await Promise.all([
    ex
      .select({ staffId: availabilityRules.staffId, weekday: availabilityRules.weekday, startMinute: availabilityRules.startMinute, endMinute: availabilityRules.endMinute })
      .from(availabilityRules)
      .innerJoin(staff, eq(staff.id, availabilityRules.staffId))
      .where(and(eq(staff.businessId, business.id), eq(staff.active, true), staffId ? eq(staff.id, staffId) : undefined)),
    ex
      .select({ startAt: blockedPeriods.startAt, endAt: blockedPeriods.endAt })
      .from(blockedPeriods)
      .where(
        and(
          eq(blockedPeriods.businessId, business.id),
          staffId ? or(isNull(blockedPeriods.staffId), eq(blockedPeriods.staffId, staffId)) : isNull(blockedPeriods.staffId),
          lt(blockedPeriods.startAt, dayEnd),
          gt(blockedPeriods.endAt, dayStart),
        ),
      ),
  ]);
  const byStaff = new Map<string, typeof rules>();
  for (const rule of rules) byStaff.set(rule.staffId, [...(byStaff.get(rule.staffId) ?? []), rule]);
  const working = mergeIntervals([...byStaff.values()].flatMap((r) => workingIntervals(r, [day], business.timezone)));
  const open = subtract(working, blocked.map((b) => ({ start: b.startAt.getTime(), end: b.endAt.getTime() })));
  const minuteOf = (t: number) => (t - dayStart.getTime() >= DAY_MS ? 24 * 60 : localMinuteOfDay(new Date(t), business.timezone));
  return open.map((i) => ({ startMinute: minuteOf(i.start), endMinute: minuteOf(i.end) }));
}

/** `from` with every interval of `remove` cut out. */
function subtract(from: Interval[], remove: Interval[]): Interval[] {
  let left = from;
  for (const cut of remove) {
    left = left.flatMap((i) => {
      if (cut.end <= i.start || cut.start >= i.end) return [i];
      return [...(cut.start > i.start ? [{ start: i.start, end: cut.start }] : []), ...(cut.end < i.end ? [{ start: cut.end, end: i.end }] : [])];
    });
  }
  return left;
}
