/**
 * Staff block a period (a day off, a closure): every live booking inside it is moved to the
 * backup time its customer gave, when that is free; the others are returned so their customers
 * can be asked to choose another time.
 */
import { and, gt, inArray, lt, eq } from "drizzle-orm";
import type { Booking } from "../booking/bookingService";
import { BookingError } from "../booking/errors";
import { UPCOMING_STATUSES } from "../booking/lifecycle";
import { blockedPeriods, bookings } from "../db/schema";
import type { OperationContext } from "./context";
import { rescheduleBooking } from "./rescheduleBooking";

export type BlockedBooking =
  | { outcome: "moved_to_backup"; booking: Booking; previousStart: Date }
  | { outcome: "asked_to_reschedule"; booking: Booking };

/**
 * Inserts the blocked period [start, end) (UTC instants) for one staff member, or the whole
 * business when `staffId` is null, and resolves the bookings inside it, soonest first.
 */
export async function blockPeriod(
  ctx: OperationContext,
  input: { businessId: string; staffId: string | null; start: Date; end: Date; reason: string | null },
): Promise<{ id: string; affected: BlockedBooking[] }> {
  const { tx } = ctx;
  const [period] = await tx
    .insert(blockedPeriods)
    .values({ businessId: input.businessId, staffId: input.staffId, startAt: input.start, endAt: input.end, reason: input.reason })
    .returning({ id: blockedPeriods.id });
  const inside = await tx
    .select()
    .from(bookings)
    .where(
      and(
        eq(bookings.businessId, input.businessId),
        inArray(bookings.status, [...UPCOMING_STATUSES]),
        lt(bookings.startAt, input.end),
        gt(bookings.endAt, input.start),
        input.staffId ? eq(bookings.staffId, input.staffId) : undefined,
      ),
    )
    .orderBy(bookings.startAt);
  const affected: BlockedBooking[] = [];
  for (const booking of inside) affected.push(await moveToBackup(ctx, booking));
  return { id: period!.id, affected };
}

async function moveToBackup(ctx: OperationContext, booking: Booking): Promise<BlockedBooking> {
  if (booking.backupStartAt) {
    try {
      return { outcome: "moved_to_backup", ...(await ctx.tx.transaction((sp) => rescheduleBooking({ ...ctx, tx: sp }, booking.id, booking.backupStartAt!))) };
    } catch (error) {
      // The backup time is taken or blocked too: the customer is asked instead.
      if (!(error instanceof BookingError)) throw error;
    }
  }
  return { outcome: "asked_to_reschedule", booking };
}
