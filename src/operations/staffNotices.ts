/**
 * The business's notifications (staff_notices): what customers told the bot for staff, questions it
 * could not answer, and new, pending and cancelled bookings. Each is written once (its idempotency
 * key), in the transaction of what caused it; the console lists them and marks them read.
 */
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import type { BookingChange } from "../booking/bookingService";
import { type CustomerNoticeView, en } from "../copy";
import type { Executor } from "../db/client";
import { type StaffNoticeKind, bookings, businesses, customers, services, staff, staffNotices } from "../db/schema";

export interface NewStaffNotice {
  businessId: string;
  kind: StaffNoticeKind;
  customerId: string | null;
  bookingId: string | null;
  text: string;
  idempotencyKey: string;
  at: Date;
}

/** Writes the notice unless one with its key exists; returns its id when written now. */
export async function noteForStaff(ex: Executor, notice: NewStaffNotice): Promise<string | undefined> {
  const [row] = await ex
    .insert(staffNotices)
    .values({ businessId: notice.businessId, kind: notice.kind, customerId: notice.customerId, bookingId: notice.bookingId, text: notice.text, idempotencyKey: notice.idempotencyKey, createdAt: notice.at })
    .onConflictDoNothing()
    .returning({ id: staffNotices.id });
  return row?.id;
}

/** The customer's booking a notice is about: the next one not yet over (a "running late" may come after its start). */
export async function nextBookingOf(ex: Executor, customerId: string, now: Date) {
  const [row] = await ex
    .select({ id: bookings.id, start: bookings.startAt, staffName: staff.name, serviceName: services.name })
    .from(bookings)
    .innerJoin(staff, eq(staff.id, bookings.staffId))
    .innerJoin(services, eq(services.id, bookings.serviceId))
    .where(and(eq(bookings.customerId, customerId), inArray(bookings.status, ["confirmed", "pending_approval", "pending_payment", "held"]), gt(bookings.endAt, now)))
    .orderBy(asc(bookings.startAt))
    .limit(1);
  return row;
}

/** The booking core's hook: new, pending and cancelled bookings in the notifications, once each. */
export async function bookingNotices(ex: Executor, changes: BookingChange[]): Promise<void> {
  for (const change of changes) {
    const kind = staffNoticeOf(change);
    if (!kind) continue;
    const { booking } = change;
    const [about] = await ex
      .select({ timezone: businesses.timezone, serviceName: services.name, staffName: staff.name, customerName: customers.name, phone: customers.phone })
      .from(bookings)
      .innerJoin(businesses, eq(businesses.id, bookings.businessId))
      .innerJoin(services, eq(services.id, bookings.serviceId))
      .innerJoin(staff, eq(staff.id, bookings.staffId))
      .innerJoin(customers, eq(customers.id, bookings.customerId))
      .where(eq(bookings.id, booking.id));
    if (!about) continue;
    const text = en.bookingNotice(kind, { serviceName: about.serviceName, staffName: about.staffName, start: booking.startAt, timezone: about.timezone, customer: { name: about.customerName, phone: about.phone } });
    await noteForStaff(ex, { businessId: booking.businessId, kind, customerId: booking.customerId, bookingId: booking.id, text, idempotencyKey: `${kind}:${booking.id}`, at: change.at });
  }
}

/** What the business hears of a booking change, in its notifications and by email: one rule for both. */
export function staffNoticeOf(change: BookingChange): "new_booking" | "pending_approval" | "cancelled" | undefined {
  const { kind, booking, fromStatus } = change;
  if ((kind === "created" || kind === "confirmed" || kind === "revived") && booking.status === "confirmed") return "new_booking";
  if (kind === "created" && booking.status === "pending_approval") return "pending_approval";
  if (kind === "cancelled" && (fromStatus === "confirmed" || fromStatus === "pending_approval")) return "cancelled";
  return undefined;
}

export type { CustomerNoticeView };
