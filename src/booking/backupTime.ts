/**
 * A customer's backup time: a second start they would accept for their next booking, kept on the
 * booking so that when staff block its time (src/admin/staffActions.ts) it can be moved there at
 * once instead of asking. It is checked to be bookable when given, and again when it is used.
 */
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import type { Executor } from "../db/client";
import { bookings } from "../db/schema";
import type { Booking, BookingService } from "./bookingService";
import { UPCOMING_STATUSES } from "./lifecycle";
import { getService } from "./schedulingData";
import { type Business } from "./business";
import { type LocalDate, localDateOf, MINUTE_MS, zonedInstant } from "./time";

export type BackupOutcome =
  | { kind: "saved"; booking: Booking; backupStart: Date }
  | { kind: "no_booking" }
  /** The message named no time ("backup friday"): a backup must be one exact start. */
  | { kind: "needs_time"; booking: Booking }
  | { kind: "same_time"; booking: Booking }
  | { kind: "not_free"; booking: Booking; wanted: Date };

export interface BackupRequest {
  businessId: string;
  customerId: string;
  date: LocalDate | undefined;
  /** Minutes after local midnight. */
  minuteOfDay: number | undefined;
  now: Date;
}

/** Sets the backup time of the customer's next upcoming booking; a time alone means that booking's day. */
export async function setBackupTime(ex: Executor, bookingService: BookingService, business: Business, req: BackupRequest): Promise<BackupOutcome> {
  const [booking] = await ex
    .select()
    .from(bookings)
    .where(and(eq(bookings.businessId, req.businessId), eq(bookings.customerId, req.customerId), inArray(bookings.status, [...UPCOMING_STATUSES]), gt(bookings.startAt, req.now)))
    .orderBy(asc(bookings.startAt))
    .limit(1);
  if (!booking) return { kind: "no_booking" };
  if (req.minuteOfDay === undefined) return { kind: "needs_time", booking };

  const day = req.date ?? localDateOf(booking.startAt, business.timezone);
  const wanted = zonedInstant(day, req.minuteOfDay, business.timezone);
  if (wanted.getTime() === booking.startAt.getTime()) return { kind: "same_time", booking };

  const service = await getService(ex, business.id, booking.serviceId);
  const slots = await bookingService.slotsFor(ex, business, service, { from: wanted, to: new Date(wanted.getTime() + MINUTE_MS), ignoreBookingId: booking.id });
  if (!slots.some((s) => s.start.getTime() === wanted.getTime())) return { kind: "not_free", booking, wanted };

  await ex.update(bookings).set({ backupStartAt: wanted, updatedAt: req.now }).where(eq(bookings.id, booking.id));
  return { kind: "saved", booking, backupStart: wanted };
}
