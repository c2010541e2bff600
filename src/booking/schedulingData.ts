/** Loads what the pure availability functions need, in a handful of indexed queries. */
import { and, eq, gt, inArray, isNull, lt, ne, notInArray, or, sql } from "drizzle-orm";
import type { Executor } from "../db/client";
import { availabilityRules, blockedPeriods, bookings, businesses, serviceStaff, services, staff } from "../db/schema";
import { type BookingPolicy, type Interval, type StaffSchedule, toExternalBusy } from "./availability";
import type { Business } from "./business";
import type { BusySource } from "./busySource";
import { NotFound } from "./errors";
import { DAY_MS, MINUTE_MS } from "./time";

export type Service = typeof services.$inferSelect;

export function policyOf(business: Business): BookingPolicy {
  return {
    timezone: business.timezone,
    slotIntervalMinutes: business.slotIntervalMinutes,
    bufferMinutes: business.bufferMinutes,
    minNoticeMinutes: business.minNoticeMinutes,
    maxAdvanceDays: business.maxAdvanceDays,
  };
}

export async function getService(ex: Executor, businessId: string, serviceId: string): Promise<Service> {
  const [row] = await ex
    .select()
    .from(services)
    .where(and(eq(services.id, serviceId), eq(services.businessId, businessId)));
  if (!row) throw new NotFound("service", serviceId);
  return row;
}

/** Active staff who offer the service, in a stable order (name, then id). */
export async function staffForService(ex: Executor, serviceId: string): Promise<string[]> {
  const rows = await ex
    .select({ id: staff.id })
    .from(serviceStaff)
    .innerJoin(staff, eq(staff.id, serviceStaff.staffId))
    .where(and(eq(serviceStaff.serviceId, serviceId), eq(staff.active, true)))
    .orderBy(staff.name, staff.id);
  return rows.map((r) => r.id);
}

export interface ScheduleOptions {
  businessId: string;
  staffIds: string[];
  from: Date;
  to: Date;
  now: Date;
  bufferMinutes: number;
  busySource: BusySource;
  /** A booking being moved does not block its own new time. */
  ignoreBookingId?: string;
}

/** Every listed staff member's rules and busy time around [from, to). */
export async function loadSchedules(ex: Executor, o: ScheduleOptions): Promise<StaffSchedule[]> {
  if (o.staffIds.length === 0) return [];
  // A booking starting up to a day before `from` (plus buffer) can still reach into the window.
  const reach = new Date(o.from.getTime() - DAY_MS - o.bufferMinutes * MINUTE_MS);
  const until = new Date(o.to.getTime() + DAY_MS);
  const [rules, blocked, taken, external] = await Promise.all([
    ex
      .select({ staffId: availabilityRules.staffId, weekday: availabilityRules.weekday, startMinute: availabilityRules.startMinute, endMinute: availabilityRules.endMinute })
      .from(availabilityRules)
      .where(inArray(availabilityRules.staffId, o.staffIds)),
    ex
      .select({ staffId: blockedPeriods.staffId, startAt: blockedPeriods.startAt, endAt: blockedPeriods.endAt })
      .from(blockedPeriods)
      .where(
        and(
          eq(blockedPeriods.businessId, o.businessId),
          or(isNull(blockedPeriods.staffId), inArray(blockedPeriods.staffId, o.staffIds)),
          lt(blockedPeriods.startAt, until),
          gt(blockedPeriods.endAt, reach),
        ),
      ),
    bookedIntervals(ex, o, reach, until),
    o.busySource.busy(ex, o.staffIds, reach, until),
  ]);

  return o.staffIds.map((staffId) => {
    const busy: Interval[] = [];
    for (const b of blocked) {
      if (b.staffId === null || b.staffId === staffId) busy.push({ start: b.startAt.getTime(), end: b.endAt.getTime() });
    }
    busy.push(...(taken.get(staffId) ?? []));
    for (const e of external.get(staffId) ?? []) busy.push(toExternalBusy(e, o.bufferMinutes));
    return {
      staffId,
      rules: rules.filter((r) => r.staffId === staffId).map(({ weekday, startMinute, endMinute }) => ({ weekday, startMinute, endMinute })),
      busy,
    };
  });
}

/**
 * Each staff member's booked time as merged intervals. PostgreSQL merges them (range_agg) and
 * sends one JSON row per staff member: thousands of bookings cost a few rows, not thousands.
 */
async function bookedIntervals(ex: Executor, o: ScheduleOptions, reach: Date, until: Date): Promise<Map<string, Interval[]>> {
  const result = await ex.execute(sql`
    select ${bookings.staffId} as staff_id,
      (select json_agg(json_build_array((extract(epoch from lower(r)) * 1000)::bigint, (extract(epoch from upper(r)) * 1000)::bigint))
         from unnest(range_agg(tstzrange(${bookings.startAt}, ${bookings.blockedUntil}, '[)'))) as r) as busy
    from ${bookings}
    where ${and(
      inArray(bookings.staffId, o.staffIds),
      gt(bookings.startAt, reach),
      lt(bookings.startAt, until),
      notInArray(bookings.status, ["cancelled", "expired"]),
      // A lapsed hold no longer holds its time, even before the job marks it expired.
      sql`not (${bookings.status} in ('held', 'pending_payment', 'pending_approval') and ${bookings.holdExpiresAt} <= ${o.now.toISOString()}::timestamptz)`,
      o.ignoreBookingId ? ne(bookings.id, o.ignoreBookingId) : undefined,
    )}
    group by ${bookings.staffId}`);
  // postgres.js answers an array of rows, PGlite an object with `rows`; JSON arrives parsed or as text.
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { staff_id: string; busy: unknown }[];
  const byStaff = new Map<string, Interval[]>();
  for (const row of rows) {
    const pairs = (typeof row.busy === "string" ? JSON.parse(row.busy) : (row.busy ?? [])) as [number | string, number | string][];
    byStaff.set(row.staff_id, pairs.map(([start, end]) => ({ start: Number(start), end: Number(end) })));
  }
  return byStaff;
}
