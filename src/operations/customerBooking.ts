/**
 * A customer's own booking, as their manage link (/m/<token>) shows it: the booking the link names,
 * its business, service and staff, and — for a plan — every session of it. Also the one rule the
 * link adds to cancelling and moving: the customer acts only on what is still to come, as in the
 * chat, which offers only upcoming bookings to cancel or move.
 */
import { asc, eq, inArray } from "drizzle-orm";
import type { Booking } from "../booking/bookingService";
import { type Business, getBusiness } from "../booking/business";
import { type Service, getService } from "../booking/schedulingData";
import type { Executor } from "../db/client";
import { bookings, staff } from "../db/schema";

export interface CustomerBooking {
  business: Business;
  service: Service;
  /** The booking the link names. */
  booking: Booking;
  /** Every session of its plan by session number (cancelled ones too); the booking alone when it is no plan's. */
  sessions: Booking[];
  staffNames: Record<string, string>;
}

/** Why the customer can no longer cancel or move a booking themselves. */
export type Unchangeable = "cancelled" | "expired" | "completed" | "no_show" | "started";

/** The booking `bookingId` with its plan's sessions, or undefined when there is none. */
export async function loadCustomerBooking(ex: Executor, bookingId: string): Promise<CustomerBooking | undefined> {
  const [booking] = await ex.select().from(bookings).where(eq(bookings.id, bookingId));
  if (!booking) return undefined;
  const [business, service] = await Promise.all([getBusiness(ex, booking.businessId), getService(ex, booking.businessId, booking.serviceId)]);
  const sessions = booking.sessionGroupId
    ? await ex.select().from(bookings).where(eq(bookings.sessionGroupId, booking.sessionGroupId)).orderBy(asc(bookings.sessionNumber), asc(bookings.startAt))
    : [booking];
  const staffIds = [...new Set(sessions.map((s) => s.staffId))];
  const staffRows = await ex.select({ id: staff.id, name: staff.name }).from(staff).where(inArray(staff.id, staffIds));
  return { business, service, booking, sessions, staffNames: Object.fromEntries(staffRows.map((s) => [s.id, s.name])) };
}

/**
 * Why the customer may no longer cancel or move `booking` at `now`, or undefined when they may:
 * a booking is theirs to change until it starts, as long as it is still on (held, awaiting payment
 * or approval, confirmed). After that only staff change it.
 */
export function whyUnchangeable(booking: Pick<Booking, "status" | "startAt">, now: Date): Unchangeable | undefined {
  switch (booking.status) {
    case "cancelled":
    case "expired":
    case "completed":
    case "no_show":
      return booking.status;
  }
  return booking.startAt.getTime() <= now.getTime() ? "started" : undefined;
}
